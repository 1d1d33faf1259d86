//! Tests for the users area.

#[allow(unused_imports)]
use crate::common::*;
