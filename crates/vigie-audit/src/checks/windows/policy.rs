//! Windows evaluators over [`vigie_evidence::windows::policy`].

use crate::checks::Check;

/// The checks of this part.
pub const CHECKS: &[Check] = &[];
