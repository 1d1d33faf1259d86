//! macOS evaluators: one function per requirement, over
//! [`vigie_evidence::macos::MacosEvidence`], listed once in [`REGISTRY`].

use super::Check;

/// Every macOS check.
pub const REGISTRY: &[Check] = &[];
