//! Just enough of a W3C WebDriver client to drive headless Chromium through `chromedriver`:
//! blocking JSON over HTTP to 127.0.0.1, started and stopped by the test.
//!
//! Hand-written (about 150 lines over `ureq`) rather than an async client crate, so the browser
//! test needs no async runtime; it fails loudly, never skips, when Chromium is missing.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// Debian's paths (`apt-get install chromium chromium-driver`), overridable for other systems.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session, both ended on drop.
pub(crate) struct Browser {
    driver: Child,
    agent: ureq::Agent,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn program(variable: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.exists(),
        "{} not found: the HTML report's browser test needs Debian's `chromium` and `chromium-driver` \
         (`apt-get install -y chromium chromium-driver`, which scripts/setup.sh does), or set {variable}",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port on 127.0.0.1: {e}"))
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub(crate) fn start(width: u32, height: u32) -> Browser {
        let chromium = program("MATURITY_CHROMIUM", CHROMIUM);
        let chromedriver = program("MATURITY_CHROMEDRIVER", CHROMEDRIVER);
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let mut browser = Browser {
            driver,
            agent,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            _profile: profile,
        };
        browser.wait_ready();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", browser._profile.path().display()),
            &format!("--window-size={width},{height}"),
        ];
        let created = browser.request(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args},
                "goog:loggingPrefs": {"browser": "ALL"},
            }}})),
        );
        browser.session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {created}")).to_owned();
        browser
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let ready = self
                .agent
                .get(format!("{}/status", self.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not answer on {} within 30 s", self.base);
    }

    /// One WebDriver command; panics with the driver's message on any error.
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let value: Value = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_json()
            .unwrap_or_else(|e| panic!("{method} {path}: unreadable answer: {e}"));
        assert!(status.is_success(), "{method} {path}: {status}: {}", value["value"]);
        value["value"].clone()
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens a URL and waits for the page to load.
    pub(crate) fn goto(&self, url: &str) {
        self.request("POST", &self.session_path("/url"), Some(json!({"url": url})));
    }

    /// Runs a script (`return …`) in the page and returns its value.
    pub(crate) fn eval(&self, script: &str) -> Value {
        self.request("POST", &self.session_path("/execute/sync"), Some(json!({"script": script, "args": []})))
    }

    /// The elements matching a CSS selector.
    pub(crate) fn find_all(&self, selector: &str) -> Vec<String> {
        let found = self.request(
            "POST",
            &self.session_path("/elements"),
            Some(json!({"using": "css selector", "value": selector})),
        );
        found.as_array().into_iter().flatten().filter_map(|e| e[ELEMENT].as_str().map(str::to_owned)).collect()
    }

    /// Clicks an element as a person would (it must be visible and not covered).
    pub(crate) fn click(&self, element: &str) {
        self.request("POST", &self.session_path(&format!("/element/{element}/click")), Some(json!({})));
    }

    /// The browser console since the last call: (level, message) pairs.
    pub(crate) fn console(&self) -> Vec<(String, String)> {
        let entries = self.request("POST", &self.session_path("/se/log"), Some(json!({"type": "browser"})));
        entries
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    e["level"].as_str().unwrap_or_default().to_owned(),
                    e["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// Saves a PNG of the page from its top, beyond the window (through the DevTools protocol):
    /// all of it, or its first `max_height` CSS pixels.
    pub(crate) fn screenshot_page(&self, path: &Path, max_height: Option<f64>) {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({}));
        let size = &metrics["cssContentSize"];
        let height = size["height"].as_f64().unwrap_or(1000.0);
        let height = max_height.map_or(height, |max| height.min(max));
        let clip = json!({"x": 0, "y": 0, "width": size["width"], "height": height, "scale": 1});
        let shot =
            self.cdp("Page.captureScreenshot", json!({"format": "png", "captureBeyondViewport": true, "clip": clip}));
        save_png(path, &shot["data"]);
    }

    /// Saves a PNG of the window as it is.
    pub(crate) fn screenshot(&self, path: &Path) {
        let data = self.request("GET", &self.session_path("/screenshot"), None);
        save_png(path, &data);
    }

    fn cdp(&self, command: &str, params: Value) -> Value {
        self.request("POST", &self.session_path("/goog/cdp/execute"), Some(json!({"cmd": command, "params": params})))
    }
}

fn save_png(path: &Path, data: &Value) {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("screenshot is not base64: {e}"));
    assert!(bytes.starts_with(b"\x89PNG"), "screenshot is not a PNG");
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
