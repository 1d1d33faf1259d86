//! Tests for windows_policy evaluators (recorded evidence and capture folders).

#[allow(unused_imports)]
use crate::common::*;
