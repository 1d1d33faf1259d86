//! macOS evaluators: one function per requirement, over
//! [`vigie_evidence::macos::MacosEvidence`], listed once in [`REGISTRY`].

use super::Check;

/// Every macOS check.
pub const CHECKS: &[Check] = &[];

/// Every macOS check, by part.
pub const REGISTRIES: &[&[Check]] = &[CHECKS];
