//! Lists in messages, written as prose.

use std::fmt;

/// `a`, `a and b`, `a, b and c` (empty for no items): written when the message is, so that a
/// message an assessment does not keep costs no list ([`crate::Messages`]).
pub(crate) fn and_list<S: AsRef<str>>(items: &[S]) -> AndList<'_, S> {
    AndList(items)
}

/// A list written as prose ([`and_list`]).
pub(crate) struct AndList<'a, S>(&'a [S]);

impl<S: AsRef<str>> fmt::Display for AndList<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((last, head)) = self.0.split_last() else { return Ok(()) };
        for (i, item) in head.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(item.as_ref())?;
        }
        if !head.is_empty() {
            f.write_str(" and ")?;
        }
        f.write_str(last.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_prose() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(and_list::<&str>(&[]).to_string(), "");
        assert_eq!(and_list(&items[..1]).to_string(), "a");
        assert_eq!(and_list(&items[..2]).to_string(), "a and b");
        assert_eq!(and_list(&items).to_string(), "a, b and c");
        assert_eq!(and_list(&["x", "y"]).to_string(), "x and y");
    }
}
