//! Windows evaluators: one function per requirement, over
//! [`vigie_evidence::windows::WindowsEvidence`], listed once in [`REGISTRY`].

use super::Check;

/// Every Windows check.
pub const REGISTRY: &[Check] = &[];
