//! Tests for the desktop area.

#[allow(unused_imports)]
use crate::common::*;
