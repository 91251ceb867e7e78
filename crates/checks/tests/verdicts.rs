//! Every check against its fixture bundles, one trial per check and verdict, named
//! `<id>::<verdict>` (`pass`, `fail`, `not_applicable`, `inconclusive`), so that a failure names
//! its check, does not hide the others, and `cargo test -p maturity-checks -- <id>::` runs only
//! that check's trials. The combined verdict of the findings must equal the fixture's name, and
//! the findings themselves are snapshotted (review them with `cargo insta review`).
//!
//! Fixtures are partial bundles completed by `maturity_evidence::testing` (see
//! `fixtures/README.md`). A check that always applies (an account-level control every account
//! has) has no `not_applicable` fixture: it is listed in [`NEVER_NOT_APPLICABLE`], and the
//! `fixtures::` trials keep that list and the fixture folders in step.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use maturity_checks::{CHECKS, Check, Finding, FindingStatus, Scope, run};
use maturity_evidence::testing::bundle_from_fixture;
use maturity_evidence::{Bundle, FactPath};

const VERDICTS: [FindingStatus; 4] =
    [FindingStatus::Pass, FindingStatus::Fail, FindingStatus::NotApplicable, FindingStatus::Inconclusive];

/// The checks that can never truthfully be not applicable: each judges something every account
/// or organization has (a bill, a root user, a security contact, an audit trail, sign-in, its
/// place in an organization), and an account without IAM users passes the IAM user checks
/// rather than being out of their scope. Their only not-applicable verdict would come from a
/// bundle with no account at all, which the registry's fallback, not the check, decides.
const NEVER_NOT_APPLICABLE: &[&str] = &[
    "account-security-contact-set",
    "billing-alarm-or-budget",
    "cloudtrail-multi-region-logging",
    "iam-federation-in-use",
    "iam-no-console-users",
    "iam-no-user-access-keys",
    "iam-root-account-protected",
    "org-multi-account-structure",
    "org-region-deny-policy",
    "s3-account-public-access-block",
];

fn main() {
    let arguments = Arguments::from_args();
    let mut trials = Vec::new();
    for check in CHECKS {
        let check: &'static dyn Check = *check;
        let id = check.meta().id;
        for verdict in expected_verdicts(id) {
            trials.push(Trial::test(format!("{id}::{}", verdict.id()), move || reaches(check, verdict)));
        }
    }
    for check in CHECKS {
        let check: &'static dyn Check = *check;
        trials.push(Trial::test(format!("{}::reads", check.meta().id), move || reads_what_it_declares(check)));
        trials.push(Trial::test(format!("{}::accounts", check.meta().id), move || {
            reads_other_accounts_only_if_declared(check)
        }));
        if check.meta().across_accounts.is_none() || check.summarized().is_some() {
            trials.push(Trial::test(format!("{}::by_account", check.meta().id), move || {
                evaluates_account_by_account(check)
            }));
        }
    }
    trials.push(Trial::test("fixtures::each_check_has_a_fixture_per_verdict", each_check_has_a_fixture_per_verdict));
    trials.push(Trial::test("fixtures::every_folder_and_snapshot_belongs_to_a_trial", every_file_belongs_to_a_trial));
    libtest_mimic::run(&arguments, trials).exit();
}

