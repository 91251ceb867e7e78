//! Escaping and the few markup pieces every section uses.
//!
//! Everything that comes from the assessment (resource names, tags, messages, answers) is
//! written through [`esc`]: AWS lets people put `<script>` in a tag value, and the report must
//! show it, not run it.

use std::fmt::{self, Display, Write as _};

use maturity_assess::Status;

use crate::view;

/// Text escaped for HTML content and quoted attribute values.
pub(crate) struct Escaped<'a>(&'a str);

/// Escapes `text` for HTML.
pub(crate) fn esc(text: &str) -> Escaped<'_> {
    Escaped(text)
}

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(position) = rest.find(['&', '<', '>', '"', '\'']) {
            let (plain, tail) = rest.split_at(position);
            f.write_str(plain)?;
            let mut chars = tail.chars();
            f.write_str(match chars.next() {
                Some('&') => "&amp;",
                Some('<') => "&lt;",
                Some('>') => "&gt;",
                Some('"') => "&quot;",
                _ => "&#39;",
            })?;
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

/// The CSS class of a status: `s-not_met`.
pub(crate) fn status_class(status: Status) -> String {
    format!("s-{}", status.id())
}

/// A status badge: icon and word, coloured by class.
pub(crate) fn badge(out: &mut String, status: Status) -> fmt::Result {
    write!(
        out,
        r#"<span class="badge {}"><span class="icon" aria-hidden="true">{}</span> {}</span>"#,
        status_class(status),
        view::status_icon(status),
        view::status_label(status)
    )
}

/// A link that opens outside the report.
pub(crate) fn external_link(out: &mut String, url: &str, text: &str) -> fmt::Result {
    write!(out, r#"<a class="external" href="{}" rel="noopener noreferrer">{}</a>"#, esc(url), esc(text))
}

/// Renders `text`, turning Markdown-style `code` spans into `<code>` (reasons quote ids that way).
pub(crate) fn prose(out: &mut String, text: &str) -> fmt::Result {
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            write!(out, "<code>{}</code>", esc(part))?;
        } else {
            write!(out, "{}", esc(part))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let text = esc(r#"<script>alert("x" & 'y')</script>"#).to_string();
        assert_eq!(text, "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
    }

    #[test]
    fn leaves_plain_text_and_unicode_alone() {
        assert_eq!(esc("sg-0123 → ok ✓").to_string(), "sg-0123 → ok ✓");
    }

    #[test]
    fn prose_escapes_inside_and_outside_code_spans() {
        let mut out = String::new();
        assert!(prose(&mut out, "needs `<b>` and <i>").is_ok());
        assert_eq!(out, "needs <code>&lt;b&gt;</code> and &lt;i&gt;");
    }
}
