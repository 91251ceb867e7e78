//! A stand-in for AWS at organization scale, for benchmarks of `maturity scan`.
//!
//! Real AWS cannot be asked for a 1,000-account organization on demand, and the emulator answers
//! one request at a time with no throttling. This simulator answers every call the collector makes
//! from a recording of a real scan of one account (made with [`record`] in front of the emulator),
//! for any number of synthetic accounts and every region, after a configurable latency, and
//! throttles like AWS: a token bucket per account and API. The collector does not know it is not
//! AWS: it signs its requests, and the simulator tells accounts apart by their access keys.

mod form;
pub mod forward;
pub mod org;
pub mod record;
pub mod recording;
pub mod refusal;
pub mod request;
pub mod serve;
pub mod signed;
pub mod stats;
pub mod throttle;
