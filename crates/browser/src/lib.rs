//! Test-only: just enough of a W3C WebDriver client to drive headless Chromium through
//! `chromedriver`, shared by the HTML report's browser test (`crates/report/tests/browser.rs`) and
//! the dashboard's (`crates/server/tests/browser.rs`). Blocking JSON over HTTP to 127.0.0.1; the
//! driver and the browser are started by [`Browser::start`] and stopped when it drops.
//!
//! Hand-written over `ureq` rather than an async client crate, so browser tests need no async
//! runtime of their own. Everything panics with the driver's message on failure: a test that
//! cannot drive the browser fails loudly, and never skips, when Chromium is missing.
//!
//! What a test can do: open pages ([`Browser::goto`]) and read them ([`Browser::url`],
//! [`Browser::source`], [`Browser::text`], [`Browser::status`]); find elements by CSS selector
//! ([`Browser::find`], [`Browser::wait_for`]) and click them, type into them or pick an option
//! ([`Element`]); read the cookies ([`Browser::cookies`], `HttpOnly` ones too); run a script
//! ([`Browser::eval`]); read the console; save screenshots; and catch files the page downloads
//! ([`Browser::wait_for_download`]).
//!
//! ```no_run
//! let browser = maturity_browser::Browser::start(1280, 1000);
//! browser.goto("http://127.0.0.1:8480/login");
//! browser.find("input[name=token]").fill("0123abcd");
//! browser.find("form.login button[type=submit]").click();
//! assert_eq!(browser.path(), "/");
//! ```

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// Debian's paths (`apt-get install chromium chromium-driver`), overridable for other systems
/// with `MATURITY_CHROMIUM` and `MATURITY_CHROMEDRIVER`.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long [`Browser::find`] and [`Browser::wait_for_download`] wait by default.
pub const WAIT: Duration = Duration::from_secs(10);

/// A chromedriver process and one headless Chromium session, both ended on drop.
pub struct Browser {
    driver: Child,
    agent: ureq::Agent,
    base: String,
    session: String,
    profile: tempfile::TempDir,
    downloads: tempfile::TempDir,
}

/// An element of the current page, found by CSS selector. It stays valid until the page changes.
#[derive(Clone)]
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

/// A cookie as the browser keeps it (`HttpOnly` ones included: WebDriver sees them, scripts do not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The path it is sent for.
    pub path: String,
    /// Whether scripts are kept from it.
    pub http_only: bool,
    /// Whether it is sent over HTTPS only.
    pub secure: bool,
    /// `Strict`, `Lax` or `None`, as the browser reports it.
    pub same_site: String,
}

