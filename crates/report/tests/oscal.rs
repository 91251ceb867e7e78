//! The OSCAL documents: snapshots of what GRC tools will read, and validation of every document by
//! compliance-trestle and NIST's OSCAL JSON schemas (`validators/oscal.py`), including a check
//! that the validation refuses a broken document, so that it cannot pass by accident.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use maturity_report::oscal::{self, AWS_SMM_CATALOG_FILE, CSMM_CATALOG_FILE};
use serde_json::Value;
use support::catalogs;

/// Runs `tests/validators/oscal.py KIND FILES…` (compliance-trestle and NIST's schema): whether
/// it accepted every file, and what it said.
fn oscal_py(kind: &str, files: &[&Path]) -> (bool, String) {
    let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec![kind];
    args.extend(files.iter().map(String::as_str));
    let verdict = support::python::validate("oscal.py", &args);
    (verdict.code == 0, verdict.stdout + &verdict.stderr)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("not UTF-8: {e}"))
}

fn aws_smm_catalog() -> String {
    text(oscal::catalog::aws_smm(catalogs()).unwrap_or_else(|e| panic!("aws-smm catalog: {e}")))
}

fn csmm_catalog() -> String {
    text(oscal::catalog::csmm(catalogs()).unwrap_or_else(|e| panic!("csmm catalog: {e}")))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

/// Every control id of a catalog, through all its groups.
fn control_ids(catalog: &Value) -> BTreeSet<String> {
    fn walk(node: &Value, out: &mut BTreeSet<String>) {
        for control in node["controls"].as_array().into_iter().flatten() {
            out.insert(control["id"].as_str().unwrap_or_default().to_owned());
        }
        for group in node["groups"].as_array().into_iter().flatten() {
            walk(group, out);
        }
    }
    let mut ids = BTreeSet::new();
    walk(&catalog["catalog"], &mut ids);
    ids
}

/// Every `related` link of a catalog's controls, as (file, id).
fn crosswalk(catalog: &Value) -> Vec<(String, String)> {
    fn walk(node: &Value, out: &mut Vec<(String, String)>) {
        for control in node["controls"].as_array().into_iter().flatten() {
            for link in control["links"].as_array().into_iter().flatten().filter(|l| l["rel"] == "related") {
                let href = link["href"].as_str().unwrap_or_default();
                let (file, id) = href.split_once('#').unwrap_or((href, ""));
                out.push((file.to_owned(), id.to_owned()));
            }
        }
        for group in node["groups"].as_array().into_iter().flatten() {
            walk(group, out);
        }
    }
    let mut links = Vec::new();
    walk(&catalog["catalog"], &mut links);
    links
}

#[test]
fn aws_smm_catalog_snapshot() {
    insta::assert_snapshot!("aws-smm-v2.oscal.json", aws_smm_catalog());
}

#[test]
fn csmm_catalog_snapshot() {
    insta::assert_snapshot!("csmm-v2.oscal.json", csmm_catalog());
}

#[test]
fn catalogs_are_the_same_bytes_every_time() {
    assert_eq!(aws_smm_catalog(), aws_smm_catalog());
    assert_eq!(csmm_catalog(), csmm_catalog());
}

#[test]
fn catalogs_hold_every_control_and_objective() {
    let smm = control_ids(&json(&aws_smm_catalog()));
    assert_eq!(smm.len(), 74);
    let csmm = control_ids(&json(&csmm_catalog()));
    assert_eq!(csmm.len(), catalogs().csmm.objectives().count());
}

#[test]
fn crosswalk_links_point_at_controls_of_the_other_catalog_both_ways() {
    let smm = json(&aws_smm_catalog());
    let csmm = json(&csmm_catalog());
    let (smm_ids, csmm_ids) = (control_ids(&smm), control_ids(&csmm));
    let to_csmm = crosswalk(&smm);
    let to_smm = crosswalk(&csmm);
    assert!(!to_csmm.is_empty() && !to_smm.is_empty());
    for (file, id) in &to_csmm {
        assert_eq!(file, CSMM_CATALOG_FILE);
        assert!(csmm_ids.contains(id), "{id} is not an objective");
    }
    for (file, id) in &to_smm {
        assert_eq!(file, AWS_SMM_CATALOG_FILE);
        assert!(smm_ids.contains(id), "{id} is not a control");
    }
    // One link per (control, objective) pair, seen from either side.
    assert_eq!(to_csmm.len(), to_smm.len());
}

#[test]
fn catalogs_are_valid_oscal_for_trestle_and_nist_schema() {
    let dir = tempdir();
    let smm = write(dir.path(), AWS_SMM_CATALOG_FILE, &aws_smm_catalog());
    let csmm = write(dir.path(), CSMM_CATALOG_FILE, &csmm_catalog());
    let verdict = oscal_py("catalog", &[&smm, &csmm]);
    assert!(verdict.0, "{}", verdict.1);
    assert_eq!(verdict.1.lines().filter(|l| l.starts_with("ok: ")).count(), 2, "{}", verdict.1);
}

#[test]
fn the_validation_refuses_a_catalog_without_its_metadata() {
    let mut broken = json(&aws_smm_catalog());
    if let Some(catalog) = broken["catalog"].as_object_mut() {
        catalog.remove("metadata");
    }
    let dir = tempdir();
    let path = write(dir.path(), "broken.json", &broken.to_string());
    let verdict = oscal_py("catalog", &[&path]);
    assert!(!verdict.0, "{}", verdict.1);
    assert!(verdict.1.contains("compliance-trestle"), "trestle accepted it: {}", verdict.1);
    assert!(verdict.1.contains("NIST schema"), "the schema accepted it: {}", verdict.1);
    assert!(verdict.1.contains("metadata"), "{}", verdict.1);
}

fn assessment_results(assessment: &maturity_assess::Assessment) -> String {
    text(oscal::results::render(assessment, catalogs()).unwrap_or_else(|e| panic!("assessment results: {e}")))
}

/// The demo with text from AWS that a consumer must not take for markup, and a resource name
/// with a newline, which an OSCAL property value cannot hold.
fn hostile_demo() -> maturity_assess::Assessment {
    let mut assessment = support::demo();
    let finding = &mut assessment.findings[0].finding;
    finding.location.resource = Some(" bucket\nname <img src=x onerror=alert(1)> ".to_owned());
    finding.message = "Bucket [open](javascript:alert(1)) <script>alert(1)</script>\n".to_owned();
    assessment
}

/// Every `uuid` of the objects in `items`.
fn uuids(items: &Value) -> BTreeSet<String> {
    items.as_array().into_iter().flatten().filter_map(|i| i["uuid"].as_str()).map(str::to_owned).collect()
}

#[test]
fn assessment_results_snapshot_of_the_demo() {
    insta::assert_snapshot!("demo-assessment-results.oscal.json", assessment_results(&support::demo()));
}

#[test]
fn assessment_results_are_the_same_bytes_for_the_same_assessment() {
    assert_eq!(assessment_results(&support::demo()), assessment_results(&support::demo()));
}

#[test]
fn assessment_results_are_valid_oscal_for_trestle_and_nist_schema() {
    let dir = tempdir();
    write(dir.path(), AWS_SMM_CATALOG_FILE, &aws_smm_catalog());
    write(dir.path(), CSMM_CATALOG_FILE, &csmm_catalog());
    let demo = write(dir.path(), "assessment-results.oscal.json", &assessment_results(&support::demo()));
    let hostile = write(dir.path(), "hostile.oscal.json", &assessment_results(&hostile_demo()));
    let verdict = oscal_py("assessment-results", &[&demo, &hostile]);
    assert!(verdict.0, "{}", verdict.1);
    assert_eq!(verdict.1.lines().filter(|l| l.starts_with("ok: ")).count(), 2, "{}", verdict.1);
}

#[test]
fn the_validation_refuses_assessment_results_without_an_assessment_plan() {
    let mut broken = json(&assessment_results(&support::demo()));
    if let Some(results) = broken["assessment-results"].as_object_mut() {
        results.remove("import-ap");
    }
    let dir = tempdir();
    let path = write(dir.path(), "broken.json", &broken.to_string());
    let verdict = oscal_py("assessment-results", &[&path]);
    assert!(!verdict.0, "{}", verdict.1);
    assert!(verdict.1.contains("compliance-trestle"), "trestle accepted it: {}", verdict.1);
    assert!(verdict.1.contains("NIST schema"), "the schema accepted it: {}", verdict.1);
    assert!(verdict.1.contains("import-ap"), "{}", verdict.1);
}

#[test]
fn assessment_results_hold_every_finding_answer_control_objective_and_exception() {
    let assessment = support::demo();
    let doc = json(&assessment_results(&assessment));
    let result = &doc["assessment-results"]["results"][0];
    let observations = result["observations"].as_array().cloned().unwrap_or_default();
    let attestations: Vec<&Value> = observations.iter().filter(|o| o["types"][0] == "attestation").collect();
    assert_eq!(observations.len() - attestations.len(), assessment.findings.len());
    assert!(!attestations.is_empty());
    for attestation in &attestations {
        assert_eq!(attestation["methods"], serde_json::json!(["INTERVIEW"]), "{attestation}");
        assert!(attestation["origins"][0]["actors"][0]["type"] == "party", "{attestation}");
    }

    let findings = result["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), assessment.aws_smm.controls.len() + assessment.csmm.objectives.len());
    let observation_uuids = uuids(&result["observations"]);
    let risk_uuids = uuids(&result["risks"]);
    let mut statements = BTreeSet::new();
    for id in control_ids(&json(&aws_smm_catalog())).into_iter().chain(control_ids(&json(&csmm_catalog()))) {
        statements.insert(format!("{id}_smt"));
    }
    for finding in &findings {
        let target = &finding["target"];
        assert!(statements.contains(target["target-id"].as_str().unwrap_or_default()), "{target}");
        let ours = finding["props"].as_array().into_iter().flatten().find(|p| p["name"] == "status");
        let satisfied = matches!(ours.and_then(|p| p["value"].as_str()), Some("met" | "not_applicable"));
        assert_eq!(target["status"]["state"] == "satisfied", satisfied, "{finding}");
        for related in finding["related-observations"].as_array().into_iter().flatten() {
            assert!(observation_uuids.contains(related["observation-uuid"].as_str().unwrap_or_default()));
        }
        for related in finding["related-risks"].as_array().into_iter().flatten() {
            assert!(risk_uuids.contains(related["risk-uuid"].as_str().unwrap_or_default()));
        }
    }

    let risks = result["risks"].as_array().cloned().unwrap_or_default();
    let exceptions = &assessment.exceptions;
    assert_eq!(risks.len(), exceptions.applied.len() + exceptions.expired.len() + exceptions.unused.len());
    let applied = risks.iter().find(|r| r["status"] == "deviation-approved").cloned().unwrap_or_default();
    assert_eq!(applied["statement"], exceptions.applied[0].exception.reason.as_str());
    assert!(applied["deadline"].as_str().is_some_and(|d| d.ends_with("T23:59:59Z")), "{applied}");
    assert!(!applied["related-observations"].as_array().is_none_or(Vec::is_empty), "{applied}");

    let plan = doc["assessment-results"]["import-ap"]["href"].as_str().unwrap_or_default();
    let resources = uuids(&doc["assessment-results"]["back-matter"]["resources"]);
    assert!(plan.strip_prefix('#').is_some_and(|uuid| resources.contains(uuid)), "{plan}");

    // Every finding's observation names the API facts its check reads, each pointing to a
    // back-matter resource with the fact's API calls.
    let by_uuid: std::collections::BTreeMap<&str, &Value> = doc["assessment-results"]["back-matter"]["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (r["uuid"].as_str().unwrap_or_default(), r))
        .collect();
    for (observation, assessed) in observations.iter().zip(&assessment.findings) {
        let check = maturity_checks::check(&assessed.finding.check).map(|c| c.meta().reads).unwrap_or_default();
        let evidence = observation["relevant-evidence"].as_array().cloned().unwrap_or_default();
        let mut facts = Vec::new();
        for item in &evidence {
            let href = item["href"].as_str().unwrap_or_default();
            let resource = href.strip_prefix('#').and_then(|uuid| by_uuid.get(uuid)).copied().unwrap_or_default();
            let props = |name: &str| -> Vec<String> {
                let props = resource["props"].as_array().into_iter().flatten();
                props.filter(|p| p["name"] == name).filter_map(|p| p["value"].as_str()).map(str::to_owned).collect()
            };
            assert!(!props("api-call").is_empty(), "{href} names no API call: {resource}");
            let fact = props("fact").concat();
            assert!(item["description"].as_str().is_some_and(|d| d.starts_with(&format!("`{fact}` of "))), "{item}");
            facts.push(fact);
        }
        assert_eq!(facts, check, "{observation}");
    }
}

#[test]
fn text_from_aws_cannot_become_markup_or_break_a_property() {
    let doc = json(&assessment_results(&hostile_demo()));
    let observation = &doc["assessment-results"]["results"][0]["observations"][0];
    let description = observation["description"].as_str().unwrap_or_default();
    assert!(!description.contains('<'), "{description}");
    assert!(description.contains("\\[open\\](javascript"), "a link: {description}");
    let resource = observation["props"].as_array().into_iter().flatten().find(|p| p["name"] == "resource");
    assert_eq!(resource.map(|p| p["value"].clone()), Some(Value::from("bucket name <img src=x onerror=alert(1)>")));
}
