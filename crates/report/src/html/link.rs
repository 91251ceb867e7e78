//! Links that leave the report, and only to `https://` addresses.
//!
//! Link targets come from the catalogs, the roadmap and hand-edited answers files. A target such
//! as `javascript:alert(1)` or `data:text/html,…` would run in the reader's browser when clicked,
//! and escaping does not help with that: the scheme itself is the danger. So an outside link can
//! only be built from an [`HttpsUrl`], and anything else is shown as plain text.

use maud::{Markup, Render, html};

/// A URL that starts with `https://` and holds no whitespace or control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HttpsUrl<'a>(&'a str);

impl<'a> HttpsUrl<'a> {
    /// `url`, if it is a plain `https://` address.
    pub(crate) fn parse(url: &'a str) -> Option<Self> {
        let host_and_path = url.strip_prefix("https://")?;
        let plain = !host_and_path.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        plain.then_some(Self(url))
    }
}

impl Render for HttpsUrl<'_> {
    fn render_to(&self, buffer: &mut String) {
        // Escaped like any text: a `"` must not end the attribute.
        self.0.render_to(buffer);
    }
}

/// A link that opens outside the report.
pub(crate) fn external(url: HttpsUrl<'_>, text: &str) -> Markup {
    html! { a.external href=(url) rel="noopener noreferrer" { (text) } }
}

/// A link to `url` when it is an `https://` address, otherwise `text` in a plain span.
pub(crate) fn external_or_text(url: &str, text: &str) -> Markup {
    match HttpsUrl::parse(url) {
        Some(url) => external(url, text),
        None => html! { span.unlinked { (text) } },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_https_addresses() {
        assert!(HttpsUrl::parse("https://docs.aws.amazon.com/guardduty/").is_some());
    }

    #[test]
    fn refuses_other_schemes_and_odd_characters() {
        for url in [
            "http://example.com",
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            " https://example.com",
            "https://",
            "https://example.com/a b",
            "https://example.com/\u{0}",
            "//example.com",
            "",
        ] {
            assert_eq!(HttpsUrl::parse(url), None, "{url:?}");
        }
    }

    #[test]
    fn quotes_in_a_url_cannot_leave_the_attribute() {
        let link = external_or_text(r#"https://example.com/"onmouseover="alert(1)"#, "x").into_string();
        assert_eq!(
            link,
            r#"<a class="external" href="https://example.com/&quot;onmouseover=&quot;alert(1)" rel="noopener noreferrer">x</a>"#
        );
    }

    #[test]
    fn other_targets_become_text() {
        let text = external_or_text("javascript:alert(1)", "<b>click</b>").into_string();
        assert_eq!(text, r#"<span class="unlinked">&lt;b&gt;click&lt;/b&gt;</span>"#);
    }
}
