//! Scenarios: not applicable.

#[allow(unused_imports)]
use crate::support::*;
