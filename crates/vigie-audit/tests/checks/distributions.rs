//! Tests for the distributions area.

#[allow(unused_imports)]
use crate::common::*;
