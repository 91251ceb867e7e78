//! Starts `moto_server` (the AWS API emulator) on 127.0.0.1 on a free port, waits until it
//! answers, and stops it when dropped: the ASFF test imports findings into its Security Hub.
//! The same approach as `crates/collect/tests/support/moto.rs`, trimmed to what this crate needs.
//!
//! The binary comes from `MATURITY_MOTO_SERVER` (set by `scripts/test.sh`; `scripts/setup.sh`
//! installs the pinned moto into `.venv`), else `.venv/bin/moto_server` at the workspace root.
//! A test that cannot start it fails: it never skips.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server.
pub(crate) struct Moto {
    child: Child,
    port: u16,
}

const HOW_TO_INSTALL: &str = "run ./scripts/setup.sh (it installs the pinned moto into .venv), then \
    ./scripts/test.sh, or set MATURITY_MOTO_SERVER to a moto_server binary";

fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("MATURITY_MOTO_SERVER") {
        return PathBuf::from(path);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/moto_server");
    if venv.exists() {
        return venv;
    }
    panic!("moto_server not found: {HOW_TO_INSTALL}");
}

impl Moto {
    /// Starts a server.
    pub(crate) fn start() -> Moto {
        let binary = binary();
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .unwrap_or_else(|e| panic!("no free port: {e}"));
            let child = Command::new(&binary)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}; {HOW_TO_INSTALL}", binary.display()));
            let mut moto = Moto { child, port };
            if moto.wait_ready() {
                return moto;
            }
        }
        panic!("moto_server ({}) did not start; {HOW_TO_INSTALL}", binary.display());
    }

    /// Polls `GET /moto-api/` until it answers 200; false when the process exits first.
    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_status)) = self.child.try_wait() {
                return false;
            }
            if self.status_of("/moto-api/") == Some(200) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("moto_server did not answer on port {} within 30 s", self.port);
    }

    fn status_of(&self, path: &str) -> Option<u16> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).ok()?;
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    }

    /// The server's URL.
    pub(crate) fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
