//! `Bundle::from_path` reads what `Bundle::from_json` reads from the same file, and nothing else.

use std::path::Path;

use maturity_evidence::Bundle;

const NOT_UTF8: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/corpus/bundle/found-not-utf8-in-skipped-member.json");

/// Found by the bundle fuzz target, whose property is that both entry points agree: a byte that is
/// not UTF-8 in a member serde_json skips (an unknown member of the `denied` record) was not
/// checked, so `from_path` read a bundle from a file that is not UTF-8, and so not JSON. The file
/// is now rejected at that byte.
#[test]
fn a_file_that_is_not_utf8_is_rejected_at_its_first_bad_byte() {
    let error = Bundle::from_path(Path::new(NOT_UTF8)).expect_err("the file is not UTF-8");
    assert_eq!((error.file.as_str(), error.line, error.column), (NOT_UTF8, 1, 252), "{error}");
    assert!(error.message.contains("not UTF-8"), "{error}");
    assert!(error.to_string().starts_with(&format!("{NOT_UTF8}:1:252: ")), "{error}");
}

/// The same file, its bad byte replaced, reads the same through both entry points.
#[test]
fn from_path_and_from_json_read_the_same_bundle() {
    let bytes = std::fs::read(NOT_UTF8).expect("the fuzz corpus file");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let dir = scratch_dir();
    let path = dir.join("bundle.json");
    std::fs::write(&path, &text).expect("write");
    let from_path = Bundle::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let from_json = Bundle::from_json("bundle.json", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_path, from_json);
    std::fs::remove_dir_all(&dir).ok();
}

/// A directory of this test's own under the system's temporary directory.
fn scratch_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("maturity-evidence-from-path-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}
