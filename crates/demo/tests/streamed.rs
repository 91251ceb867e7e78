//! `maturity assess` reads a bundle file one account at a time, on every core
//! ([`maturity_assess::assess_path`]); it must give exactly the assessment made from the bundle
//! whole in memory ([`maturity_assess::assess`]), on the demo and on synthetic organizations
//! (accounts copied from the demo's members; 150 of them, in more than one batch).

use maturity_assess::{Answers, Assessment, Config, Exceptions, Settings, assess, assess_path};
use maturity_checks::{CHECKS, Finding, FindingStatus};
use maturity_demo::synthetic::{Shape, bundle};
use maturity_evidence::Bundle;
use maturity_model::Catalogs;

fn both_ways(name: &str, evidence: &Bundle, more_exceptions: &str) -> (Assessment, Assessment, Assessment) {
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let config = Config::default();
    let as_of = maturity_demo::as_of();
    let answers =
        Answers::parse("answers.toml", maturity_demo::ANSWERS_TOML, catalogs, config.answer_validity_days, as_of)
            .unwrap_or_else(|e| panic!("{e}"));
    let text = format!("{}\n{more_exceptions}", maturity_demo::EXCEPTIONS_TOML);
    let exceptions = Exceptions::parse("exceptions.toml", &text, catalogs, &maturity_checks::ids())
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings { catalogs, answers: &answers, exceptions: &exceptions, config: &config, as_of };
    let whole = assess(&settings, evidence);
    let dir = std::env::temp_dir().join(format!("maturity-streamed-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("evidence.json");
    std::fs::write(&path, serde_json::to_string_pretty(evidence).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let (kept, head) = assess_path(&path, &settings, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(head.scope, evidence.scope);
    let (scores_only, _) = assess_path(&path, &settings, false).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    (whole, kept, scores_only)
}

fn assert_same(name: &str, evidence: &Bundle, more_exceptions: &str) {
    let (whole, kept, scores_only) = both_ways(name, evidence, more_exceptions);
    assert!(!whole.findings.is_empty());
    assert!(kept == whole, "{name}: the assessment read account by account differs from the whole one");
    assert!(scores_only.findings.is_empty(), "{name}: findings kept though not asked for");
    assert!(Assessment { findings: whole.findings.clone(), ..scores_only } == whole, "{name}: the scores differ");
}

#[test]
fn the_demo_assesses_the_same_read_account_by_account() {
    let demo = Bundle::from_json("demo/evidence.json", maturity_demo::EVIDENCE_JSON).unwrap_or_else(|e| panic!("{e}"));
    assert_same("demo", &demo, "");
}

#[test]
fn a_synthetic_organization_assesses_the_same_read_account_by_account() {
    let synthetic = bundle(Shape { accounts: 150, regions: 2 }).unwrap_or_else(|e| panic!("{e}"));
    assert_same("synthetic", &synthetic, "");
}

/// An assessment that keeps no finding writes only the messages its reasons may quote
/// (`maturity_checks::Messages::Quoted`): when an exception covers the first failed finding of
/// the check a control quotes first, the next ones, beyond the first three of that account, are
/// quoted, and must have been written.
#[test]
fn messages_quoted_after_an_excepted_failure_are_the_same_read_account_by_account() {
    // Six regions: region and resource checks fail more than three times in an account.
    let synthetic = bundle(Shape { accounts: 70, regions: 6 }).unwrap_or_else(|e| panic!("{e}"));
    let (whole, _, _) = both_ways("probe", &synthetic, "");
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let failed = |check: &str| -> Vec<&Finding> {
        let findings = whole.findings.iter().map(|f| &f.finding);
        findings.filter(|f| f.check == check && f.status == FindingStatus::Fail).collect()
    };
    let exception = catalogs.aws_smm.controls.iter().find_map(|control| {
        let mut positions: Vec<usize> =
            control.checks.iter().filter_map(|c| CHECKS.iter().position(|k| k.meta().id == c)).collect();
        positions.sort_unstable();
        let first = positions.into_iter().map(|i| CHECKS[i].meta().id).find(|id| !failed(id).is_empty())?;
        let fails = failed(first);
        let at = &fails[0].location;
        let account = at.account_id.as_deref()?;
        let in_account = fails.iter().take_while(|f| f.location.account_id.as_deref() == Some(account)).count();
        let same_place = fails.iter().filter(|f| f.location == *at).count();
        (in_account > 3 && same_place == 1).then(|| {
            let mut scope = format!("check = \"{first}\"\naccount = \"{account}\"\n");
            for (field, value) in [("region", &at.region), ("resource", &at.resource)] {
                if let Some(value) = value {
                    scope.push_str(&format!("{field} = \"{value}\"\n"));
                }
            }
            format!("[[exception]]\n{scope}reason = \"r\"\nowner = \"o\"\nexpires = 2999-01-31\n")
        })
    });
    let exception = exception.unwrap_or_else(|| panic!("no control quotes first a failure that starts a run of four"));
    assert_same("excepted", &synthetic, &exception);
}

#[test]
fn a_bundle_with_an_account_that_is_not_one_gets_the_whole_file_error() {
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let config = Config::default();
    let (answers, exceptions) = (Answers::default(), Exceptions::default());
    let settings = Settings {
        catalogs,
        answers: &answers,
        exceptions: &exceptions,
        config: &config,
        as_of: maturity_demo::as_of(),
    };
    let text = maturity_demo::EVIDENCE_JSON.replacen("\"account_id\"", "\"acount_id\"", 1);
    let dir = std::env::temp_dir().join(format!("maturity-streamed-{}-broken", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("evidence.json");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let error = assess_path(&path, &settings, false).err().unwrap_or_else(|| panic!("assessed"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(error.to_string().contains("acount_id"), "{error}");
    assert!(error.line > 0, "{error:?}");
}
