//! The two maturity models that `maturity` measures against, compiled into the binary as data.
//!
//! - [`aws_smm`]: the AWS Security Maturity Model v2 (10 capabilities, 4 phases, 74 controls).
//! - [`csmm`]: the Cloud Security Maturity Model v2 (3 domains, 12 categories, 5 levels), broken
//!   into assessable objectives that name the AWS SMM controls evidencing them (the crosswalk).
//!
//! The data lives in TOML files under `data/` (one file per capability and per category), so
//! that people who are not Rust programmers can review it. Names, phases and levels are facts of
//! the published models; summaries, questions and objective statements are our own words, and
//! every control links to its official page.
//!
//! [`Catalogs::builtin`] parses and validates the files once; the validation rules (unique ids,
//! known capabilities, URL folders that match the phase, crosswalk references that exist) are in
//! [`validate`].

pub mod aws_smm;
mod builtin;
pub mod csmm;
pub mod questionnaire;
mod validate;

use std::sync::OnceLock;

pub use maturity_input::InputError;

/// The version of the catalogs compiled into this binary, e.g. `aws-smm-v2+csmm-v2@1f0c…`: the
/// models and a fingerprint of their data files, which changes with any edit to them.
#[must_use]
pub fn builtin_version() -> String {
    builtin::version()
}

/// Both catalogs, validated.
#[derive(Debug, Clone)]
pub struct Catalogs {
    /// The AWS Security Maturity Model v2.
    pub aws_smm: aws_smm::AwsSmm,
    /// The Cloud Security Maturity Model v2.
    pub csmm: csmm::Csmm,
}

impl Catalogs {
    /// The catalogs compiled into this binary, parsed and validated on first use.
    ///
    /// # Errors
    /// Returns every problem found in the built-in data files. The test suite keeps this list
    /// empty, so in a released binary this only fails if the data files were edited by hand.
    pub fn builtin() -> Result<&'static Catalogs, &'static [InputError]> {
        static CATALOGS: OnceLock<Result<Catalogs, Vec<InputError>>> = OnceLock::new();
        CATALOGS.get_or_init(builtin::load).as_ref().map_err(Vec::as_slice)
    }

    /// Looks up a control or an objective by id.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<Item<'_>> {
        if let Some(control) = self.aws_smm.control(id) {
            return Some(Item::Control(control));
        }
        if let Some(objective) = self.csmm.objective(id) {
            return Some(Item::Objective(objective));
        }
        self.csmm.category(id).map(Item::Category)
    }
}

/// Something in either catalog that has an id.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// An AWS SMM control.
    Control(&'a aws_smm::Control),
    /// A CSMM objective.
    Objective(&'a csmm::Objective),
    /// A CSMM category.
    Category(&'a csmm::Category),
}
