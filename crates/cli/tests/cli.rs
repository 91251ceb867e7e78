//! The `maturity` binary end to end: outputs, exit codes, and one-line errors for bad input.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{maturity, s, stderr, stdout};

const BUNDLE: &str = r#"{
  "schema_version": 1,
  "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
  "scope": {"accounts": ["111111111111"], "regions": ["eu-west-1"]},
  "accounts": [{
    "account_id": "111111111111",
    "global": {"iam_account_summary": {"ok": {"root_mfa_enabled": true, "root_access_keys_present": true}}},
    "regions": {"eu-west-1": {}}
  }]
}
"#;

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")))
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

/// Runs `assess` with one bad file and returns the single stderr line.
fn assess_error(extra: &[&str], dir: &Dir) -> String {
    let bundle = dir.write("bundle.json", BUNDLE);
    let mut args = vec!["assess", "--evidence", s(&bundle), "--as-of", "2026-11-20"];
    args.extend_from_slice(extra);
    let output = maturity(&args);
    assert_eq!(output.status.code(), Some(2), "stdout: {}\nstderr: {}", stdout(&output), stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "one line, got: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn catalog_aws_smm_json_lists_74_controls_with_the_documented_fields() {
    let output = maturity(&["catalog", "aws-smm", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let controls: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap_or_default();
    assert_eq!(controls.len(), 74);
    let root = controls.iter().find(|c| c["id"] == "root-protection").cloned().unwrap_or_default();
    let mut keys: Vec<&str> = root.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(keys, ["capability", "checks", "coverage", "evidence", "id", "name", "phase", "url"]);
    assert_eq!(root["phase"], 1);
    assert_eq!(root["checks"][0], "iam-root-account-protected");
    assert_eq!(root["evidence"], "automated");
    assert_eq!(root["coverage"], "every-account");
    let iac = controls.iter().find(|c| c["id"] == "infrastructure-as-code").cloned().unwrap_or_default();
    assert_eq!(iac["evidence"], "partly-automated");
    assert!(iac["checks_cannot_see"].as_str().is_some_and(|s| s.contains("Terraform")), "{iac}");
    let training = controls.iter().find(|c| c["id"] == "training-plan").cloned().unwrap_or_default();
    assert_eq!(training["evidence"], "attested");
}

#[test]
fn catalog_csmm_json_has_categories_levels_and_objectives() {
    let output = maturity(&["catalog", "csmm", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_str(&stdout(&output)).unwrap_or_default();
    let categories = doc["categories"].as_array().cloned().unwrap_or_default();
    assert_eq!(categories.len(), 12);
    let iam = categories.iter().find(|c| c["id"] == "iam").cloned().unwrap_or_default();
    assert_eq!(iam["domain"], "foundational");
    assert_eq!(iam["levels"].as_array().map(Vec::len), Some(5));
    let objective = &iam["levels"][2]["objectives"][0];
    for key in ["id", "statement", "quantifier", "evidence", "aws_smm"] {
        assert!(!objective[key].is_null(), "objective lacks {key}: {objective}");
    }
}

#[test]
fn catalog_oscal_writes_both_models_as_oscal_catalogs_and_refuses_the_checks() {
    for (which, controls) in [("aws-smm", "capability"), ("csmm", "domain")] {
        let output = maturity(&["catalog", which, "--format", "oscal"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        assert_eq!(doc["catalog"]["metadata"]["oscal-version"], "1.2.1", "{which}");
        assert_eq!(doc["catalog"]["groups"][0]["class"], controls, "{which}");
        assert_eq!(output.stdout, maturity(&["catalog", which, "--format", "oscal"]).stdout, "{which} is not stable");
    }
    let checks = maturity(&["catalog", "checks", "--format", "oscal"]);
    assert_eq!(checks.status.code(), Some(2));
    assert!(stderr(&checks).contains("`--format oscal` is for `aws-smm` and `csmm`"), "{}", stderr(&checks));
}

#[test]
fn catalog_tables_are_readable() {
    let output = maturity(&["catalog", "aws-smm"]);
    assert!(stdout(&output).contains("74 controls"), "{}", stdout(&output));
    let output = maturity(&["catalog", "csmm"]);
    assert!(stdout(&output).contains("12 categories"), "{}", stdout(&output));
}

#[test]
fn explain_shows_controls_objectives_categories_and_checks() {
    assert!(
        stdout(&maturity(&["explain", "imdsv2"]))
            .contains("Official page: https://maturitymodel.security.aws.dev/en/2.-foundational/imdsv2/")
    );
    assert!(stdout(&maturity(&["explain", "csmm.iam.3.1"])).contains("Quantifier:"));
    assert!(stdout(&maturity(&["explain", "iam"])).contains("Level 5 Efficient"));
    assert!(stdout(&maturity(&["explain", "iam-root-account-protected"])).contains("## Why it matters"));
    let unknown = maturity(&["explain", "no-such-thing"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).starts_with("error: `no-such-thing` is not"), "{}", stderr(&unknown));
}

#[test]
fn checks_say_which_facts_they_read_and_the_api_calls_behind_them() {
    let explained = stdout(&maturity(&["explain", "guardduty-detector-enabled"]));
    assert!(
        explained.contains(
            "  - region.guardduty_detectors: guardduty:ListDetectors, guardduty:GetDetector, guardduty:ListThreatIntelSets, guardduty:GetThreatIntelSet\n"
        ),
        "{explained}"
    );
    let federation = stdout(&maturity(&["explain", "iam-federation-in-use"]));
    assert!(federation.contains("also read other accounts: the management account's"), "{federation}");
    let output = maturity(&["catalog", "checks", "--format", "json"]);
    let checks: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let every = checks.as_array().cloned().unwrap_or_default();
    let across = every.iter().filter(|c| c["across_accounts"].is_string()).count();
    assert!((1..every.len() / 4).contains(&across), "{across} of {} checks read other accounts", every.len());
    assert!(!every.is_empty());
    for check in &every {
        let reads = check["reads"].as_array().cloned().unwrap_or_default();
        assert!(!reads.is_empty(), "{check}");
        assert!(reads.iter().all(|r| r["actions"].as_array().is_some_and(|a| !a.is_empty())), "{check}");
    }
}

#[test]
fn checks_say_which_alternative_outside_aws_an_answer_may_stand_for() {
    let output = maturity(&["catalog", "checks", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let checks: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let find = |id: &str| checks.as_array().and_then(|a| a.iter().find(|c| c["id"] == id)).cloned().unwrap_or_default();
    assert!(find("cloudformation-manages-workloads")["alternative"].as_str().is_some_and(|a| a.contains("Terraform")));
    assert!(find("ec2-no-risky-ports-open")["alternative"].is_null(), "configuration checks accept no alternative");
    let explained = stdout(&maturity(&["explain", "cloudformation-manages-workloads"]));
    assert!(explained.contains("Alternative outside AWS: Terraform"), "{explained}");
    let control = stdout(&maturity(&["explain", "infrastructure-as-code"]));
    assert!(control.contains("an attested answer may stand in for it: Terraform"), "{control}");
}

#[test]
fn questionnaire_template_is_a_valid_answers_file_before_and_after_filling_it() {
    let dir = Dir::new();
    let template = dir.path("answers.toml");
    let output = maturity(&["questionnaire", "--template", "--out", s(&template)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&template).unwrap_or_default();
    assert!(text.contains("# id = \"training-plan\""), "attested controls are listed");
    assert!(!text.contains("# id = \"root-protection\""), "automated controls are not");
    let bundle = dir.write("bundle.json", BUNDLE);
    let run = |answers: &Path| {
        maturity(&["assess", "--evidence", s(&bundle), "--answers", s(answers), "--as-of", "2026-11-20"])
    };
    assert!(run(&template).status.success(), "the untouched template parses");
    // Fill in the first entry the way a person would.
    let filled = text.replacen("# [[answer]]\n# id = \"", "[[answer]]\nid = \"", 1).replacen(
        "# answer = \"\"\n# evidence = \"\"\n# owner = \"\"\n# date = ",
        "answer = \"yes\"\nevidence = \"wiki\"\nowner = \"me\"\ndate = ",
        1,
    );
    let filled_path = dir.write("filled.toml", &filled);
    let output = run(&filled_path);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn assess_writes_json_and_prints_a_summary() {
    let dir = Dir::new();
    let bundle = dir.write("bundle.json", BUNDLE);
    let out = dir.path("assessment.json");
    let output = maturity(&["assess", "--evidence", s(&bundle), "--out", s(&out), "--as-of", "2026-11-20"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("AWS Security Maturity Model v2: organization at phase 0"), "{text}");
    assert!(text.contains("Identity & Access Management"), "{text}");
    assert!(text.contains("Roadmap:"), "{text}");
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default()).unwrap_or_default();
    assert_eq!(assessment["schema_version"], 1);
    let root = assessment["aws_smm"]["controls"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "root-protection").cloned());
    assert_eq!(root.map(|r| r["status"].clone()), Some(Value::from("not_met")));
}

#[test]
fn fail_below_phase_exits_1() {
    let dir = Dir::new();
    let bundle = dir.write("bundle.json", BUNDLE);
    let output = maturity(&["assess", "--evidence", s(&bundle), "--fail-below-phase", "1"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("below phase 1"));
}

#[test]
fn malformed_bundle_json_names_file_line_and_column() {
    let dir = Dir::new();
    let bad = dir.write("bad.json", "{\n  \"schema_version\": 1,\n  \"accounts\": [,]\n}\n");
    let output = maturity(&["assess", "--evidence", s(&bad)]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(err.starts_with(&format!("error: {}:3:", s(&bad))), "{err}");
}

#[test]
fn bundle_with_a_wrong_type_names_the_field() {
    let dir = Dir::new();
    let bad = dir.write("bad.json", &BUNDLE.replace("\"root_mfa_enabled\": true", "\"root_mfa_enabled\": 1"));
    let output = maturity(&["assess", "--evidence", s(&bad)]);
    let err = stderr(&output);
    assert!(err.contains(":7:") && err.contains("accounts[0].global.iam_account_summary.ok.root_mfa_enabled"), "{err}");
}

#[test]
fn bundle_from_the_future_is_refused() {
    let dir = Dir::new();
    let bad = dir.write("future.json", &BUNDLE.replace("\"schema_version\": 1", "\"schema_version\": 9"));
    let err = stderr(&maturity(&["assess", "--evidence", s(&bad)]));
    assert!(
        err.contains(&format!("{}: schema_version: written by a newer maturity (schema 9); upgrade", s(&bad))),
        "{err}"
    );
}

#[test]
fn missing_file_is_one_clear_line() {
    let err = stderr(&maturity(&["assess", "--evidence", "/nonexistent/bundle.json"]));
    assert!(err.starts_with("error: /nonexistent/bundle.json: cannot read"), "{err}");
}

#[test]
fn an_output_folder_that_does_not_exist_is_refused_before_assessing() {
    let dir = Dir::new();
    let out = dir.path("no-such-folder/assessment.json");
    let err = assess_error(&["--out", s(&out)], &dir);
    assert!(err.contains("there is no folder") && err.contains("no-such-folder"), "{err}");
}

#[test]
fn answers_errors_name_file_line_and_field() {
    let dir = Dir::new();
    let cases = [
        ("[[answer]]\nid = \"training-plan\"\nanswer = \"maybe\"\ndate = 2026-01-01\n", ":3:", "answer[0].answer"),
        ("[[answer]]\nid = \"no-such-control\"\nanswer = \"yes\"\ndate = 2026-01-01\n", ":2:", "answer[0].id"),
        ("[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\ndate = \"yesterday\"\n", ":4:", "answer[0].date"),
        (
            "[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\ndate = 2026-05-01\nexpires = 2026-01-01\n",
            ":5:",
            "answer[0].expires",
        ),
        (
            "[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\ndate = 2026-01-01\n[[answer]]\nid = \"training-plan\"\nanswer = \"no\"\ndate = 2026-01-01\n",
            ":6:",
            "answer[1].id",
        ),
        (
            "[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\ndate = 2026-01-01\ncolour = \"red\"\n",
            ":5:",
            "colour",
        ),
        ("[[answer]\n", ":1:", ""),
        // Dated after today (anywhere on Earth), and an owner given but blank.
        (
            "[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\ndate = 2999-01-01\n",
            ":4:",
            "answer[0].date: 2999-01-01 is after today",
        ),
        (
            "[[answer]]\nid = \"training-plan\"\nanswer = \"yes\"\nowner = \" \"\ndate = 2026-01-01\n",
            ":4:",
            "answer[0].owner: empty",
        ),
    ];
    for (text, line, field) in cases {
        let path = dir.write("answers.toml", text);
        let err = assess_error(&["--answers", s(&path)], &dir);
        assert!(err.contains(&format!("answers.toml{line}")), "{text}\n→ {err}");
        assert!(err.contains(field), "{text}\n→ {err}");
    }
}

#[test]
fn exceptions_errors_name_file_line_and_field() {
    let dir = Dir::new();
    let cases = [
        (
            "[[exception]]\ncheck = \"no-such-check\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n",
            ":2:",
            "exception[0].check",
        ),
        (
            "[[exception]]\ncontrol = \"nope\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n",
            ":2:",
            "exception[0].control",
        ),
        (
            "[[exception]]\naccount = \"1\"\ntag = \"novalue\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n",
            ":3:",
            "exception[0].tag",
        ),
        ("[[exception]]\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n", ":4:", "exception[0].check"),
        ("[[exception]]\naccount = \"1\"\nreason = \"r\"\nexpires = 2027-01-01\n", ":1:", "owner"),
        (
            "[[exception]]\naccount = \"1\"\nreason = \"r\"\nowner = \"\"\nexpires = 2027-01-01\n",
            ":4:",
            "exception[0].owner: empty",
        ),
    ];
    for (text, line, field) in cases {
        let path = dir.write("exceptions.toml", text);
        let err = assess_error(&["--exceptions", s(&path)], &dir);
        assert!(err.contains(&format!("exceptions.toml{line}")), "{text}\n→ {err}");
        assert!(err.contains(field), "{text}\n→ {err}");
    }
}

#[test]
fn config_errors_name_file_line_and_field() {
    let dir = Dir::new();
    let cases = [
        ("[csmm]\ntargets = { iam = 7 }\n", ":2:", "csmm.targets.iam"),
        ("[csmm]\ntargets = { identity = 3 }\n", ":2:", "csmm.targets.identity"),
        ("[thresholds]\nmost = 95\nextensive = 90\n", ":1:", "thresholds"),
        ("[csmm]\ndefault_target = \"three\"\n", ":2:", "csmm.default_target"),
    ];
    for (text, line, field) in cases {
        let path = dir.write("config.toml", text);
        let err = assess_error(&["--config", s(&path)], &dir);
        assert!(err.contains(&format!("config.toml{line}")), "{text}\n→ {err}");
        assert!(err.contains(field), "{text}\n→ {err}");
    }
}

#[test]
fn config_targets_change_the_gap() {
    let dir = Dir::new();
    let bundle = dir.write("bundle.json", BUNDLE);
    let config = dir.write("config.toml", "[csmm]\ndefault_target = 2\ntargets = { iam = 5 }\n");
    let out = dir.path("a.json");
    let output = maturity(&["assess", "--evidence", s(&bundle), "--config", s(&config), "--out", s(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default()).unwrap_or_default();
    let categories = assessment["csmm"]["categories"].as_array().cloned().unwrap_or_default();
    let target = |id: &str| categories.iter().find(|c| c["id"] == id).map(|c| c["target"].clone());
    assert_eq!(target("iam"), Some(Value::from(5)));
    assert_eq!(target("network"), Some(Value::from(2)));
}

#[test]
fn iam_policy_is_read_only_json() {
    let output = maturity(&["iam-policy"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let policy: Value = serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("JSON: {e}"));
    let actions = policy["Statement"][0]["Action"].as_array().cloned().unwrap_or_default();
    assert!(actions.iter().any(|a| a == "ec2:DescribeInstances"), "{policy}");
    let is_write = |a: &str| a.contains(":Put") || a.contains(":Create") || a == "sts:AssumeRole";
    assert!(!actions.iter().filter_map(Value::as_str).any(is_write), "{policy}");
}

#[test]
fn scan_refuses_org_without_a_role_before_touching_aws() {
    let dir = Dir::new();
    let out = dir.0.path().join("b.json");
    let output = maturity(&["scan", "--org", "--out", s(&out)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--role"), "{}", stderr(&output));
}

/// Runs `scan` with these arguments and returns its one-line usage error (exit 2, before any
/// call to AWS).
fn scan_usage_error(args: &[&str]) -> String {
    let dir = Dir::new();
    let out = dir.path("b.json");
    let mut all = vec!["scan", "--out", s(&out)];
    all.extend_from_slice(args);
    let output = maturity(&all);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
    assert!(!out.exists(), "{args:?}: no bundle is written");
    stderr(&output)
}

#[test]
fn scan_refuses_shards_it_cannot_scan_before_touching_aws() {
    let org = ["--org", "--role", "Auditor"];
    let err = scan_usage_error(&["--shard", "1/3"]);
    assert!(err.contains("--shard <K/N>") && err.contains("--org"), "a shard is a slice of an organization: {err}");
    let with_org = |shard: &str| scan_usage_error(&[&org[..], &["--shard", shard]].concat());
    let err = with_org("0/3");
    assert!(err.contains("`0/3`: shards are numbered from 1 (`1/3` to `3/3`)"), "{err}");
    assert!(err.contains("JOB_COMPLETION_INDEX") && err.contains("plus one"), "{err}");
    assert!(with_org("4/3").contains("`4/3`: there is no shard 4 of 3 (1 to 3)"), "{}", with_org("4/3"));
    assert!(with_org("x/y").contains("`x/y` is not a shard: expected K/N"), "{}", with_org("x/y"));
    assert!(with_org("1/0").contains("at least 1"), "{}", with_org("1/0"));
    let err = scan_usage_error(&[&org[..], &["--scan-id", "run-1"]].concat());
    assert!(err.contains("--scan-id <ID>") && err.contains("--shard"), "{err}");
}
