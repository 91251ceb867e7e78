//! A fault-injecting HTTP proxy between the SDK and the emulator, driven by rules: requests that
//! match a rule (API, region, every n-th) get its fault instead of, or on top of, the emulator's
//! answer. The collector sees a slow, throttling, failing or lying AWS, and the tests check that
//! it records each fault honestly.
//!
//! The proxy reads who is called from the request's SigV4 scope and which API from its action or
//! target (`maturity_loadsim::request`), and answers errors in the service's own protocol
//! (`maturity_loadsim::refusal`), so the SDK classifies them as AWS's.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::response::Response;
use maturity_loadsim::forward::{agent, failure, forward, respond};
use maturity_loadsim::recording::Reply;
use maturity_loadsim::refusal;
use maturity_loadsim::request::{Call, Parts, Protocol};
use maturity_loadsim::signed;
use tokio::net::TcpListener;

/// What a faulted request gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The service's own throttling error (`ThrottlingException`, `Throttling`,
    /// `RequestLimitExceeded`, S3 `SlowDown`).
    Throttle,
    /// HTTP 429 with an empty body (no error code).
    Bare429,
    /// HTTP 503 with an empty body.
    Bare503,
    /// HTTP 500 with the service's `InternalFailure`.
    ServerError,
    /// The connection closes before any answer.
    Reset,
    /// No answer, ever (the client's attempt timeout ends it).
    Hang,
    /// The emulator's answer, cut in half.
    Truncate,
    /// A 200 whose body is not the protocol's format.
    Garble,
    /// `AccessDenied` (`UnauthorizedOperation` for EC2) in the service's shape.
    Deny,
    /// The emulator's answer, late.
    Delay(Duration),
    /// A refusal whose message quotes the request's signature, session token and access key, as
    /// AWS's signature errors quote what they were sent.
    QuoteRequest,
    /// The emulator's answer with the JSON pagination token `key` set to the same value every
    /// time ([`LOOP_TOKEN`]): a walk that never ends unless the client notices. A request
    /// carrying that token is sent on without it (the emulator would refuse a token it never
    /// gave), so each page is the first page again.
    RepeatToken(&'static str),
}

/// The page token of [`Fault::RepeatToken`].
pub const LOOP_TOKEN: &str = "maturity-fault-proxy-loop";

/// Which requests a rule faults.
#[derive(Debug, Clone)]
pub struct Rule {
    /// APIs as `service:Action` (`ec2:DescribeVpcs`), or a service prefix (`ec2:`); `None`: all.
    pub api: Option<&'static str>,
    /// Only requests signed for this region.
    pub region: Option<&'static str>,
    /// Fault every n-th matching request (1: all of them), counting per rule.
    pub every: u64,
    /// Fault a request (same key, region and body) at most once: its retry gets through.
    pub once_per_request: bool,
    /// APIs never faulted (the identity calls a scan cannot do without, for example).
    pub spare: &'static [&'static str],
    /// The fault.
    pub fault: Fault,
}

impl Rule {
    /// `fault` on every request.
    pub fn all(fault: Fault) -> Rule {
        Rule { api: None, region: None, every: 1, once_per_request: false, spare: &[], fault }
    }

    fn matches(&self, call: &Call, region: &str) -> bool {
        let api = self
            .api
            .is_none_or(|wanted| if wanted.ends_with(':') { call.api.starts_with(wanted) } else { call.api == wanted });
        api && self.region.is_none_or(|r| r == region) && !self.spare.contains(&call.api.as_str())
    }
}

/// What the proxy did.
#[derive(Debug, Default)]
pub struct Counts {
    /// Requests it received.
    pub requests: AtomicU64,
    /// Requests it faulted.
    pub faulted: AtomicU64,
}

