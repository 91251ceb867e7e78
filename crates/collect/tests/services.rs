//! Each family of collectors against a real AWS API emulator (moto server, one per test on a
//! free port): resources seeded through the SDK, scanned through the library, and the collected
//! facts checked one by one. Calls the emulator cannot answer are covered by replay tests in
//! `src/replay_tests.rs` and the collector modules, and listed in the README's emulator gaps.

#![allow(clippy::unwrap_used)]

mod support;

#[path = "services/network.rs"]
mod network;
#[path = "services/vuln.rs"]
mod vuln;

#[path = "services/data.rs"]
mod data;
#[path = "services/evidence_words.rs"]
mod evidence_words;
#[path = "services/governance.rs"]
mod governance;
#[path = "services/identity.rs"]
mod identity;
#[path = "services/infra.rs"]
mod infra;
#[path = "services/resilience.rs"]
mod resilience;
