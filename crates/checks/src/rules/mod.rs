//! The registry: every check, one line each, sorted by id.
//!
//! Adding a check: write `rules/<id_with_underscores>.rs` with [`declare_check!`](crate::declare_check)
//! and an `impl Check`, add its `mod` line and its line in [`CHECKS`], add its four fixtures under
//! `tests/fixtures/<id>/` (`pass`, `fail`, `not_applicable`, `inconclusive`), and name it in the
//! `checks` list of its control in the catalog data (`crates/model/data/aws-smm-v2/`).

mod iam_root_account_protected;

use crate::Check;

/// Every registered check, sorted by id.
pub static CHECKS: &[&dyn Check] = &[
    &iam_root_account_protected::IamRootAccountProtected,
];
