//! What the report tests share: the demo organization's assessment and the built-in catalogs.

#![allow(dead_code, reason = "each test file uses a different part")]

/// The moto starter of the collector's tests, shared as it is: the ASFF test imports findings
/// into the emulator's Security Hub.
#[path = "../../../collect/tests/support/moto.rs"]
#[allow(dead_code, unreachable_pub, reason = "written for the collector's tests, which use more of it, as `pub`")]
pub(crate) mod moto;
pub(crate) mod python;
pub(crate) mod synthetic;

use maturity_assess::Assessment;
use maturity_model::Catalogs;

pub(crate) fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"))
}

/// The demo organization (Northwind Analytics), as `maturity demo` assesses it.
pub(crate) fn demo() -> Assessment {
    maturity_demo::assessment().unwrap_or_else(|e| panic!("the demo does not assess: {e}"))
}

/// The HTML report of an assessment.
pub(crate) fn html(assessment: &Assessment) -> String {
    maturity_report::html::render(assessment, catalogs())
}
