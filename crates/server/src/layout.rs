//! The frame of every page: the report's stylesheet and the dashboard's own (both served by the
//! app, so the dashboard works with no network), a header with the way back to the overview, and
//! headers that keep the browser strict: no script runs, nothing loads from elsewhere, no other
//! site may frame the pages.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::Access;

/// The dashboard's own stylesheet.
pub(crate) const DASHBOARD_CSS: &str = include_str!("dashboard.css");

/// What the browser may do with a page: styles from the app (and the report's inline bar widths),
/// forms posted back to the app, and nothing else (no script at all).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A whole page: `title`, the links above it, and `body`.
pub(crate) fn page(title: &str, crumbs: &[(&str, String)], body: Markup, access: Access) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · maturity" }
                link rel="stylesheet" href="/assets/report.css";
                link rel="stylesheet" href="/assets/dashboard.css";
            }
            body {
                header.top { div.page {
                    h1 { "Security maturity dashboard" }
                    p.sub { "AWS Security Maturity Model v2 and Cloud Security Maturity Model v2, from saved assessments" }
                    nav aria-label="Dashboard" {
                        a href="/" { "Overview" }
                        a href="/diff" { "Latest changes" }
                        a href="/questionnaire" { "Questionnaire" }
                        a href="/exceptions" { "Exceptions" }
                        a href="/inputs" { "Files" }
                        a href="/audit" { "Audit trail" }
                        @if access == Access::Token {
                            form method="post" action="/logout" { button type="submit" { "Sign out" } }
                        }
                    }
                } }
                main.page {
                    @if !crumbs.is_empty() {
                        p.crumbs {
                            @for (i, (text, href)) in crumbs.iter().enumerate() {
                                @if i > 0 { " › " }
                                a href=(href) { (text) }
                            }
                        }
                    }
                    (body)
                }
            }
        }
    }
}

/// A page as a response, with the security headers.
pub(crate) fn respond(status: StatusCode, page: Markup) -> Response {
    let mut response = (status, Html(page.into_string())).into_response();
    harden(&mut response);
    response
}

/// Adds the headers every response carries.
pub(crate) fn harden(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // `same-origin`, not `no-referrer`: with no referrer at all, browsers send `Origin: null` on
    // the forms' posts, which the forgery check must refuse. Other sites still learn nothing.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// A short page that says one thing: not found, bad request, a database error.
pub(crate) fn message(status: StatusCode, title: &str, text: &str) -> Response {
    // The frame's sign-out button needs the access rule, which an error raised outside a handler
    // does not have; error pages go without it.
    let body = html! {
        section.card #message data-status=(status.as_u16()) {
            h2 { (title) }
            p.lead { (text) }
            p { a href="/" { "Back to the overview" } }
        }
    };
    respond(status, page(title, &[], body, Access::Loopback))
}

/// A stylesheet as a response.
pub(crate) fn stylesheet(css: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css).into_response();
    harden(&mut response);
    // Our own constant: it may be kept a while.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
    response
}
