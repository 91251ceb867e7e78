//! The README's generated sections. Each sits between a `<!-- BEGIN name … -->` line and an
//! `<!-- END name -->` line and is rewritten whole from the code; the text around it is
//! people's and is never touched.

use std::path::PathBuf;

use maturity_model::Catalogs;

use crate::automation;

/// One generated section: its marker name and how to render it.
struct Section {
    name: &'static str,
    render: fn(&Catalogs) -> String,
}

const SECTIONS: &[Section] = &[
    Section { name: "automation-summary", render: automation::summary },
    Section { name: "automation-table", render: automation::table },
];

/// A README whose markers cannot be found: a person edited them.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadmeError {
    #[error("README.md has no `<!-- BEGIN {0}` line: restore the section's markers")]
    MissingBegin(&'static str),
    #[error("README.md has no `<!-- END {0} -->` line after its BEGIN line: restore the section's markers")]
    MissingEnd(&'static str),
}

/// The workspace's README.
pub(crate) fn path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
}

/// The README with every generated section rewritten from the code.
pub(crate) fn regenerate(readme: &str, catalogs: &Catalogs) -> Result<String, ReadmeError> {
    let mut text = readme.to_owned();
    for section in SECTIONS {
        let body = body_range(&text, section.name)?;
        text.replace_range(body, &(section.render)(catalogs));
    }
    Ok(text)
}

/// The names of the sections whose text differs from what the code generates.
pub(crate) fn stale(readme: &str, catalogs: &Catalogs) -> Result<Vec<&'static str>, ReadmeError> {
    let mut names = Vec::new();
    for section in SECTIONS {
        if readme[body_range(readme, section.name)?] != (section.render)(catalogs) {
            names.push(section.name);
        }
    }
    Ok(names)
}

/// Where a section's body lies: from the line after its BEGIN marker to the start of its END line.
fn body_range(readme: &str, name: &'static str) -> Result<std::ops::Range<usize>, ReadmeError> {
    let begin = [" ", ":", "-->"]
        .iter()
        .find_map(|after| find_line(readme, 0, &format!("<!-- BEGIN {name}{after}")))
        .ok_or(ReadmeError::MissingBegin(name))?;
    let start = readme[begin..].find('\n').map_or(readme.len(), |n| begin + n + 1);
    let end = find_line(readme, start, &format!("<!-- END {name} -->")).ok_or(ReadmeError::MissingEnd(name))?;
    Ok(start..end)
}

/// The offset of the first line at or after `from` that starts with `prefix`.
fn find_line(text: &str, from: usize, prefix: &str) -> Option<usize> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        if line.starts_with(prefix) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogs() -> &'static Catalogs {
        Catalogs::builtin().expect("built-in catalogs")
    }

    #[test]
    fn the_readme_is_up_to_date() {
        let readme = std::fs::read_to_string(path()).expect("README.md");
        let stale = stale(&readme, catalogs()).expect("README markers");
        assert!(stale.is_empty(), "README.md is stale in {stale:?}: run `cargo xtask readme` and commit the result");
    }

    #[test]
    fn regenerating_rewrites_only_between_the_markers() {
        let mut readme = String::from("# Title\n\nPeople's words.\n");
        for section in SECTIONS {
            readme += &format!(
                "<!-- BEGIN {} (generated) -->\nold text\n<!-- END {} -->\nMore words.\n",
                section.name, section.name
            );
        }
        let regenerated = regenerate(&readme, catalogs()).expect("markers");
        assert!(regenerated.starts_with("# Title\n\nPeople's words.\n<!-- BEGIN "));
        assert!(!regenerated.contains("old text"));
        assert_eq!(regenerated.matches("More words.\n").count(), SECTIONS.len());
        assert_eq!(stale(&readme, catalogs()).expect("markers").len(), SECTIONS.len());
        assert!(stale(&regenerated, catalogs()).expect("markers").is_empty());
        assert_eq!(
            regenerate(&regenerated, catalogs()).expect("markers"),
            regenerated,
            "regenerating twice changes nothing"
        );
    }

    #[test]
    fn a_missing_marker_is_named() {
        let no_end = "<!-- BEGIN automation-summary -->\ntext\n";
        let error = regenerate(no_end, catalogs()).expect_err("no END marker");
        assert!(error.to_string().contains("<!-- END automation-summary -->"), "{error}");
        let error = regenerate("no markers at all\n", catalogs()).expect_err("no BEGIN marker");
        assert!(error.to_string().contains("<!-- BEGIN automation-summary"), "{error}");
    }
}
