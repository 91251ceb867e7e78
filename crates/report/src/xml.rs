//! A small XML writer: elements, attributes and text, every string escaped on the way out.
//!
//! The JUnit report is the only XML we write, and it needs no more than this; text from AWS
//! (resource names, messages that quote tags) goes through [`escape`], so a name holding `<`,
//! `&` or a quote cannot change the document's structure. XML 1.0 cannot carry most control
//! characters at all, even escaped, so they are written as U+FFFD.

use std::fmt::Write as _;

/// An XML document being written, with the elements still open.
pub(crate) struct Xml {
    out: String,
    open: Vec<&'static str>,
    /// Whether the last start tag is still waiting for its `>` (so that an empty element can be
    /// closed as `<a/>`).
    pending: bool,
}

impl Xml {
    /// A document with its XML declaration.
    pub(crate) fn new() -> Self {
        Self { out: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_owned(), open: Vec::new(), pending: false }
    }

    /// Opens `<name a="1" …>`.
    pub(crate) fn open(&mut self, name: &'static str, attributes: &[(&str, &str)]) {
        self.finish_start_tag();
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            let _ = write!(self.out, " {key}=\"{}\"", escape(value, true));
        }
        self.open.push(name);
        self.pending = true;
    }

    /// Writes `<name …>text</name>` on one line, or `<name …/>` when `text` is empty.
    pub(crate) fn leaf(&mut self, name: &'static str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        if !text.is_empty() {
            self.out.push('>');
            self.out.push_str(&escape(text, false));
            self.pending = false;
        }
        self.close_inline();
    }

    /// Closes the innermost open element.
    pub(crate) fn close(&mut self) {
        let Some(name) = self.open.pop() else { return };
        if self.pending {
            self.out.push_str("/>\n");
            self.pending = false;
        } else {
            self.indent();
            let _ = writeln!(self.out, "</{name}>");
        }
    }

    /// The document, with every element closed.
    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }

    fn close_inline(&mut self) {
        let Some(name) = self.open.pop() else { return };
        if self.pending {
            self.out.push_str("/>\n");
            self.pending = false;
        } else {
            let _ = writeln!(self.out, "</{name}>");
        }
    }

    fn finish_start_tag(&mut self) {
        if self.pending {
            self.out.push_str(">\n");
            self.pending = false;
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }
}

/// `text` as XML character data, or as an attribute value (`in_attribute`), with the characters
/// XML 1.0 cannot hold replaced by U+FFFD. Quotes are escaped everywhere, so either quoting works.
fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A parser folds these to spaces in an attribute, and a carriage return to a line feed
            // anywhere: references keep them as they were.
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// The characters XML 1.0 allows (its production `Char`), tab, line feed and carriage return
/// aside.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#, false), "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    }

    #[test]
    fn characters_xml_cannot_hold_become_replacement_characters() {
        assert_eq!(escape("a\u{0}b\u{1B}c\u{FFFE}", false), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
    }

    #[test]
    fn line_breaks_survive_in_attributes_and_text() {
        assert_eq!(escape("line\nnext\ttab\r", true), "line&#10;next&#9;tab&#13;");
        assert_eq!(escape("line\nnext\ttab\r", false), "line\nnext\ttab&#13;");
    }

    #[test]
    fn elements_nest_and_empty_ones_close_themselves() {
        let mut xml = Xml::new();
        xml.open("a", &[("n", "1 < 2")]);
        xml.leaf("b", &[], "");
        xml.leaf("c", &[("k", "v")], "text & more");
        let text = xml.finish();
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a n=\"1 &lt; 2\">\n  <b/>\n  <c k=\"v\">text &amp; more</c>\n</a>\n"
        );
    }
}
