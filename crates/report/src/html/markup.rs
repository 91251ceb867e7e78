//! The markup pieces every section uses: status classes and badges, and prose with code spans.
//!
//! Everything here, like every template of the report, goes through maud's `html!`, which
//! escapes every value it is given: text from the assessment (resource names, tags, messages,
//! answers) cannot become markup, because AWS lets people put `<script>` in a tag value and the
//! report must show it, not run it.

use maud::{Markup, html};

use maturity_assess::Status;

use crate::view;

/// The CSS class of a status: `s-not_met`.
pub(crate) fn status_class(status: Status) -> String {
    format!("s-{}", status.id())
}

/// A status badge: icon and word, coloured by class.
pub(crate) fn badge(status: Status) -> Markup {
    html! {
        span.badge.(status_class(status)) {
            span.icon aria-hidden="true" { (view::status_icon(status)) }
            " " (view::status_label(status))
        }
    }
}

/// `text`, with Markdown-style `code` spans turned into `<code>` (reasons quote ids that way).
pub(crate) fn prose(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_escapes_inside_and_outside_code_spans() {
        assert_eq!(prose("needs `<b>` and <i>").into_string(), "needs <code>&lt;b&gt;</code> and &lt;i&gt;");
    }

    #[test]
    fn prose_escapes_quotes_and_ampersands() {
        assert_eq!(
            prose(r#"<script>alert("x" & 'y')</script>"#).into_string(),
            "&lt;script&gt;alert(&quot;x&quot; &amp; 'y')&lt;/script&gt;"
        );
    }

    #[test]
    fn prose_leaves_plain_text_and_unicode_alone() {
        assert_eq!(prose("sg-0123 → ok ✓").into_string(), "sg-0123 → ok ✓");
    }

    #[test]
    fn a_badge_says_its_status_in_words() {
        assert_eq!(
            badge(Status::NotMet).into_string(),
            r#"<span class="badge s-not_met"><span class="icon" aria-hidden="true">✗</span> Not met</span>"#
        );
    }
}
