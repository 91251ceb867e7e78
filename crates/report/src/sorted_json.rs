//! JSON written with every object's members in name order, whatever serde_json's features.
//!
//! serde_json keeps an object's members sorted by name, unless some crate of the build turns on
//! its `preserve_order` feature: then in the order they were inserted. The full tool's build has
//! it on (through the AWS SDK's HTTP client), the offline build does not, so a document built as
//! a `serde_json::Value` would be written in one order by one build and another by the other.
//! Writing through [`Sorted`] gives the same bytes from both.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// A JSON value that serializes with its objects' members sorted by name, at every depth.
pub struct Sorted<'a>(pub &'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(members) => {
                let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(b.0));
                let mut map = serializer.serialize_map(Some(sorted.len()))?;
                for (name, value) in sorted {
                    map.serialize_entry(name, &Sorted(value))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Sorted(item))?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_out_in_name_order_at_every_depth() {
        let mut inner = serde_json::Map::new();
        inner.insert("z".to_owned(), Value::from(1));
        inner.insert("a".to_owned(), Value::from(2));
        let mut outer = serde_json::Map::new();
        outer.insert("y".to_owned(), Value::Array(vec![Value::Object(inner.clone())]));
        outer.insert("b".to_owned(), Value::Object(inner));
        let text = serde_json::to_string(&Sorted(&Value::Object(outer))).unwrap_or_default();
        assert_eq!(text, r#"{"b":{"a":2,"z":1},"y":[{"a":2,"z":1}]}"#);
    }
}
