//! Tests for the network area.

#[allow(unused_imports)]
use crate::common::*;
