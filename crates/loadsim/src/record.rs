//! Making a recording: a proxy in front of a real endpoint (the emulator, seeded with a realistic
//! account) that passes every request on and keeps each answer under the request's key, the
//! caller's account id and region made placeholders.
//!
//! The proxy learns which account a session key belongs to from the `AssumeRole` answers that pass
//! through it; any other key is the caller's (`caller_account`).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::response::Response;
use tokio::net::TcpListener;

use crate::forward::{agent, failure, forward, respond};
use crate::recording::{Recorded, Recording, Reply};
use crate::request::{Call, Parts, placeholders};
use crate::signed;

const MAX_BODY: usize = 16 << 20;
/// Response headers kept: what a client reads besides the body.
const KEPT_HEADERS: &[&str] = &["content-type", "x-amzn-errortype", "x-amz-bucket-region"];
/// Tags whose text is a fresh id in every answer, made constant so that repeated answers compare.
const REQUEST_ID_TAGS: &[&str] = &["RequestId", "requestId", "RequestID"];

struct Recorder {
    upstream: String,
    caller_account: String,
    agent: ureq::Agent,
    /// Session access key → account.
    sessions: Mutex<HashMap<String, String>>,
    answers: Mutex<HashMap<String, Recorded>>,
}

/// Proxies to `upstream` until `shutdown` completes, and returns what was recorded.
///
/// # Errors
/// The listener fails.
pub async fn record(
    listener: TcpListener,
    upstream: String,
    caller_account: String,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<Vec<Recorded>> {
    let agent = agent();
    let recorder = Arc::new(Recorder {
        upstream: upstream.trim_end_matches('/').to_owned(),
        caller_account,
        agent,
        sessions: Mutex::new(HashMap::new()),
        answers: Mutex::new(HashMap::new()),
    });
    let app = Router::new().fallback(proxy).with_state(Arc::clone(&recorder));
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
    let answers = std::mem::take(&mut *recorder.answers.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    Ok(answers.into_values().collect())
}

/// A recording of `answers`, described by `source`.
pub fn recording(source: String, answers: Vec<Recorded>) -> Recording {
    Recording { source, answers }
}

async fn proxy(State(recorder): State<Arc<Recorder>>, request: Request) -> Response {
    let (head, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return failure("the request body could not be read");
    };
    let reply = match forward(&recorder.agent, &recorder.upstream, &head, &bytes).await {
        Ok(reply) => reply,
        Err(error) => return failure(&error),
    };

    let header = |name: &str| head.headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(signer) = header("authorization").and_then(signed::parse) {
        let text = String::from_utf8_lossy(&bytes);
        recorder.keep(
            &signer,
            Parts {
                method: head.method.as_str(),
                path: head.uri.path(),
                query: head.uri.query(),
                target: header("x-amz-target"),
                body: &text,
            },
            &reply,
        );
    }
    respond(reply)
}

impl Recorder {
    fn keep(&self, signer: &signed::Signer, parts: Parts<'_>, reply: &Reply) {
        let account = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&signer.access_key_id)
            .cloned()
            .unwrap_or_else(|| self.caller_account.clone());
        let call = Call::new(&signer.service, &account, &signer.region, parts);
        if call.api == "sts:AssumeRole"
            && let Some((key, session_account)) = session(&reply.body)
        {
            self.sessions.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key, session_account);
        }
        let kept = Reply {
            status: reply.status,
            headers: reply
                .headers
                .iter()
                .filter(|(name, _)| KEPT_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
                .map(|(name, value)| (name.to_ascii_lowercase(), placeholders(value, &account, &signer.region)))
                .collect(),
            body: placeholders(&constant_request_ids(&reply.body), &account, &signer.region),
        };
        let mut answers = self.answers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = answers.entry(call.key.clone()).or_insert_with(|| Recorded {
            key: call.key.clone(),
            api: call.api.clone(),
            replies: Vec::new(),
        });
        if entry.replies.last() != Some(&kept) {
            entry.replies.push(kept);
        }
    }
}

/// The access key and account of an `AssumeRole` answer.
fn session(body: &str) -> Option<(String, String)> {
    let key = between(body, "<AccessKeyId>", "</AccessKeyId>")?;
    let arn = between(body, "<Arn>", "</Arn>")?;
    let account = arn.split(':').nth(4)?;
    Some((key.to_owned(), account.to_owned()))
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text.get(start..)?.find(close)? + start;
    text.get(start..end)
}

/// `body` with the text of every request-id tag made `loadsim`.
fn constant_request_ids(body: &str) -> String {
    let mut out = body.to_owned();
    for tag in REQUEST_ID_TAGS {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let mut from = 0;
        while let Some(start) = out.get(from..).and_then(|rest| rest.find(&open)).map(|at| at + from + open.len()) {
            let Some(end) = out.get(start..).and_then(|rest| rest.find(&close)).map(|at| at + start) else { break };
            out.replace_range(start..end, "loadsim");
            from = start + "loadsim".len() + close.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_made_constant() {
        let body = "<A><RequestId>1f-2e</RequestId><requestId>x</requestId><RequestId>y</RequestId></A>";
        assert_eq!(
            constant_request_ids(body),
            "<A><RequestId>loadsim</RequestId><requestId>loadsim</requestId><RequestId>loadsim</RequestId></A>"
        );
    }

    #[test]
    fn a_session_names_its_account() {
        let body = "<Credentials><AccessKeyId>ASIAX</AccessKeyId></Credentials><AssumedRoleUser>\
                    <Arn>arn:aws:sts::200000000001:assumed-role/R/s</Arn></AssumedRoleUser>";
        assert_eq!(session(body), Some(("ASIAX".to_owned(), "200000000001".to_owned())));
    }
}
