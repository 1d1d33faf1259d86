//! Tests for the browsers area.

#[allow(unused_imports)]
use crate::common::*;
