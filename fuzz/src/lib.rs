//! What the fuzz targets share: the arguments the parsers take besides the text, and the checks
//! every rejected input must pass.
//!
//! Each target in `fuzz_targets/` feeds libFuzzer's bytes to one parser of user files and fails
//! (panics, which libFuzzer reports as a crash with the input) when the parser panics, when an
//! error does not say which file it is about, or when a parsed value breaks a property the
//! parser's documentation promises (most often: what the tool writes back reads back the same).
//!
//! Bytes that are not UTF-8 are decoded lossily (each bad sequence becomes U+FFFD) for the parsers
//! that take `&str`: every input then reaches the parser, and the fuzzer does not spend its time
//! on inputs a caller could never pass. The bundle target also hands the raw bytes to
//! `Bundle::from_path`, which reads them from disk itself.

use std::sync::OnceLock;

use maturity_input::InputError;
use maturity_model::Catalogs;

/// The text a parser that takes `&str` is given for these bytes (see the module documentation).
#[must_use]
pub fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// The built-in catalogs, as the tool loads them.
///
/// # Panics
/// When the built-in catalogs are invalid, which the test suite rules out.
#[must_use]
pub fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|problems| panic!("the built-in catalogs are invalid: {problems:?}"))
}

/// The ids of the registered checks: what an exceptions file may name.
#[must_use]
pub fn known_checks() -> &'static [&'static str] {
    static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    IDS.get_or_init(maturity_checks::ids)
}

/// Checks that an error is one located line about `file`, as every error of a parser of user
/// files must be: it names the file, its line is one of the text's lines (or 0 for the file as a
/// whole; parsers that reach the end of the text may point just past its last line), and its
/// message fits on one line.
///
/// # Panics
/// When the error breaks one of these rules.
pub fn assert_located(file: &str, text: &str, error: &InputError) {
    let shown = error.to_string();
    assert_eq!(error.file, file, "the error names another file: {shown}");
    assert!(shown.starts_with(file), "the error does not start with the file name: {shown}");
    assert!(!shown.contains('\n') && !shown.contains('\r'), "the error spans several lines: {shown:?}");
    assert!(!error.message.trim().is_empty(), "the error says nothing: {shown}");
    let lines = text.matches('\n').count() + 1;
    assert!(error.line <= lines, "the error points at line {} of a text of {lines} lines: {shown}", error.line);
    if error.line == 0 {
        assert_eq!(error.column, 0, "the error has a column but no line: {shown}");
    }
}
