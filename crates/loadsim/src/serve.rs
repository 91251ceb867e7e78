//! The simulator: answers every signed request from the recording (or, for STS and the
//! organization's account lists, from the synthetic organization), after the configured latency,
//! unless the caller's bucket for that API is empty.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::response::Response;
use tokio::net::TcpListener;

use crate::org::Organization;
use crate::recording::{Recorded, Recording, Reply};
use crate::request::{Call, Parts, Protocol};
use crate::stats::{Outcome, Stats};
use crate::throttle::Buckets;
use crate::{form, refusal, signed};

/// The largest request body read (the collector's are a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// How the simulator behaves.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The recorded answers.
    pub recording: Recording,
    /// The synthetic organization.
    pub organization: Organization,
    /// Added to every answer.
    pub latency: Duration,
    /// Tokens per second of each account × API bucket (`0`: no throttling).
    pub rate: f64,
    /// The size of each bucket.
    pub burst: f64,
}

struct Simulator {
    answers: HashMap<String, Recorded>,
    organization: Organization,
    latency: Duration,
    buckets: Buckets,
    stats: Stats,
    /// For keys with several answers in sequence: how far each account has got.
    turns: Mutex<HashMap<(String, String), usize>>,
}

/// Serves on `listener` until `shutdown` completes, then returns what it served.
///
/// # Errors
/// The listener fails.
pub async fn serve(
    listener: TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<crate::stats::Counts> {
    let simulator = Arc::new(Simulator {
        answers: settings.recording.index(),
        organization: settings.organization,
        latency: settings.latency,
        buckets: Buckets::new(settings.rate, settings.burst),
        stats: Stats::default(),
        turns: Mutex::new(HashMap::new()),
    });
    let app = Router::new().fallback(handle).with_state(Arc::clone(&simulator));
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
    Ok(simulator.stats.snapshot())
}

async fn handle(State(simulator): State<Arc<Simulator>>, request: Request) -> Response {
    let (head, body) = request.into_parts();
    let header = |name: &str| head.headers.get(name).and_then(|v| v.to_str().ok());
    let Some(signer) = header("authorization").and_then(signed::parse) else {
        if head.uri.path() == "/loadsim/stats" {
            let counts = serde_json::to_string(&simulator.stats.snapshot()).unwrap_or_default();
            let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
            return respond(Reply { status: 200, headers, body: counts });
        }
        let reply = refusal::error(Protocol::Query, 403, "MissingAuthenticationToken", "the request is not signed");
        return respond(reply);
    };
    let _held = simulator.stats.hold();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return respond(refusal::error(Protocol::Query, 400, "LoadsimBadBody", "the body could not be read"));
    };
    let body = String::from_utf8_lossy(&bytes);
    let account = simulator.organization.account_of(&signer.access_key_id);
    let parts = Parts {
        method: head.method.as_str(),
        path: head.uri.path(),
        query: head.uri.query(),
        target: header("x-amz-target"),
        body: &body,
    };
    let call = Call::new(&signer.service, &account, &signer.region, parts);

    let arrived = Instant::now();
    let (outcome, reply) = if simulator.buckets.take(&account, &call.api, arrived) {
        match simulator.answer(&call, &account, &signer, parts) {
            Some(reply) => (Outcome::Answered, reply),
            None => (Outcome::Unrecorded, refusal::not_recorded(call.protocol)),
        }
    } else {
        (Outcome::Throttled, refusal::throttled(call.protocol, &call.service))
    };
    simulator.stats.record(&account, &call.api, &call.key, outcome);
    tokio::time::sleep_until((arrived + simulator.latency).into()).await;
    respond(reply)
}

impl Simulator {
    /// The answer to a call that was not throttled, or `None` when nothing was recorded for it.
    fn answer(&self, call: &Call, account: &str, signer: &signed::Signer, parts: Parts<'_>) -> Option<Reply> {
        if let Some(reply) = self.made_up(call, account, signer, parts) {
            return Some(reply);
        }
        let recorded = self.answers.get(&call.key)?;
        let turn = if recorded.replies.len() > 1 {
            let mut turns = self.turns.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let turn = turns.entry((account.to_owned(), call.key.clone())).or_insert(0);
            let now = *turn;
            *turn += 1;
            now
        } else {
            0
        };
        let reply = recorded.replies.get(turn).or_else(|| recorded.replies.last())?;
        Some(reply.for_caller(account, &signer.region))
    }

    /// The answers that depend on the organization rather than on the recording.
    fn made_up(&self, call: &Call, account: &str, signer: &signed::Signer, parts: Parts<'_>) -> Option<Reply> {
        let org = &self.organization;
        match call.api.as_str() {
            "sts:GetCallerIdentity" => Some(org.caller_identity(account, &signer.access_key_id)),
            "sts:AssumeRole" => Some(org.assume_role(&form::value(parts.body, "RoleArn").unwrap_or_default())),
            "organizations:ListAccounts" | "organizations:ListAccountsForParent" => {
                let request: serde_json::Value = serde_json::from_str(parts.body).unwrap_or_default();
                let token = request.get("NextToken").and_then(serde_json::Value::as_str);
                let of_root = call.api.ends_with("ListAccounts")
                    || request.get("ParentId").and_then(serde_json::Value::as_str).is_some_and(|p| p.starts_with("r-"));
                Some(org.list_accounts(token, of_root))
            }
            _ => None,
        }
    }
}

fn respond(reply: Reply) -> Response {
    let mut response = crate::forward::respond(reply);
    response.headers_mut().insert("x-amzn-requestid", HeaderValue::from_static("loadsim"));
    response
}
