//! The dashboard (`maturity serve`): the saved assessments of a [`maturity_store::Store`] as web
//! pages, so a team can follow its progress in a browser rather than in terminal tables.
//!
//! Why a server when there is already an HTML report: the report is one assessment, frozen; the
//! dashboard reads the database, so it shows the trend over every saved assessment, the history of
//! each control, and the diff of any two, and it stays small however large the organization, since
//! findings are filtered on the server a page at a time instead of shipped whole.
//!
//! Pages are rendered on the server with maud (every value escaped) from the report crate's own
//! pieces (summary, AWS SMM grid, CSMM chart, roadmap, diff), so the dashboard and the report say
//! the same things the same way. No script runs, and the stylesheets are served by the app: it
//! works with no network.
//!
//! Pages, all GET:
//! - `/`: the newest assessment's headline scores, their trend as line charts, the saved list;
//! - `/assessments/{id}`: summary, AWS SMM grid, CSMM chart and objectives, every item linked;
//! - `/assessments/{id}/controls/{control}`: status, reasons, filtered findings, history;
//! - `/assessments/{id}/objectives/{objective}`: the same for a CSMM objective;
//! - `/assessments/{id}/roadmap` and `/diff?old=A&new=B` (the two newest by default).
//!
//! Who may read them is [`Access`]: nobody but this machine on a loopback address, an access token
//! ([`token`]) anywhere else.

mod access;
mod actor;
mod auth;
mod cache;
mod change;
mod csrf;
mod error;
mod layout;
mod pages;
mod routes;
mod server;
mod state;
pub mod token;
mod trend;

pub use access::Access;
pub use error::ServeError;
pub use server::{Options, Server};

/// Where `maturity serve` listens unless told otherwise: loopback, so nothing else can connect.
pub const DEFAULT_BIND: &str = "127.0.0.1:8480";
