//! Reading the files people and tools hand to `maturity`: catalogs, evidence bundles, answers,
//! exceptions and configuration.
//!
//! Every file is deserialized through [`serde_path_to_error`] so that a bad value is reported with
//! the file, the line, the column and the dotted path of the field, in one line:
//!
//! ```text
//! answers.toml:12:10: answer[3].answer: unknown variant `maybe`, expected one of `yes`, `partial`, `no`, `n-a`
//! ```
//!
//! Semantic checks that run after deserialization (an unknown control id, an expiry before its
//! date) use [`InputError::at_span`] with the span of a [`toml::Spanned`] value so that they point
//! at the same place a person would edit.
//!
//! The files `maturity` writes are read again as inputs (a saved assessment, a merged bundle, a
//! questionnaire filled in), so writing them whole lives here too: [`write_atomically`] and
//! [`write_atomically_with`] replace a file in one step, never leaving part of one.

mod atomic;

use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;

pub use atomic::{temporary_path, write_atomically, write_atomically_with};

/// One problem in one input file, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// The file as the user named it (or a built-in name such as `builtin:aws-smm-v2/iam.toml`).
    pub file: String,
    /// 1-based line, or 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub column: usize,
    /// Dotted path of the field (`accounts[0].regions.us-east-1.guardduty`), empty when unknown.
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if !self.field.is_empty() {
            write!(f, ": {}", one_line(&self.field))?;
        }
        write!(f, ": {}", one_line(&self.message))
    }
}

/// The text with its control characters escaped, so that a key or value quoted from a malformed
/// file (a field name holding a newline) cannot split the one-line error.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars().flat_map(char::escape_default).collect::<String>().into()
    } else {
        text.into()
    }
}

impl InputError {
    /// An error about the whole file (unreadable, empty, wrong version…).
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: file.into(), line: 0, column: 0, field: String::new(), message: message.into() }
    }

    /// An error located by a byte span of `text` (as given by [`toml::Spanned::span`]).
    pub fn at_span(
        file: impl Into<String>,
        text: &str,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, span.start);
        Self { file: file.into(), line, column, field: field.into(), message: message.into() }
    }
}

/// The 1-based line and column of a byte offset in `text` (clamped to the text's end).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// Reads a file from disk into a string, turning I/O failures into an [`InputError`].
pub fn read_to_string(path: &std::path::Path) -> Result<String, InputError> {
    std::fs::read_to_string(path)
        .map_err(|e| InputError::whole_file(path.display().to_string(), format!("cannot read: {e}")))
}

/// Deserializes TOML text; `file` names it in errors.
pub fn from_toml_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, InputError> {
    let deserializer = toml::Deserializer::parse(text).map_err(|e| toml_error(file, text, &e, ""))?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let field = display_path(e.path());
        toml_error(file, text, e.inner(), &field)
    })
}

fn toml_error(file: &str, text: &str, error: &toml::de::Error, field: &str) -> InputError {
    let (line, column) = error.span().map_or((0, 0), |span| line_column(text, span.start));
    InputError { file: file.to_owned(), line, column, field: field.to_owned(), message: first_line(error.message()) }
}

/// Deserializes JSON text; `file` names it in errors.
pub fn from_json_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, InputError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let field = display_path(e.path());
        json_error(file, e.inner(), &field)
    })?;
    deserializer.end().map_err(|e| json_error(file, &e, ""))?;
    Ok(value)
}

fn json_error(file: &str, error: &serde_json::Error, field: &str) -> InputError {
    // serde_json appends " at line L column C" to its messages; we report those as fields.
    let text = error.to_string();
    let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(head, _)| head).to_owned();
    InputError { file: file.to_owned(), line: error.line(), column: error.column(), field: field.to_owned(), message }
}

/// `serde_path_to_error` prints the root as `.`; we print nothing for it.
fn display_path(path: &serde_path_to_error::Path) -> String {
    let shown = path.to_string();
    if shown == "." { String::new() } else { shown }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_name_holding_a_newline_stays_on_one_line() {
        let error = InputError {
            file: "b.json".into(),
            line: 38,
            column: 18,
            field: "accounts[0].acco\nt_id".into(),
            message: "unknown field `acco\nt_id`".into(),
        };
        let text = error.to_string();
        assert!(!text.contains('\n'), "{text}");
        assert!(text.contains("acco\\nt_id"), "{text}");
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        name: String,
        #[allow(dead_code)]
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[allow(dead_code)]
        size: u32,
    }

    #[test]
    fn toml_type_error_names_line_and_field() {
        let text = "name = \"x\"\n\n[[items]]\nsize = 1\n\n[[items]]\nsize = \"big\"\n";
        let err = from_toml_str::<Doc>("f.toml", text).expect_err("must be rejected");
        assert_eq!((err.line, err.field.as_str()), (7, "items[1].size"), "{err}");
        assert!(err.to_string().starts_with("f.toml:7:8: items[1].size: "), "{err}");
    }

    #[test]
    fn toml_syntax_error_has_a_line() {
        let err = from_toml_str::<Doc>("f.toml", "name = \"x\"\nitems = [\n").expect_err("must be rejected");
        assert!(err.line >= 2, "{err}");
    }

    #[test]
    fn toml_unknown_field_is_named() {
        let err = from_toml_str::<Doc>("f.toml", "name = \"x\"\ncolour = 3\n").expect_err("must be rejected");
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("colour"), "{err}");
    }

    #[test]
    fn json_error_names_line_column_and_field() {
        let text = "{\n  \"name\": \"x\",\n  \"items\": [{\"size\": -1}]\n}";
        let err = from_json_str::<Doc>("b.json", text).expect_err("must be rejected");
        assert_eq!((err.line, err.field.as_str()), (3, "items[0].size"), "{err}");
        assert!(!err.message.contains(" at line "), "{err}");
    }

    #[test]
    fn json_trailing_garbage_is_an_error() {
        let err = from_json_str::<Doc>("b.json", "{\"name\": \"x\"} x").expect_err("must be rejected");
        assert_eq!(err.line, 1, "{err}");
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        assert_eq!(line_column("é\nab", 4), (2, 2));
        assert_eq!(line_column("abc", 99), (1, 4));
    }
}
