//! Answers that arrived whole. The SDK's XML reader accepts a document that stops in the middle:
//! a list cut short parses as a shorter list, which the scan would take for the whole list. A
//! JSON reader fails on the same cut, so only XML needs this: [`WholeAnswers`] refuses an XML
//! answer whose root element is not closed, and the call fails (its fact is `failed`, naming the
//! cut), never `ok` with part of the list. Error answers too: half an error document may still
//! name a code such as `NoSuchEntity`, which a collector would read as "nothing configured".
//! (A cut 429 or 503 is still retried: those are classified by their status.)

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::AfterDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// An answer that ended before its document did.
#[derive(Debug, thiserror::Error)]
#[error(
    "the answer ended before its XML document did (root element <{0}> not closed); the list it holds may be incomplete"
)]
pub(crate) struct CutShort(String);

/// The interceptor that refuses XML answers cut short.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WholeAnswers;

impl Intercept for WholeAnswers {
    fn name(&self) -> &'static str {
        "MaturityWholeAnswers"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        match context.response().body().bytes().map(unclosed_root) {
            Some(Some(root)) => Err(CutShort(root).into()),
            _ => Ok(()),
        }
    }
}

/// The root element's name when `body` is an XML document whose root is not closed at its end;
/// `None` for a whole document, and for anything that is not XML (JSON, an empty body).
fn unclosed_root(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    let mut rest = text;
    // Skip the prolog, comments and a document type before the root element.
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = after.split_once('>').map_or("", |(_, tail)| tail);
        } else {
            break;
        }
    }
    let tag = rest.strip_prefix('<')?;
    let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
    // HTML (an error page from a proxy or an emulator) is not XML: its own reader judges it.
    if name.is_empty() || name.eq_ignore_ascii_case("html") {
        return None;
    }
    let opening_end = tag.find('>')?;
    let self_closing = tag.get(..opening_end).is_some_and(|open| open.ends_with('/'));
    let whole = (self_closing && tag.len() == opening_end + 1) || text.ends_with(&format!("</{name}>"));
    (!whole).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_document_passes() {
        let whole = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><regionInfo><item><regionName>eu-west-1</regionName></item></regionInfo></DescribeRegionsResponse>
"#;
        assert_eq!(unclosed_root(whole.as_bytes()), None);
        assert_eq!(unclosed_root(b"<ListBucketsResult/>"), None);
        assert_eq!(unclosed_root(b"<!-- note --><Root a=\"1\"><x/></Root>"), None);
    }

    #[test]
    fn a_document_cut_short_is_named() {
        let cut = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><regionInfo><item><regionName>eu-west-1</regionName></item><item><regi"#;
        assert_eq!(unclosed_root(cut.as_bytes()), Some("DescribeRegionsResponse".to_owned()));
        assert_eq!(unclosed_root(b"<ListRolesResponse><ListRolesResult>"), Some("ListRolesResponse".to_owned()));
    }

    #[test]
    fn other_bodies_are_left_to_their_readers() {
        assert_eq!(unclosed_root(br#"{"Analyzers": ["#), None, "JSON fails in its own reader");
        assert_eq!(unclosed_root(b""), None);
        assert_eq!(unclosed_root(&[0xff, 0xfe]), None);
        let page = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n";
        assert_eq!(unclosed_root(page.as_bytes()), None, "an HTML error page fails in the SDK's reader");
    }
}
