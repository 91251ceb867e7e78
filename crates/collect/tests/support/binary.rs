//! The `maturity` binary that `cargo test --workspace` builds beside the tests (the CLI crate's
//! own tests need it; `cargo test -p maturity-collect` alone needs `cargo build -p maturity-cli`
//! first), run against an emulator with its credentials and nothing from the machine's.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The binary's path, or a panic saying how to build it.
pub fn maturity_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target directory");
    let binary = dir.join(format!("maturity{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} not found: run the tests with `cargo test --workspace` (./scripts/test.sh), or `cargo build -p maturity-cli` first",
        binary.display()
    );
    binary
}

/// `maturity ARGS` with the emulator's credentials and `endpoint`: no profile, file or instance
/// metadata of the machine is read.
pub fn maturity(args: &[&str], endpoint: &str) -> Command {
    let mut command = Command::new(maturity_binary());
    command
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/maturity-test-config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/maturity-test-credentials")
        .env("AWS_ENDPOINT_URL", endpoint)
        .stdin(Stdio::null());
    command
}
