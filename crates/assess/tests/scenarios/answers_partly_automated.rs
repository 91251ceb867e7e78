//! Scenarios: answers partly automated.

#[allow(unused_imports)]
use crate::support::*;
