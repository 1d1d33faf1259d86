//! Tests for the packages area.

#[allow(unused_imports)]
use crate::common::*;