fn program(variable: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.exists(),
        "{} not found: the browser tests need Debian's `chromium` and `chromium-driver` \
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

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session with a window of
    /// `width` × `height`, a fresh profile (no cookies) and a download directory of its own.
    #[must_use]
    pub fn start(width: u32, height: u32) -> Browser {
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
        let mut browser = Browser {
            driver,
            agent,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            profile: tempdir(),
            downloads: tempdir(),
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
            &format!("--user-data-dir={}", browser.profile.path().display()),
            &format!("--window-size={width},{height}"),
        ];
        let downloads = browser.downloads.path().to_string_lossy().into_owned();
        let created = browser.request(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium.to_string_lossy(),
                    "args": args,
                    "prefs": {
                        "download.default_directory": downloads,
                        "download.prompt_for_download": false,
                    },
                },
                "goog:loggingPrefs": {"browser": "ALL"},
            }}})),
        );
        browser.session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {created}")).to_owned();
        // Headless Chromium drops downloads unless told where to put them.
        browser.cdp("Page.setDownloadBehavior", json!({"behavior": "allow", "downloadPath": downloads}));
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

    /// One WebDriver command: the answer's `value`, or the driver's error (status and value).
    fn try_request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
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
        if status.is_success() { Ok(value["value"].clone()) } else { Err(format!("{status}: {}", value["value"])) }
    }

    /// One WebDriver command; panics with the driver's message on any error.
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_request(method, path, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens a URL and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.request("POST", &self.session_path("/url"), Some(json!({"url": url})));
    }

    /// Reloads the page. After a form posted and answered with a redirect (POST, then 303 to a
    /// page), this asks for that page again, not the POST.
    pub fn refresh(&self) {
        self.request("POST", &self.session_path("/refresh"), Some(json!({})));
    }

    /// Goes back one page in the history.
    pub fn back(&self) {
        self.request("POST", &self.session_path("/back"), Some(json!({})));
    }

    /// The address of the current page.
    #[must_use]
    pub fn url(&self) -> String {
        self.request("GET", &self.session_path("/url"), None).as_str().unwrap_or_default().to_owned()
    }

    /// The path and query of the current page's address (`/diff?old=1`), without the origin.
    #[must_use]
    pub fn path(&self) -> String {
        let url = self.url();
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned())
    }

    /// The current page's title.
    #[must_use]
    pub fn title(&self) -> String {
        self.request("GET", &self.session_path("/title"), None).as_str().unwrap_or_default().to_owned()
    }

    /// The current page's markup, as the browser serializes its document.
    #[must_use]
    pub fn source(&self) -> String {
        self.request("GET", &self.session_path("/source"), None).as_str().unwrap_or_default().to_owned()
    }

    /// The text a person sees on the page (the body's rendered text).
    #[must_use]
    pub fn text(&self) -> String {
        self.find("body").text()
    }

    /// The HTTP status of the current page's response, from its navigation timing's
    /// `responseStatus` (WebDriver itself never says); `None` when the browser does not know it.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        let status =
            self.eval("const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : null;");
        status.as_u64().and_then(|s| u16::try_from(s).ok()).filter(|s| *s != 0)
    }

    /// Runs a script (`return …`) in the page and returns its value. Runs even where the page's
    /// Content-Security-Policy forbids scripts: WebDriver's scripts are not the page's.
    pub fn eval(&self, script: &str) -> Value {
        self.eval_with(script, &[])
    }

    /// Runs a script with `arguments[0]`, … bound to `args` (elements as [`Element::to_json`]).
    pub fn eval_with(&self, script: &str, args: &[Value]) -> Value {
        self.request("POST", &self.session_path("/execute/sync"), Some(json!({"script": script, "args": args})))
    }

    /// The elements matching a CSS selector, in document order (none is not an error).
    #[must_use]
    pub fn find_all(&self, selector: &str) -> Vec<Element<'_>> {
        let found = self.request(
            "POST",
            &self.session_path("/elements"),
            Some(json!({"using": "css selector", "value": selector})),
        );
        self.elements(&found)
    }

    fn elements(&self, found: &Value) -> Vec<Element<'_>> {
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT].as_str().map(|id| Element { browser: self, id: id.to_owned() }))
            .collect()
    }

    /// The first element matching a CSS selector, if there is one now.
    #[must_use]
    pub fn try_find(&self, selector: &str) -> Option<Element<'_>> {
        self.find_all(selector).into_iter().next()
    }

    /// The first element matching a CSS selector, waiting up to [`WAIT`] for it to appear; panics
    /// (naming the page) when it does not.
    #[must_use]
    pub fn find(&self, selector: &str) -> Element<'_> {
        self.wait_for(selector, WAIT)
    }

    /// The first element matching a CSS selector, waiting up to `timeout` for it to appear.
    #[must_use]
    pub fn wait_for(&self, selector: &str, timeout: Duration) -> Element<'_> {
        let mut found = None;
        self.wait_until(&format!("an element matching `{selector}`"), timeout, |browser| {
            found = browser.try_find(selector).map(|e| e.id);
            found.is_some()
        });
        Element { browser: self, id: found.unwrap_or_default() }
    }

    /// Polls `done` every 50 ms until it is true; panics after `timeout`, naming `what` and the
    /// page it was on.
    pub fn wait_until(&self, what: &str, timeout: Duration, mut done: impl FnMut(&Browser) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self) {
                return;
            }
            assert!(Instant::now() < deadline, "waited {timeout:?} for {what} on {}", self.url());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every cookie the current page's site has, `HttpOnly` ones included.
    #[must_use]
    pub fn cookies(&self) -> Vec<Cookie> {
        let all = self.request("GET", &self.session_path("/cookie"), None);
        all.as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                let text = |key: &str| c[key].as_str().unwrap_or_default().to_owned();
                Cookie {
                    name: text("name"),
                    value: text("value"),
                    path: text("path"),
                    http_only: c["httpOnly"] == true,
                    secure: c["secure"] == true,
                    same_site: text("sameSite"),
                }
            })
            .collect()
    }

    /// The cookie called `name` on the current page's site.
    #[must_use]
    pub fn cookie(&self, name: &str) -> Option<Cookie> {
        self.cookies().into_iter().find(|c| c.name == name)
    }

    /// Sets a cookie for the current page's site, on path `/`.
    pub fn add_cookie(&self, name: &str, value: &str) {
        self.request(
            "POST",
            &self.session_path("/cookie"),
            Some(json!({"cookie": {"name": name, "value": value, "path": "/"}})),
        );
    }

    /// Forgets every cookie of the current page's site.
    pub fn delete_cookies(&self) {
        self.request("DELETE", &self.session_path("/cookie"), None);
    }

    /// The browser console since the last call: (level, message) pairs.
    #[must_use]
    pub fn console(&self) -> Vec<(String, String)> {
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
    pub fn screenshot_page(&self, path: &Path, max_height: Option<f64>) {
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
    pub fn screenshot(&self, path: &Path) {
        let data = self.request("GET", &self.session_path("/screenshot"), None);
        save_png(path, &data);
    }

    /// Where the browser saves what pages download (a temporary directory of this session's).
    #[must_use]
    pub fn download_dir(&self) -> &Path {
        self.downloads.path()
    }

    /// Waits up to `timeout` for the download called `name` to be complete, and returns its path.
    #[must_use]
    pub fn wait_for_download(&self, name: &str, timeout: Duration) -> PathBuf {
        let path = self.downloads.path().join(name);
        let partial = self.downloads.path().join(format!("{name}.crdownload"));
        self.wait_until(&format!("the download {name}"), timeout, |_| path.is_file() && !partial.exists());
        path
    }

    fn cdp(&self, command: &str, params: Value) -> Value {
        self.request("POST", &self.session_path("/goog/cdp/execute"), Some(json!({"cmd": command, "params": params})))
    }
}

impl<'a> Element<'a> {
    fn path(&self, rest: &str) -> String {
        self.browser.session_path(&format!("/element/{}{rest}", self.id))
    }

    /// The element as a script argument ([`Browser::eval_with`]).
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT: self.id })
    }

    /// Clicks it as a person would (it must be visible and not covered); a click that leaves the
    /// page waits for the next one to load.
    pub fn click(&self) {
        self.browser.request("POST", &self.path("/click"), Some(json!({})));
    }

    /// Empties an input or a textarea.
    pub fn clear(&self) {
        self.browser.request("POST", &self.path("/clear"), Some(json!({})));
    }

    /// Types `text` into it, key by key, after what it holds.
    pub fn type_text(&self, text: &str) {
        self.browser.request("POST", &self.path("/value"), Some(json!({"text": text})));
    }

    /// Replaces what an input or a textarea holds with `text`.
    pub fn fill(&self, text: &str) {
        self.clear();
        self.type_text(text);
    }

    /// Picks the option of a `<select>` whose value is `value`, by clicking it; panics, listing
    /// the values, when there is none.
    pub fn select(&self, value: &str) {
        let options = self.find_all("option");
        let values: Vec<String> =
            options.iter().map(|o| o.property("value").as_str().unwrap_or_default().to_owned()).collect();
        let position = values.iter().position(|v| v == value);
        let option = position.and_then(|i| options.get(i));
        let option = option.unwrap_or_else(|| panic!("no option {value:?} in the select; its options: {values:?}"));
        option.click();
    }

    /// Submits the form it is in (or that it is), as its first submit button would; for a form
    /// without one, as pressing Enter would.
    pub fn submit(&self) {
        let form = self.browser.eval_with("return arguments[0].closest('form');", &[self.to_json()]);
        let form = self.browser.elements(&json!([form]));
        let form = form.first().unwrap_or_else(|| panic!("the element is in no form"));
        match form.find_all("button[type=submit], input[type=submit], button:not([type])").into_iter().next() {
            Some(button) => button.click(),
            None => {
                self.browser.eval_with("arguments[0].requestSubmit();", &[form.to_json()]);
            }
        }
    }

    /// The text it shows.
    #[must_use]
    pub fn text(&self) -> String {
        self.browser.request("GET", &self.path("/text"), None).as_str().unwrap_or_default().to_owned()
    }

    /// An attribute as written in the markup, or `None` without it.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<String> {
        self.browser.request("GET", &self.path(&format!("/attribute/{name}")), None).as_str().map(str::to_owned)
    }

    /// A DOM property as it is now (`value`, `checked`, `selected`…).
    #[must_use]
    pub fn property(&self, name: &str) -> Value {
        self.browser.request("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// The elements inside it matching a CSS selector.
    #[must_use]
    pub fn find_all(&self, selector: &str) -> Vec<Element<'a>> {
        let found = self.browser.request(
            "POST",
            &self.path("/elements"),
            Some(json!({"using": "css selector", "value": selector})),
        );
        self.browser.elements(&found)
    }

    /// Whether it is still in the page (a page that changed has none of the old elements).
    #[must_use]
    pub fn is_attached(&self) -> bool {
        self.browser.try_request("GET", &self.path("/name"), None).is_ok()
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