struct Proxy {
    upstream: String,
    agent: ureq::Agent,
    rules: Vec<(Rule, AtomicU64)>,
    counts: Arc<Counts>,
    /// Requests faulted by a `once_per_request` rule.
    faulted_once: Mutex<HashSet<String>>,
}

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    endpoint: String,
    counts: Arc<Counts>,
    server: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` with `rules` (the first matching rule decides).
    pub async fn start(upstream: &str, rules: Vec<Rule>) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the fault proxy");
        let endpoint = format!("http://{}", listener.local_addr().expect("proxy address"));
        let counts = Arc::new(Counts::default());
        let proxy = Arc::new(Proxy {
            upstream: upstream.to_owned(),
            agent: agent(),
            rules: rules.into_iter().map(|rule| (rule, AtomicU64::new(0))).collect(),
            counts: Arc::clone(&counts),
            faulted_once: Mutex::new(HashSet::new()),
        });
        let app = Router::new().fallback(handle).with_state(proxy);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FaultProxy { endpoint, counts, server }
    }

    /// The proxy's URL, for the scan's endpoint.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// Requests received so far.
    pub fn requests(&self) -> u64 {
        self.counts.requests.load(Ordering::Relaxed)
    }

    /// Requests faulted so far.
    pub fn faulted(&self) -> u64 {
        self.counts.faulted.load(Ordering::Relaxed)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn handle(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    proxy.counts.requests.fetch_add(1, Ordering::Relaxed);
    let (head, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, 16 << 20).await else { return failure("the request body could not be read") };
    let header = |name: &str| head.headers.get(name).and_then(|v| v.to_str().ok());
    let signer = header("authorization").and_then(signed::parse);
    let text = String::from_utf8_lossy(&bytes);
    let parts = Parts {
        method: head.method.as_str(),
        path: head.uri.path(),
        query: head.uri.query(),
        target: header("x-amz-target"),
        body: &text,
    };
    let fault = signer.as_ref().and_then(|signer| {
        let call = Call::new(&signer.service, "000000000000", &signer.region, parts);
        let request = format!("{} {} {}", signer.access_key_id, signer.region, call.key);
        // Every matching rule counts the request; the first whose turn it is faults it.
        let mut due = None;
        for (rule, seen) in &proxy.rules {
            if !rule.matches(&call, &signer.region) {
                continue;
            }
            let seen = seen.fetch_add(1, Ordering::Relaxed) + 1;
            if due.is_none() && seen % rule.every.max(1) == 0 {
                due = Some(rule);
            }
        }
        let rule = due?;
        if rule.once_per_request && !proxy.faulted_once.lock().unwrap().insert(request) {
            return None;
        }
        Some((rule.fault.clone(), call))
    });
    let Some((fault, call)) = fault else {
        return match forward(&proxy.agent, &proxy.upstream, &head, &bytes).await {
            Ok(reply) => respond(reply),
            Err(error) => failure(&error),
        };
    };
    proxy.counts.faulted.fetch_add(1, Ordering::Relaxed);
    let (head, bytes) =
        if matches!(fault, Fault::RepeatToken(_)) { without_loop_token(head, bytes) } else { (head, bytes) };
    let upstream = || forward(&proxy.agent, &proxy.upstream, &head, &bytes);
    match fault {
        Fault::Throttle => respond(refusal::throttled(call.protocol, &call.service)),
        Fault::Bare429 => respond(Reply { status: 429, headers: Vec::new(), body: String::new() }),
        Fault::Bare503 => respond(Reply { status: 503, headers: Vec::new(), body: String::new() }),
        Fault::ServerError => {
            respond(refusal::error(call.protocol, 500, "InternalFailure", "the fault proxy failed this request"))
        }
        // Ending the handler's task without an answer makes the server drop the connection;
        // `resume_unwind` does so without printing a panic message.
        Fault::Reset => std::panic::resume_unwind(Box::new("reset by the fault proxy")),
        Fault::Hang => std::future::pending().await,
        Fault::Deny => {
            let (status, code) = match call.protocol {
                Protocol::Ec2Query => (403, "UnauthorizedOperation"),
                Protocol::AwsJson | Protocol::RestJson => (403, "AccessDeniedException"),
                Protocol::Query | Protocol::RestXml => (403, "AccessDenied"),
            };
            respond(refusal::error(call.protocol, status, code, "denied by the fault proxy"))
        }
        Fault::QuoteRequest => {
            let header = |name: &str| head.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
            let message = format!(
                "The request signature we calculated does not match. Authorization: {}; X-Amz-Security-Token: {}",
                header("authorization"),
                header("x-amz-security-token")
            );
            respond(refusal::error(call.protocol, 400, "IncompleteSignature", &message))
        }
        Fault::Garble => respond(Reply { status: 200, headers: Vec::new(), body: "\u{1}<{garbled answer".to_owned() }),
        Fault::Truncate => match upstream().await {
            Ok(mut reply) => {
                let mut cut = reply.body.len() / 2;
                while !reply.body.is_char_boundary(cut) {
                    cut -= 1;
                }
                reply.body.truncate(cut);
                respond(reply)
            }
            Err(error) => failure(&error),
        },
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            match upstream().await {
                Ok(reply) => respond(reply),
                Err(error) => failure(&error),
            }
        }
        Fault::RepeatToken(key) => match upstream().await {
            Ok(mut reply) => {
                if let Ok(serde_json::Value::Object(mut page)) = serde_json::from_str(&reply.body) {
                    page.insert(key.to_owned(), serde_json::Value::from(LOOP_TOKEN));
                    reply.body = serde_json::Value::Object(page).to_string();
                }
                respond(reply)
            }
            Err(error) => failure(&error),
        },
    }
}

/// The request without [`LOOP_TOKEN`], wherever the protocol put it: a JSON body member or a
/// query parameter.
fn without_loop_token(
    mut head: axum::http::request::Parts,
    bytes: axum::body::Bytes,
) -> (axum::http::request::Parts, axum::body::Bytes) {
    if let Some(query) = head.uri.query().filter(|query| query.contains(LOOP_TOKEN)) {
        let kept: Vec<&str> = query.split('&').filter(|pair| !pair.ends_with(LOOP_TOKEN)).collect();
        let path = if kept.is_empty() {
            head.uri.path().to_owned()
        } else {
            format!("{}?{}", head.uri.path(), kept.join("&"))
        };
        head.uri = path.parse().expect("the same URI, less one parameter");
    }
    let bytes = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut body)) if body.values().any(|value| value == LOOP_TOKEN) => {
            body.retain(|_, value| value != LOOP_TOKEN);
            serde_json::to_vec(&body).expect("JSON").into()
        }
        _ => bytes,
    };
    (head, bytes)
}
