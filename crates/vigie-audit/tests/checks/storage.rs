//! Tests for the storage area.

#[allow(unused_imports)]
use crate::common::*;
