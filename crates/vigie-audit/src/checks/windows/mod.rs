//! Windows evaluators: one function per requirement, over
//! [`vigie_evidence::windows::WindowsEvidence`], listed once in [`REGISTRY`].

use super::Check;

pub mod policy;
pub mod security;

/// Every Windows check, by part.
pub const REGISTRIES: &[&[Check]] = &[policy::CHECKS, security::CHECKS];
