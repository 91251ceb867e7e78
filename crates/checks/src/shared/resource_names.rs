//! Resource names for people: a resource's `Name` tag with its id, the way the console shows it.

use maturity_evidence::Tags;

/// `web-1 (i-0abc)` when the resource has a non-empty `Name` tag, else the id alone.
#[must_use]
pub(crate) fn named(id: &str, tags: &Tags) -> String {
    match tags.get("Name").map(|name| name.trim()) {
        Some(name) if !name.is_empty() => format!("{name} ({id})"),
        _ => id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_tag_comes_first_and_blank_names_are_ignored() {
        let mut tags = Tags::new();
        assert_eq!(named("i-0abc", &tags), "i-0abc");
        tags.insert("Name".to_owned(), "  ".to_owned());
        assert_eq!(named("i-0abc", &tags), "i-0abc");
        tags.insert("Name".to_owned(), "web-1".to_owned());
        assert_eq!(named("i-0abc", &tags), "web-1 (i-0abc)");
    }
}
