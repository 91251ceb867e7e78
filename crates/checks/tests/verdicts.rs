//! Every check against its four fixture bundles: `pass`, `fail`, `not_applicable` and
//! `inconclusive`. The combined verdict of the findings must equal the fixture's name, and the
//! findings themselves are snapshotted (review them with `cargo insta review`).

use std::fmt::Write as _;
use std::path::PathBuf;

use maturity_checks::{CHECKS, FindingStatus, run};
use maturity_evidence::Bundle;

const VERDICTS: [FindingStatus; 4] =
    [FindingStatus::Pass, FindingStatus::Fail, FindingStatus::NotApplicable, FindingStatus::Inconclusive];

fn fixture_path(check: &str, verdict: FindingStatus) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(check).join(format!("{}.json", verdict.id()))
}

#[test]
fn every_check_reaches_each_verdict_on_its_fixture() {
    let mut problems = Vec::new();
    for check in CHECKS {
        let id = check.meta().id;
        for verdict in VERDICTS {
            let path = fixture_path(id, verdict);
            let bundle = match Bundle::from_path(&path) {
                Ok(bundle) => bundle,
                Err(e) => {
                    problems.push(format!("{id}: {e}"));
                    continue;
                }
            };
            let findings = run(*check, &bundle);
            let combined = FindingStatus::combine(findings.iter().map(|f| f.status));
            if combined != verdict {
                problems.push(format!("{id}: {} gives {combined}, not {verdict}", path.display()));
            }
            let mut rendered = String::new();
            for f in &findings {
                let _ = writeln!(rendered, "{:<14} {:<40} {}", f.status.id(), f.location.to_string(), f.message);
            }
            insta::assert_snapshot!(format!("{id}__{}", verdict.id()), rendered);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
