//! Scenarios: check criteria.

#[allow(unused_imports)]
use crate::support::*;
