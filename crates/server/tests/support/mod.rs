//! A real dashboard on a real port: a database of its own in a temporary directory, the demo's
//! two quarters saved in it, and the server running on a runtime of its own until dropped. Requests
//! go over HTTP with ureq, as a browser's would.

#![allow(dead_code, reason = "each test file uses a different part")]

pub(crate) mod browser;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use maturity_server::{Options, ServeError, Server};
use maturity_store::{SaveRequest, Store};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

pub(crate) struct Dashboard {
    pub(crate) base: String,
    pub(crate) addr: SocketAddr,
    /// The ids of the demo's saved quarters: (a quarter ago, now).
    pub(crate) ids: (i64, i64),
    pub(crate) db: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    runtime: Runtime,
    _dir: tempfile::TempDir,
}

pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub(crate) fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"))
}

/// Saves the demo organization a quarter ago, then now, as `maturity demo --save` does.
pub(crate) async fn save_demo(store: &Store) -> (i64, i64) {
    let before = maturity_demo::previous_quarter().unwrap_or_else(|e| panic!("previous quarter: {e}"));
    let now = maturity_demo::assessment().unwrap_or_else(|e| panic!("demo: {e}"));
    // Saved as `maturity demo --save` saves them: with what they were made from, so that the
    // questionnaire can re-assess.
    let config = maturity_assess::Config::default().to_toml();
    let previous_evidence = maturity_demo::previous_evidence_json();
    let old = SaveRequest {
        evidence_json: Some(&previous_evidence),
        answers_toml: Some(maturity_demo::PREVIOUS_ANSWERS_TOML),
        exceptions_toml: Some(maturity_demo::PREVIOUS_EXCEPTIONS_TOML),
        config_toml: Some(&config),
        saved_at: assessment_time(&before),
        ..SaveRequest::new(&before)
    };
    let new = SaveRequest {
        evidence_json: Some(maturity_demo::EVIDENCE_JSON),
        answers_toml: Some(maturity_demo::ANSWERS_TOML),
        exceptions_toml: Some(maturity_demo::EXCEPTIONS_TOML),
        config_toml: Some(&config),
        saved_at: assessment_time(&now),
        ..SaveRequest::new(&now)
    };
    let old = store.save(&old).await.unwrap_or_else(|e| panic!("save: {e}"));
    let new = store.save(&new).await.unwrap_or_else(|e| panic!("save: {e}"));
    (old, new)
}

fn assessment_time(assessment: &maturity_assess::Assessment) -> chrono::DateTime<chrono::Utc> {
    assessment.evidence.collected_at
}

impl Dashboard {
    /// The demo's two quarters, served on `bind`; `tokens` access tokens issued first.
    pub(crate) fn start(
        bind: &str,
        require_token: bool,
        tokens: usize,
    ) -> Result<(Dashboard, Vec<String>), ServeError> {
        Dashboard::start_tampered(bind, require_token, tokens, |_| Vec::new())
    }

    /// As [`Dashboard::start`], with the SQL statements `tamper` makes from the saved ids run on
    /// the database, bypassing the store, before the server starts.
    pub(crate) fn start_tampered(
        bind: &str,
        require_token: bool,
        tokens: usize,
        tamper: impl FnOnce((i64, i64)) -> Vec<String>,
    ) -> Result<(Dashboard, Vec<String>), ServeError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let db = dir.path().join("maturity.db");
        let runtime = runtime();
        let bind: SocketAddr = bind.parse().unwrap_or_else(|e| panic!("{bind}: {e}"));
        let (server, ids, issued) = runtime.block_on(async {
            let store = Store::open(&db).await?;
            let ids = save_demo(&store).await;
            let statements = tamper(ids);
            if !statements.is_empty() {
                sqlx::any::install_default_drivers();
                let url = format!("sqlite://{}", db.display());
                let pool = sqlx::AnyPool::connect(&url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
                for statement in &statements {
                    sqlx::query(statement).execute(&pool).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
                }
                pool.close().await;
            }
            let mut issued = Vec::new();
            for _ in 0..tokens {
                issued.push(maturity_server::token::issue(&store).await?);
            }
            let server =
                Server::bind(store, Options { bind, require_token, as_of: Some(maturity_demo::as_of()) }).await?;
            Ok::<_, ServeError>((server, ids, issued))
        })?;
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        runtime.spawn(server.run(async move {
            let _ = stopped.await;
        }));
        let base = format!("http://127.0.0.1:{}", addr.port());
        Ok((Dashboard { base, addr, ids, db, stop: Some(stop), runtime, _dir: dir }, issued))
    }

