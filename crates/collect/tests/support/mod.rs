//! Test support: a moto server per test, and SDK clients to seed it (write operations live in
//! tests only).

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

pub mod binary;
pub mod faults;
pub mod moto;
pub mod scan;
pub mod seed;
