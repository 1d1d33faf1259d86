//! Tests for windows_security evaluators (recorded evidence and capture folders).

#[allow(unused_imports)]
use crate::common::*;
