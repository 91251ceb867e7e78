//! A saved assessment (`maturity report assessment.json`, `maturity diff OLD NEW`):
//! `Assessment::from_json`.
//!
//! Properties besides not panicking: an error is one located line naming the file; a parsed
//! assessment is of the version this build writes; and what `maturity assess --out` writes for it
//! (pretty JSON) reads back equal.

#![no_main]

use maturity_assess::{ASSESSMENT_SCHEMA_VERSION, Assessment};
use maturity_fuzz::{assert_located, text};

const FILE: &str = "assessment.json";

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = text(bytes);
    let assessment = match Assessment::from_json(FILE, &text) {
        Ok(assessment) => assessment,
        Err(error) => {
            assert_located(FILE, &text, &error);
            return;
        }
    };
    assert_eq!(assessment.schema_version, ASSESSMENT_SCHEMA_VERSION, "read another version");
    let written =
        serde_json::to_string_pretty(&assessment).unwrap_or_else(|e| panic!("cannot write the assessment: {e}"));
    match Assessment::from_json("written.json", &written) {
        Ok(again) => assert!(again == assessment, "the assessment reads back different:\n{written}"),
        Err(error) => panic!("the assessment as written does not read back: {error}\n{written}"),
    }
});
