//! A person at a browser on a dashboard: a [`Dashboard`] and a headless Chromium
//! ([`maturity_browser::Browser`]) paired, so a test reads as what someone does: open a path,
//! sign in through the login form, click, submit a form, read where they landed.
//!
//! ```ignore
//! let (dashboard, tokens) = Dashboard::start("0.0.0.0:0", false, 1)?;
//! let visitor = Visitor::new(dashboard);
//! visitor.log_in(&tokens[0]);
//! visitor.open("/diff");
//! visitor.browser.find("select[name=old]").select("1");
//! visitor.browser.find("form.filters").submit();
//! assert_eq!(visitor.path(), "/diff?old=1&new=2");
//! ```

use std::path::{Path, PathBuf};

use maturity_browser::{Browser, Cookie};

use super::Dashboard;

/// The window every dashboard test uses (the README's screenshot is 1280 wide).
pub(crate) const WIDTH: u32 = 1280;
pub(crate) const HEIGHT: u32 = 1000;

/// The login form's cookie (`crate::auth::COOKIE`, which tests cannot reach).
pub(crate) const COOKIE: &str = "maturity_token";

pub(crate) struct Visitor {
    /// The browser; dropped first, so it never outlives the server it browses.
    pub(crate) browser: Browser,
    pub(crate) dashboard: Dashboard,
}

impl Visitor {
    /// A fresh browser (no cookies) on `dashboard`.
    pub(crate) fn new(dashboard: Dashboard) -> Visitor {
        Visitor { browser: Browser::start(WIDTH, HEIGHT), dashboard }
    }

    /// Opens `path` on the dashboard and waits for it to load.
    pub(crate) fn open(&self, path: &str) {
        self.browser.goto(&self.dashboard.url(path));
    }

    /// The path and query of the page the browser is on.
    pub(crate) fn path(&self) -> String {
        self.browser.path()
    }

    /// The HTTP status of the page the browser is on.
    pub(crate) fn status(&self) -> u16 {
        self.browser.status().unwrap_or_else(|| panic!("no HTTP status for {}", self.browser.url()))
    }

    /// Types `token` into the login form on the page (opening `/login` when the page has none) and
    /// submits it, as a person would; does not check the outcome.
    pub(crate) fn submit_login(&self, token: &str) {
        if self.browser.try_find("form.login").is_none() {
            self.open("/login");
        }
        let field = self.browser.find("form.login input[name=token]");
        field.fill(token);
        field.submit();
    }

    /// Signs in with `token` through the login form and checks it worked: the browser leaves the
    /// form, the page is not a 401, and the cookie is set.
    pub(crate) fn log_in(&self, token: &str) {
        self.submit_login(token);
        // The click returns before the browser has left the page; when the form was on the page
        // asked for (a 401), the path alone cannot tell the two apart: wait for the form to go.
        self.browser.wait_until("the login form to go", maturity_browser::WAIT, |b| b.try_find("form.login").is_none());
        assert_ne!(self.path().split('?').next(), Some("/login"), "still on the login form: {}", self.browser.text());
        assert_eq!(self.status(), 200, "after signing in, {}: {}", self.path(), self.browser.text());
        assert!(self.login_cookie().is_some(), "signed in, but no {COOKIE} cookie");
    }

    /// The login form's cookie, if the browser has it.
    pub(crate) fn login_cookie(&self) -> Option<Cookie> {
        self.browser.cookie(COOKIE)
    }

    /// Saves a PNG of the current page's top (`height` CSS pixels, or all of it) in the target
    /// directory as `name`, for people to look at; returns where.
    pub(crate) fn screenshot(&self, name: &str, height: Option<f64>) -> PathBuf {
        let path = target_dir().join(name);
        self.browser.screenshot_page(&path, height);
        path
    }
}

/// The target directory (`target/`, or `CARGO_TARGET_DIR`), where screenshots are left.
pub(crate) fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map_or_else(|| tmp.to_owned(), Path::to_owned)
}
