//! Scenarios: organization scope.

#[allow(unused_imports)]
use crate::support::*;
