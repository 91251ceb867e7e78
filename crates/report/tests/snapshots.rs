//! The Markdown, CSV, JSON, JUnit, OCSF and ASFF reports of the demo organization, as snapshots: a change to any
//! of them shows up in review as a diff of what people will read.

mod support;

use maturity_report::sorted_json::Sorted;
use maturity_report::{Format, render};
use support::{catalogs, demo};

fn text(format: Format) -> String {
    let bytes = render(format, &demo(), catalogs()).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{format:?} is not UTF-8: {e}"))
}

#[test]
fn markdown_of_the_demo() {
    insta::assert_snapshot!("demo.md", text(Format::Markdown));
}

#[test]
fn controls_csv_of_the_demo() {
    insta::assert_snapshot!("demo-controls.csv", text(Format::CsvControls));
}

#[test]
fn findings_csv_of_the_demo() {
    insta::assert_snapshot!("demo-findings.csv", text(Format::CsvFindings));
}

#[test]
fn json_of_the_demo() {
    insta::assert_snapshot!("demo.json", text(Format::Json));
}

#[test]
fn junit_of_the_demo() {
    insta::assert_snapshot!("demo.junit.xml", text(Format::Junit));
}

/// One line per OCSF event (its uid, compliance status, finding status and severity), then in
/// full the first event of each kind: the whole file is 1.8 MB, mostly the same words again.
#[test]
fn ocsf_of_the_demo() {
    let events = maturity_report::ocsf::events(&demo(), catalogs());
    let mut ids = String::new();
    let mut kinds = std::collections::BTreeMap::new();
    for event in &events {
        let kind = format!(
            "{} {} {} control={}",
            event["compliance"]["status"],
            event["status"],
            event["severity"],
            event["compliance"]["control"].is_string()
        );
        ids.push_str(&format!("{} {kind}\n", event["finding_info"]["uid"]));
        kinds.entry(kind).or_insert(event);
    }
    insta::assert_snapshot!("demo.ocsf-ids.txt", ids);
    // As `render` writes them: members in name order, whichever order serde_json keeps.
    let samples: Vec<serde_json::Value> = kinds.into_values().cloned().collect();
    let samples = serde_json::Value::Array(samples);
    insta::assert_snapshot!(
        "demo.ocsf-samples.json",
        serde_json::to_string_pretty(&Sorted(&samples)).unwrap_or_else(|e| panic!("{e}"))
    );
}

/// One line per ASFF finding (its id, account, region, compliance status and severity), then
/// the first import request in full.
#[test]
fn asff_of_the_demo() {
    let options = maturity_report::asff::Options::default();
    let findings = maturity_report::asff::findings(&demo(), catalogs(), &options);
    let ids: String = findings
        .iter()
        .map(|f| format!("{} {} {} {} {}\n", f.id, f.aws_account_id, f.region, f.compliance.status, f.severity.label))
        .collect();
    insta::assert_snapshot!("demo.asff-ids.txt", ids);
    let batches = maturity_report::asff::batches(&findings);
    // Typed findings: their members in the order of the struct, as `render` writes them.
    insta::assert_snapshot!(
        "demo.asff-first-request.json",
        serde_json::to_string_pretty(&batches.first()).unwrap_or_else(|e| panic!("{e}"))
    );
}

#[test]
fn csv_tables_have_one_row_per_control_and_per_finding() {
    let assessment = demo();
    let controls = render(Format::CsvControls, &assessment, catalogs()).unwrap_or_default();
    let mut reader = csv::Reader::from_reader(controls.as_slice());
    let headers = reader.headers().cloned().unwrap_or_default();
    assert_eq!(headers.iter().collect::<Vec<_>>(), maturity_report::csv::CONTROL_COLUMNS);
    assert_eq!(reader.records().filter(Result::is_ok).count(), 74);

    let findings = render(Format::CsvFindings, &assessment, catalogs()).unwrap_or_default();
    let mut reader = csv::Reader::from_reader(findings.as_slice());
    let headers = reader.headers().cloned().unwrap_or_default();
    assert_eq!(headers.iter().collect::<Vec<_>>(), maturity_report::csv::FINDING_COLUMNS);
    assert_eq!(reader.records().filter(Result::is_ok).count(), assessment.findings.len());
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let mut assessment = demo();
    let tricky = "bucket \"a\", with\nnewline";
    if let Some(first) = assessment.findings.first_mut() {
        first.finding.message = tricky.to_owned();
    }
    let findings = render(Format::CsvFindings, &assessment, catalogs()).unwrap_or_default();
    let mut reader = csv::Reader::from_reader(findings.as_slice());
    let first = reader.records().next().and_then(Result::ok).unwrap_or_default();
    assert_eq!(first.get(7), Some(tricky));
}

#[test]
fn json_round_trips_to_the_same_assessment() {
    let assessment = demo();
    let json = text(Format::Json);
    let back = maturity_assess::Assessment::from_json("assessment.json", &json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, assessment);
}

#[test]
fn write_all_writes_every_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let written =
        maturity_report::write_all(&dir.path().join("out"), &demo(), catalogs()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> =
        written.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "report.html",
            "report.md",
            "controls.csv",
            "findings.csv",
            "assessment.json",
            "assessment-results.oscal.json",
            "junit.xml",
            "findings.ocsf.jsonl",
            "findings.asff.jsonl",
        ]
    );
    for path in &written {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        assert!(size > 100, "{} is {size} bytes", path.display());
    }
}

#[test]
fn csv_cells_from_aws_never_run_as_formulas() {
    let mut assessment = demo();
    let finding = &mut assessment.findings[0].finding;
    finding.location.resource = Some("=HYPERLINK(\"http://attacker.example\",\"open\")".to_owned());
    finding.message = "@SUM(1+1)".to_owned();
    let bytes = render(Format::CsvFindings, &assessment, catalogs()).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
    let row = text.lines().nth(1).unwrap_or_else(|| panic!("no row"));
    assert!(row.contains(",\"'=HYPERLINK(\"\"http://attacker.example\"\",\"\"open\"\")\","), "{row}");
    assert!(row.ends_with(",'@SUM(1+1)"), "{row}");
}
