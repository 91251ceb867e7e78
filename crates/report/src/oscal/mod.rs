//! OSCAL, NIST's Open Security Controls Assessment Language: both models as OSCAL catalogs
//! ([`catalog`]), and an assessment as OSCAL assessment results ([`results`]), for GRC tools that
//! import OSCAL instead of reading our own JSON.
//!
//! - **Version.** Documents declare OSCAL [`OSCAL_VERSION`], the newest version that
//!   compliance-trestle 5.2 (IBM's OSCAL library, which the tests load every document with)
//!   accepts; the tests also validate them against NIST's OSCAL JSON schemas.
//! - **Our own words for our own data.** What OSCAL has no field for (a phase, a level, our
//!   statuses, the account of a finding) is a property in our namespace, [`NAMESPACE`].
//! - **Stable.** The same catalog or assessment gives the same bytes: UUIDs are version 5 UUIDs of
//!   ids ([`uuid`]), and dates come from the data (the catalog data's date, the evidence's
//!   collection time), never from the clock.

pub mod catalog;
mod facts;
mod model;
mod observations;
mod parties;
pub mod results;
mod risks;
mod text;
mod time;
mod uuid;

use serde::Serialize;

use crate::ReportError;

/// The OSCAL version the documents declare.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of our properties (`ns` of every property OSCAL does not define itself): a URI
/// that names `maturity`, not a page to fetch.
pub const NAMESPACE: &str = "https://example.invalid/maturity/ns/oscal";

/// The file name the crosswalk links of the CSMM catalog give the AWS SMM catalog: write
/// `maturity catalog aws-smm --format oscal` to it, beside the CSMM catalog.
pub const AWS_SMM_CATALOG_FILE: &str = "aws-smm-v2.oscal.json";

/// The file name the crosswalk links of the AWS SMM catalog give the CSMM catalog.
pub const CSMM_CATALOG_FILE: &str = "csmm-v2.oscal.json";

/// A document as pretty-printed JSON ending with a newline.
fn to_json(document: &impl Serialize) -> Result<Vec<u8>, ReportError> {
    let mut bytes = serde_json::to_vec_pretty(document)?;
    bytes.push(b'\n');
    Ok(bytes)
}
