//! Runs the validator scripts of `tests/validators/` with the Python of the test venv, where
//! `scripts/setup.sh` installs the independent consumers and schemas pinned in
//! `scripts/validators.txt` (junitparser, ocsf-json-schema, boto3 and moto's server).
//!
//! The interpreter comes from `MATURITY_PYTHON` (set by `scripts/test.sh`), else
//! `.venv/bin/python` at the workspace root. A test that cannot run its validator fails: it never
//! skips. Each script exits with 0 when the document is valid, 1 when it is not (saying why on
//! standard error), and 2 when a package it needs is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

const HOW_TO_INSTALL: &str = "run ./scripts/setup.sh (it installs the validators pinned in scripts/validators.txt \
    into .venv), then ./scripts/test.sh, or set MATURITY_PYTHON to a Python that has them";

/// The Python that has the validators.
pub(crate) fn python() -> PathBuf {
    if let Some(path) = std::env::var_os("MATURITY_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    if venv.exists() {
        return venv;
    }
    panic!("MATURITY_PYTHON is not set and there is no .venv at the workspace root: {HOW_TO_INSTALL}");
}

/// What a validator said.
pub(crate) struct Verdict {
    /// The exit code: 0 valid, 1 invalid.
    pub(crate) code: i32,
    /// Its standard output (a summary, for the valid case).
    pub(crate) stdout: String,
    /// Its standard error (why, for the invalid case).
    pub(crate) stderr: String,
}

/// Runs `tests/validators/<script>` on `args`. Panics when the script cannot run or a package it
/// needs is missing, naming ./scripts/setup.sh.
pub(crate) fn validate(script: &str, args: &[&str]) -> Verdict {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validators").join(script);
    let python = python();
    let output = Command::new(&python)
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} {}: {e}; {HOW_TO_INSTALL}", python.display(), path.display()));
    let verdict = Verdict {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        verdict.code == 0 || verdict.code == 1,
        "{script} could not validate (exit {}): {}\n{HOW_TO_INSTALL}",
        verdict.code,
        verdict.stderr
    );
    verdict
}

/// Runs a validator that must accept the document, and returns its summary.
pub(crate) fn accepts(script: &str, args: &[&str]) -> String {
    let verdict = validate(script, args);
    assert_eq!(verdict.code, 0, "{script} rejects the document:\n{}", verdict.stderr);
    verdict.stdout
}

/// Runs a validator that must reject the document, and returns why.
pub(crate) fn rejects(script: &str, args: &[&str]) -> String {
    let verdict = validate(script, args);
    assert_eq!(verdict.code, 1, "{script} accepts a broken document:\n{}", verdict.stdout);
    verdict.stderr
}
