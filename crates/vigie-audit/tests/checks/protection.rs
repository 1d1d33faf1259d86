//! Tests for the protection area.

#[allow(unused_imports)]
use crate::common::*;
