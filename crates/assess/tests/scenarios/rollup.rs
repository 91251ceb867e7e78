//! Scenarios: rollup.

#[allow(unused_imports)]
use crate::support::*;
