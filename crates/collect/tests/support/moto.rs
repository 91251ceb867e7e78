//! Starts `moto_server` (the AWS API emulator) on 127.0.0.1 on a free port, waits until it
//! answers, and stops it when dropped.
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
pub struct Moto {
    child: Child,
    port: u16,
}

const HOW_TO_INSTALL: &str = "run ./scripts/setup.sh (it installs the pinned moto into .venv), or \
    `python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.5'` at the workspace root, \
    or set MATURITY_MOTO_SERVER to a moto_server binary";

fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("MATURITY_MOTO_SERVER") {
        return PathBuf::from(path);
    }
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let venv = workspace.join(".venv/bin/moto_server");
    if venv.exists() {
        return venv;
    }
    panic!("moto_server not found: {HOW_TO_INSTALL}");
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

impl Moto {
    /// Starts a server with the default environment.
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// Starts a server with extra environment variables (e.g. `INITIAL_NO_AUTH_ACTION_COUNT`).
    pub fn start_with(env: &[(&str, &str)]) -> Moto {
        let binary = binary();
        for _ in 0..3 {
            let port = free_port();
            let mut command = Command::new(&binary);
            command
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            for (key, value) in env {
                command.env(key, value);
            }
            let child =
                command.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}; {HOW_TO_INSTALL}", binary.display()));
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
            if self.get("/moto-api/").is_some_and(|status| status == 200) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("moto_server did not answer on port {} within 30 s", self.port);
    }

    fn get(&self, path: &str) -> Option<u16> {
        self.request("GET", path)
    }

    fn request(&self, method: &str, path: &str) -> Option<u16> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(stream, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n").ok()?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).ok()?;
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    }

    /// The server's URL.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Wipes all state.
    pub fn reset(&self) {
        assert_eq!(self.request("POST", "/moto-api/reset"), Some(200), "moto reset");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