/// The verdicts a check has a fixture for.
fn expected_verdicts(id: &str) -> Vec<FindingStatus> {
    let never = NEVER_NOT_APPLICABLE.contains(&id);
    VERDICTS.into_iter().filter(|v| !(never && *v == FindingStatus::NotApplicable)).collect()
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_path(check: &str, verdict: FindingStatus) -> PathBuf {
    fixtures_dir().join(check).join(format!("{}.json", verdict.id()))
}

/// One trial: the check on its fixture for `verdict` reaches that verdict, with the findings of
/// its snapshot.
fn reaches(check: &dyn Check, verdict: FindingStatus) -> Result<(), Failed> {
    let id = check.meta().id;
    let path = fixture_path(id, verdict);
    let bundle = bundle_from_fixture(&path).map_err(|e| format!("{id}: {e}"))?;
    let findings = run(check, &bundle);
    let mut rendered = String::new();
    for f in &findings {
        let _ = writeln!(rendered, "{:<14} {:<40} {}", f.status.id(), f.location.to_string(), f.message);
    }
    insta::assert_snapshot!(format!("{id}__{}", verdict.id()), rendered);
    let combined = FindingStatus::combine(findings.iter().map(|f| f.status));
    if combined == verdict {
        Ok(())
    } else {
        Err(format!("{}: the findings combine to {combined}, not {verdict}", path.display()).into())
    }
}

/// The facts a check declares (`reads`) are the facts it reads: on its fixtures, denying a
/// declared fact wherever it holds a value changes the check's findings on at least one of
/// them, and denying any other fact changes them on none. A fact a check reads only on a path
/// its verdict fixtures do not take gets a fixture of its own that takes it,
/// `reads-<what it shows>.json` in the check's folder (read by this trial only).
fn reads_what_it_declares(check: &dyn Check) -> Result<(), Failed> {
    let meta = check.meta();
    let mut problems: Vec<String> =
        meta.reads.iter().filter(|p| FactPath::parse(p).is_none()).map(|p| format!("`{p}` is no fact")).collect();
    let fixtures = every_fixture(meta.id)?;
    let mut read = Vec::new();
    for fact in FactPath::all() {
        let path = fact.to_string();
        let changes = fixtures.iter().any(|bundle| {
            let mut denied = bundle.clone();
            denied.deny_values(&path, "test:DeniedOnPurpose");
            run(check, &denied) != run(check, bundle)
        });
        if changes {
            read.push(path);
        }
    }
    for path in &read {
        if !meta.reads.contains(&path.as_str()) {
            problems.push(format!("reads `{path}` but does not declare it"));
        }
    }
    for path in meta.reads {
        if FactPath::parse(path).is_some() && !read.iter().any(|r| r == path) {
            problems.push(format!("declares `{path}`, but denying it changes nothing on its fixtures"));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let quoted: Vec<String> = read.iter().map(|p| format!("\"{p}\"")).collect();
    Err(format!("{}: {}\nwhat it reads on its fixtures: reads: [{}],", meta.id, problems.join("; "), quoted.join(", "))
        .into())
}

/// The bundles of every fixture of a check: its verdicts', then its `reads-*.json` cases.
fn every_fixture(id: &str) -> Result<Vec<Bundle>, Failed> {
    let mut paths: Vec<PathBuf> = expected_verdicts(id).into_iter().map(|v| fixture_path(id, v)).collect();
    let folder = fixtures_dir().join(id);
    let mut cases: Vec<String> = names_in(&folder)?.into_iter().filter(|n| n.starts_with("reads-")).collect();
    cases.sort();
    paths.extend(cases.into_iter().map(|name| folder.join(name)));
    paths.iter().map(|path| bundle_from_fixture(path).map_err(|e| format!("{id}: {e}").into())).collect()
}

/// A check declares `across_accounts` exactly when its findings about an account read other
/// accounts, and is then split into summaries ([`maturity_checks::across`]): on some fixture, evaluating one account alone (the organization's facts and the
/// scan's scope kept, the other accounts left out) changes the findings about that account. An
/// organization-wide check (scope `Organization`) reads every account by nature and declares it.
fn reads_other_accounts_only_if_declared(check: &dyn Check) -> Result<(), Failed> {
    let meta = check.meta();
    let mut changed = Vec::new();
    for bundle in every_fixture(meta.id)? {
        let whole = run(check, &bundle);
        for account in &bundle.accounts {
            let id = Some(account.account_id.as_str());
            let about = |findings: Vec<Finding>| -> Vec<Finding> {
                findings.into_iter().filter(|f| f.location.account_id.as_deref() == id).collect()
            };
            let mut alone = bundle.clone();
            alone.accounts.retain(|a| a.account_id == account.account_id);
            if about(run(check, &alone)) != about(whole.clone()) {
                changed.push(account.label().to_string());
            }
        }
    }
    let organization_wide = meta.scope == Scope::Organization;
    if (meta.across_accounts.is_some() || organization_wide) && check.summarized().is_none() {
        return Err(format!(
            "{}: reads other accounts but is not split into a summary of each account and a judgement (implement `across::Summarize`), so `maturity assess` would have to hold every account until the end",
            meta.id
        )
        .into());
    }
    match (meta.across_accounts, changed.is_empty(), organization_wide) {
        (None, false, _) => Err(format!(
            "{}: the findings about {} change when the account is evaluated alone: declare `across_accounts` with the reason",
            meta.id,
            changed.join(", ")
        )
        .into()),
        (None, true, true) => Err(format!("{}: an organization-wide check declares `across_accounts`", meta.id).into()),
        (Some(_), true, false) => Err(format!(
            "{}: declares `across_accounts`, but every account's findings are the same evaluated alone on its fixtures",
            meta.id
        )
        .into()),
        _ => Ok(()),
    }
}

/// A check that does not read other accounts, or reads them through summaries
/// ([`maturity_checks::across`]), gives on every fixture, evaluated account by account and in
/// batches of two ([`maturity_checks::by_account`], as `maturity assess` does in batches),
/// exactly the findings it gives on the whole bundle, and each account's in the same order.
fn evaluates_account_by_account(check: &dyn Check) -> Result<(), Failed> {
    let id = check.meta().id;
    for bundle in every_fixture(id)? {
        let mut whole = maturity_checks::by_account::raw(check, &bundle);
        // The organization first, then the accounts in the bundle's order, then the others,
        // each one's findings in the order the check gave them.
        let position = |f: &Finding| match f.location.account_id.as_deref() {
            None => 0,
            Some(id) => 1 + bundle.accounts.iter().position(|a| a.account_id == id).unwrap_or(bundle.accounts.len()),
        };
        whole.sort_by_key(position);
        for size in [1, 2] {
            let pieced = maturity_checks::by_account::evaluate(check, &bundle, size);
            if whole == pieced {
                continue;
            }
            let show = |findings: &[Finding]| -> String {
                findings.iter().map(|f| format!("\n  {} {}: {}", f.status, f.location, f.message)).collect()
            };
            return Err(format!(
                "{id}: in batches of {size} accounts, the findings differ from the whole bundle's\nwhole:{}\nin batches:{}",
                show(&whole),
                show(&pieced)
            )
            .into());
        }
    }
    Ok(())
}

/// Every check has its fixtures, and a check of [`NEVER_NOT_APPLICABLE`] has none for
/// not applicable.
fn each_check_has_a_fixture_per_verdict() -> Result<(), Failed> {
    let ids: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    let mut problems: Vec<String> =
        NEVER_NOT_APPLICABLE.iter().filter(|id| !ids.contains(id)).map(|id| format!("{id}: no such check")).collect();
    for id in ids {
        let expected = expected_verdicts(id);
        for verdict in VERDICTS {
            match (fixture_path(id, verdict).is_file(), expected.contains(&verdict)) {
                (false, true) => problems.push(format!("{id}: no {} fixture", verdict.id())),
                (true, false) => problems
                    .push(format!("{id}: has a {} fixture, but it is listed in NEVER_NOT_APPLICABLE", verdict.id())),
                _ => {}
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

/// No fixture folder or snapshot is left over from a check or verdict that has no trial.
fn every_file_belongs_to_a_trial() -> Result<(), Failed> {
    let trials: Vec<String> = CHECKS
        .iter()
        .flat_map(|c| expected_verdicts(c.meta().id).into_iter().map(|v| format!("{}__{}", c.meta().id, v.id())))
        .collect();
    let mut problems = Vec::new();
    for folder in names_in(&fixtures_dir())? {
        if folder != "README.md" && !CHECKS.iter().any(|c| c.meta().id == folder) {
            problems.push(format!("fixtures/{folder}: no check has this id"));
        }
    }
    let snapshots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for name in names_in(&snapshots)?.into_iter().filter(|n| !n.ends_with(".new")) {
        let trial = name.strip_prefix("verdicts__").and_then(|n| n.strip_suffix(".snap"));
        if !trial.is_some_and(|t| trials.iter().any(|known| known == t)) {
            problems.push(format!("snapshots/{name}: no trial writes it"));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

fn names_in(dir: &Path) -> Result<Vec<String>, Failed> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
}
