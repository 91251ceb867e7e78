//! Text as OSCAL wants it: single-line values without outer whitespace, and Markdown that cannot
//! carry markup from AWS.
//!
//! OSCAL strings (property values, titles) are one line with no leading or trailing whitespace;
//! descriptions and prose are Markdown. Finding messages and reasons quote names from AWS
//! (resource names, tags), which anyone who can create a resource in a scanned account chooses:
//! a consumer that renders the Markdown as HTML must not get a tag or a link from them, so
//! [`markdown`] escapes `<`, `>` and the brackets of link syntax.

/// `text` on one line: every run of whitespace (newlines included) becomes one space, and the ends
/// are trimmed. Empty when `text` is only whitespace.
pub(crate) fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text from AWS or from people, as Markdown that shows it literally: `<` and `>` as entities,
/// `[`, `]` and `\` escaped with a backslash. Outer whitespace is trimmed.
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// [`markdown`] on one line, for titles.
pub(crate) fn markdown_line(text: &str) -> String {
    markdown(&single_line(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_joins_lines_and_trims() {
        assert_eq!(single_line("  a\n b\t\tc \r\n"), "a b c");
        assert_eq!(single_line(" \n "), "");
    }

    #[test]
    fn markdown_escapes_tags_and_links() {
        assert_eq!(
            markdown("<script>[x](javascript:alert(1)) a\\b\n"),
            "&lt;script&gt;\\[x\\](javascript:alert(1)) a\\\\b"
        );
    }
}
