//! Tests for macos evaluators (recorded evidence and capture folders).

#[allow(unused_imports)]
use crate::common::*;
