//! Checks turn an evidence bundle into findings: pass, fail, not applicable or inconclusive, per
//! organization, account, region or resource.
//!
//! Every check is pure (evidence in, findings out; no I/O, no shared state, no order), lives in
//! its own file under `rules/`, and is documented by its doc comment, which [`declare_check!`]
//! captures so that `maturity explain CHECK` shows it. The registry in [`rules`] lists them all.
//! Which AWS SMM control a check evidences is recorded once, in the catalog data of
//! `maturity-model` (control → checks), never here.
//!
//! A check never passes on evidence it could not read: a fact that is denied, unavailable, failed
//! or not collected gives an `inconclusive` finding that says why.

pub mod across;
mod finding;
mod macros;
pub mod rules;
mod shared;

pub mod by_account;

pub use finding::{Finding, FindingStatus, Findings, Location, Message, Messages};
pub use rules::CHECKS;

use maturity_evidence::Bundle;

/// The widest thing one finding of a check speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The organization as a whole.
    Organization,
    /// One account.
    Account,
    /// One region of one account.
    Region,
    /// One resource.
    Resource,
}

impl Scope {
    /// The scope's id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Scope::Organization => "organization",
            Scope::Account => "account",
            Scope::Region => "region",
            Scope::Resource => "resource",
        }
    }
}

/// What a check is, independent of any evidence.
#[derive(Debug)]
pub struct CheckMeta {
    /// Stable kebab-case id naming the desired state (`ec2-imdsv2-required`).
    pub id: &'static str,
    /// One sentence stating the desired state.
    pub title: &'static str,
    /// What one finding speaks about.
    pub scope: Scope,
    /// The check's doc comment: what passes and fails, why it matters, how to fix.
    pub doc: &'static str,
    /// What outside AWS can stand in for what this check finds missing (`Terraform, Pulumi or
    /// another infrastructure-as-code tool`), when something can. A valid attested answer for a
    /// control may then decide it in place of this check's failing or inconclusive findings. `None`
    /// for checks whose failures are configuration findings (an open port, a public bucket, an
    /// unencrypted volume), which no answer overrides.
    pub alternative: Option<&'static str>,
    /// Why the check's findings about one account also read other accounts' facts (the
    /// management account's, a delegated administrator's, or every account's), when they do;
    /// `None` when each account's findings rest on that account's facts and the organization's
    /// alone, so the check gives the same findings about an account evaluated on its own. The
    /// checks' tests hold this to what the check does on its fixtures.
    pub across_accounts: Option<&'static str>,
    /// The facts of the evidence bundle the check reads, as paths (`region.guardduty_detectors`,
    /// [`maturity_evidence::FactPath`]), with the API calls that gather them. The checks' tests
    /// hold the list to what the check really reads: denying any fact listed changes its
    /// findings on one of its fixtures, and denying any other fact changes nothing.
    pub reads: &'static [&'static str],
    /// The source file that declares the check (`file!()` where [`declare_check!`] is
    /// written): `crates/checks/src/rules/<id with '-' as '_'>.rs`, which a test holds to.
    pub file: &'static str,
}

/// Access to a check's [`CheckMeta`], implemented by [`declare_check!`].
pub trait Described {
    /// The check's metadata.
    fn meta(&self) -> &'static CheckMeta;
}

/// A check: a pure function from an evidence bundle to findings.
pub trait Check: Described + Sync {
    /// Adds this check's findings for `bundle` to `out`. Every check adds at least one finding
    /// (`not_applicable` when nothing is in scope).
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings);

    /// For a check that reads other accounts and is split into a summary of each account and a
    /// judgement knowing all of them ([`across`]): that split, which `maturity assess` runs
    /// instead of holding every account until the end.
    fn summarized(&self) -> Option<&dyn across::Summarized> {
        None
    }
}

/// The check with this id.
#[must_use]
pub fn check(id: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.meta().id == id)
}

/// The ids of every registered check, in registry order: what an exceptions file may name.
#[must_use]
pub fn ids() -> Vec<&'static str> {
    CHECKS.iter().map(|c| c.meta().id).collect()
}

/// Runs every registered check on a bundle.
#[must_use]
pub fn evaluate_all(bundle: &Bundle) -> Vec<Finding> {
    let mut findings = Vec::new();
    for check in CHECKS {
        findings.extend(run(*check, bundle));
    }
    findings
}

/// Runs one check on a bundle.
#[must_use]
pub fn run(check: &dyn Check, bundle: &Bundle) -> Vec<Finding> {
    let mut out = Findings::new(check.meta().id);
    check.evaluate(bundle, &mut out);
    if out.as_slice().is_empty() {
        return vec![nothing_in_scope(check)];
    }
    out.into_vec()
}

/// The finding of a check that found nothing in scope in the whole bundle.
#[must_use]
pub fn nothing_in_scope(check: &dyn Check) -> Finding {
    Finding {
        check: check.meta().id.into(),
        status: FindingStatus::NotApplicable,
        location: Location::organization(),
        tags: maturity_evidence::Tags::new(),
        message: "Nothing in this bundle is in scope for this check.".to_owned(),
    }
}

impl CheckMeta {
    /// The documentation as Markdown (the doc comment without its leading spaces).
    #[must_use]
    pub fn documentation(&self) -> String {
        let mut text = String::new();
        for line in self.doc.lines() {
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
            text.push('\n');
        }
        text.trim().to_owned()
    }
}
