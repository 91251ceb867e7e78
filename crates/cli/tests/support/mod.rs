//! Running the `maturity` binary that cargo built for these tests, and reading what it wrote: the
//! helpers every test file of this crate shares (each file is its own test crate and takes what
//! it needs, hence `dead_code` allowed).

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// `maturity ARGS`, without colours, whatever its exit status.
pub(crate) fn maturity(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"))
}

/// `maturity ARGS`, which must succeed.
pub(crate) fn ok(args: &[&str]) -> Output {
    let output = maturity(args);
    assert!(
        output.status.success(),
        "maturity {args:?} failed\nstdout: {}\nstderr: {}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// The standard output of `maturity ARGS`, which must succeed.
pub(crate) fn ok_stdout(args: &[&str]) -> String {
    stdout(&ok(args))
}

/// What a run printed on standard output.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a run printed on standard error.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A path as an argument.
pub(crate) fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

/// A JSON file the binary wrote.
pub(crate) fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
