//! Scenarios: csmm levels.

#[allow(unused_imports)]
use crate::support::*;
