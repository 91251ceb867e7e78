//! Passing a request on to another endpoint and reading its whole answer: what the recording
//! proxy does in front of the emulator, and what the collector's fault-injecting test proxy does
//! before it spoils an answer.

use axum::body::Body;
use axum::http::request::Parts as Head;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use crate::recording::Reply;

/// Headers about how the upstream framed its body, which the answer passed on does not keep.
const FRAMING: &[&str] = &["content-length", "transfer-encoding", "connection"];

/// An HTTP client that hands back error statuses as answers, not errors.
#[must_use]
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// Sends the request (`head`, `body`) to `upstream` (scheme, host and port, no path) and returns
/// its answer.
///
/// # Errors
/// The upstream cannot be reached or its answer cannot be read, in words.
pub async fn forward(agent: &ureq::Agent, upstream: &str, head: &Head, body: &[u8]) -> Result<Reply, String> {
    let url = format!("{}{}", upstream.trim_end_matches('/'), head.uri.path_and_query().map_or("/", |pq| pq.as_str()));
    let mut request = axum::http::Request::builder().method(head.method.clone()).uri(&url);
    for (name, value) in &head.headers {
        if name != "host" && name != "content-length" {
            request = request.header(name, value);
        }
    }
    let request = request.body(body.to_vec()).map_err(|e| format!("the request could not be passed on: {e}"))?;
    let agent = agent.clone();
    tokio::task::spawn_blocking(move || {
        let mut response = agent.run(request).map_err(|e| format!("the upstream failed: {e}"))?;
        let status = response.status().as_u16();
        // The body is passed on whole, so its framing is the proxy's own to choose.
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| !FRAMING.contains(&name.as_str()))
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect();
        let body = response.body_mut().read_to_string().map_err(|e| format!("the upstream's answer: {e}"))?;
        Ok(Reply { status, headers, body })
    })
    .await
    .map_err(|e| format!("the proxy failed: {e}"))?
}

/// `reply` as an HTTP response.
#[must_use]
pub fn respond(reply: Reply) -> Response {
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (axum::http::HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// A 502 saying what went wrong in the proxy.
#[must_use]
pub fn failure(message: &str) -> Response {
    let mut response = Response::new(Body::from(message.to_owned()));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}