    /// The demo on 127.0.0.1, no token.
    pub(crate) fn demo() -> Dashboard {
        Dashboard::start("127.0.0.1:0", false, 0).unwrap_or_else(|e| panic!("cannot start: {e}")).0
    }

    /// The address of `path` on this dashboard (through 127.0.0.1, whatever address it is bound to).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The assessment saved as `id`, read back from the dashboard's database.
    pub(crate) fn load(&self, id: i64) -> maturity_assess::Assessment {
        self.runtime.block_on(async {
            let store = Store::open(&self.db).await.unwrap_or_else(|e| panic!("open: {e}"));
            let assessment = store.load(id).await.unwrap_or_else(|e| panic!("load {id}: {e}"));
            store.close().await;
            assessment
        })
    }

    /// The id of the newest saved assessment, as the database says.
    pub(crate) fn newest(&self) -> i64 {
        self.runtime.block_on(async {
            let store = Store::open(&self.db).await.unwrap_or_else(|e| panic!("open: {e}"));
            let newest = store.newest(1).await.unwrap_or_else(|e| panic!("newest: {e}"));
            store.close().await;
            newest.first().map(|s| s.id).unwrap_or_else(|| panic!("nothing saved"))
        })
    }

    /// The demo on 127.0.0.1, no token, its database changed by `tamper`'s statements first.
    pub(crate) fn tampered(tamper: impl FnOnce((i64, i64)) -> Vec<String>) -> Dashboard {
        Dashboard::start_tampered("127.0.0.1:0", false, 0, tamper).unwrap_or_else(|e| panic!("cannot start: {e}")).0
    }

    /// `GET path`, with these extra headers.
    pub(crate) fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = agent().get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.call(), path)
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        self.get_with(path, &[])
    }

    /// `POST path` with a form body.
    pub(crate) fn post_form(&self, path: &str, form: &str) -> Response {
        self.post_form_with(path, form, &[])
    }

    /// `POST path` with a form body and these extra headers.
    pub(crate) fn post_form_with(&self, path: &str, form: &str, headers: &[(&str, &str)]) -> Response {
        let mut request =
            agent().post(format!("{}{path}", self.base)).header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send(form), path)
    }

    /// Why the newest saved assessment was made (its cause), as the database says.
    pub(crate) fn newest_cause(&self) -> Option<String> {
        self.runtime.block_on(async {
            let store = Store::open(&self.db).await.unwrap_or_else(|e| panic!("open: {e}"));
            let newest = store.newest(1).await.unwrap_or_else(|e| panic!("newest: {e}"));
            store.close().await;
            newest.into_iter().next().unwrap_or_else(|| panic!("nothing saved")).cause
        })
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn read(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>, path: &str) -> Response {
    let mut response = result.unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_else(|e| panic!("{path}: body: {e}"));
    Response { status, headers, body }
}

/// Every `href="…"` in `html` that starts with `prefix`, unescaped, deduplicated, in order.
pub(crate) fn links(html: &str, prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for part in html.split("href=\"").skip(1) {
        let href = part.split('"').next().unwrap_or_default().replace("&amp;", "&");
        if href.starts_with(prefix) && !found.contains(&href) {
            found.push(href);
        }
    }
    found
}

/// The value of the hidden (or any) input named `name` in the first form of `html` that has one.
pub(crate) fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let value = html[start..].split('"').next()?;
    Some(value.replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">"))
}

/// A form body from pairs, percent-encoded.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(name, value)| format!("{}={}", encode(name), encode(value))).collect::<Vec<_>>().join("&")
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
