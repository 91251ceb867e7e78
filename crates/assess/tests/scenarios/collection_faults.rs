//! Scenarios: collection faults.

#[allow(unused_imports)]
use crate::support::*;
