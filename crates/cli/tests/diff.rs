//! `maturity diff OLD NEW` on saved assessments: "no change" for a file against itself, the
//! changes of an edited copy in each format (HTML as one self-contained page), and one-line
//! errors naming the file for a missing or garbled one.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{maturity, ok_stdout, s};

/// The demo's assessment, and a copy whose first not-met control is met.
fn demo_and_changed_copy(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    ok_stdout(&["demo", "--out", s(dir)]);
    let old = dir.join("assessment.json");
    let text = std::fs::read_to_string(&old).unwrap_or_else(|e| panic!("read: {e}"));
    let mut assessment: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse: {e}"));
    let controls = assessment["aws_smm"]["controls"].as_array_mut().unwrap_or_else(|| panic!("no controls"));
    let control =
        controls.iter_mut().find(|c| c["status"] == "not_met").unwrap_or_else(|| panic!("no not-met control"));
    control["status"] = Value::from("met");
    let new = dir.join("changed.json");
    std::fs::write(&new, serde_json::to_string_pretty(&assessment).unwrap_or_default())
        .unwrap_or_else(|e| panic!("write: {e}"));
    (old, new)
}

#[test]
fn diff_of_a_file_with_itself_says_no_change_and_of_a_changed_copy_names_the_control() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (old, new) = demo_and_changed_copy(tmp.path());

    let same = ok_stdout(&["diff", s(&old), s(&old)]);
    assert!(same.contains("No change"), "{same}");

    let text = ok_stdout(&["diff", s(&old), s(&new)]);
    assert!(text.contains("not_met → met") && text.contains("better"), "{text}");

    let markdown = ok_stdout(&["diff", s(&old), s(&new), "--format", "markdown"]);
    assert!(markdown.starts_with("# What changed"), "{markdown}");

    let out = tmp.path().join("diff.json");
    ok_stdout(&["diff", s(&old), s(&new), "--format", "json", "--output", s(&out)]);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default())
        .unwrap_or_else(|e| panic!("diff JSON: {e}"));
    assert_eq!(json["controls"][0]["direction"], "better");
    assert_eq!(json["controls"][0]["before"], "not_met");
}

#[test]
fn diff_as_html_is_one_self_contained_page() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (old, new) = demo_and_changed_copy(tmp.path());
    let json: Value = serde_json::from_str(&ok_stdout(&["diff", s(&old), s(&new), "--format", "json"]))
        .unwrap_or_else(|e| panic!("diff JSON: {e}"));
    let control = json["controls"][0]["id"].as_str().unwrap_or_else(|| panic!("no control moved: {json}"));

    let out = tmp.path().join("diff.html");
    ok_stdout(&["diff", s(&old), s(&new), "--format", "html", "--output", s(&out)]);
    let page = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{}", &page[..page.len().min(200)]);
    assert!(page.ends_with("</html>\n"));
    // The report's stylesheet, inline, whole.
    let style = format!("<style>\n{}</style>", maturity_report::html::STYLE);
    assert!(page.contains(&style), "the stylesheet is not inline");
    assert!(maturity_report::html::STYLE.contains(".dir-better"), "the stylesheet lacks the diff's colours");
    // Nothing runs and nothing loads from elsewhere.
    for outside in ["<script", "<link", " src=", "url(", "http://", "https://", "@import"] {
        assert!(!page.contains(outside), "the page has {outside}");
    }
    // The control that moved, better, unlinked (its page is not in the file).
    let row = format!(r#"<tr data-moved="{control}"><td><code>{control}</code></td><td class="nw">not_met → met</td>"#);
    assert!(page.contains(&row), "no row for {control}: {page}");
    assert!(page.contains(r#"<span class="dir dir-better">better</span>"#));
    assert!(!page.contains(" href="), "a standalone diff links nowhere");
    assert!(!page.contains(maturity_report::diff::NO_CHANGE));

    // Standard output by default, the same page; a file against itself says no change.
    assert_eq!(ok_stdout(&["diff", s(&old), s(&new), "--format", "html"]), page);
    let same = ok_stdout(&["diff", s(&old), s(&old), "--format", "html"]);
    assert!(same.contains(&format!(r#"<p class="lead" id="no-change">{}</p>"#, maturity_report::diff::NO_CHANGE)));
}

#[test]
fn diff_names_a_missing_or_garbled_file_in_one_line_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (old, _) = demo_and_changed_copy(tmp.path());
    let missing = tmp.path().join("missing.json");
    let garbled = tmp.path().join("garbled.json");
    std::fs::write(&garbled, "{\"schema_version\": 1, \"tool\": ").unwrap_or_else(|e| panic!("write: {e}"));
    let not_an_assessment = tmp.path().join("evidence.json");

    for bad in [&missing, &garbled, &not_an_assessment] {
        for args in [["diff", s(&old), s(bad)], ["diff", s(bad), s(&old)]] {
            let output = maturity(&args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(s(bad)), "the error names the file: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(output.stdout.is_empty(), "nothing is printed on error");
        }
    }
}
