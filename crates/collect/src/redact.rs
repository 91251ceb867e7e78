//! Credentials out of error messages. Some AWS errors quote the request they refuse (a signature
//! mismatch names the access key and the signature provided), and an SDK error can carry a URL
//! with a presigned query; the bundle keeps error texts, and a bundle is shared with auditors.
//! Every error text the collector records passes through [`scrub`] first.

/// What replaces a credential in a message.
const REDACTED: &str = "[redacted]";

/// `text` with signatures, credential scopes, session tokens and access key ids replaced.
pub(crate) fn scrub(text: &str) -> String {
    let mut text = text.to_owned();
    // `name=value` and `name: value` forms, names matched without regard to case; the value runs
    // to the next separator.
    for name in ["signature", "credential", "x-amz-security-token", "x-amz-credential"] {
        text = redact_values(&text, name);
    }
    for tag in ["SignatureProvided", "AWSAccessKeyId", "StringToSign", "CanonicalRequest"] {
        text = redact_element(&text, tag);
    }
    redact_key_ids(&text)
}

/// Replaces the value after each `name=` or `name:` (any case).
fn redact_values(text: &str, name: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let after_name = from + found + name.len();
        let rest = &text[after_name..];
        let separator = rest.len() - rest.trim_start_matches([' ', '=', ':', '"']).len();
        let has_separator = rest[..separator].contains(['=', ':']);
        let value_start = after_name + separator;
        let value_len = text[value_start..].find(is_value_end).unwrap_or(text.len() - value_start);
        if has_separator && value_len > 0 {
            out.push_str(&text[copied..value_start]);
            out.push_str(REDACTED);
            copied = value_start + value_len;
            from = copied;
        } else {
            from = after_name;
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn is_value_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '&' | '"' | '\'' | '<' | ';' | ')')
}

/// Replaces the content of each `<tag>…</tag>`.
fn redact_element(text: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let content = start + open.len();
        let Some(end) = rest[content..].find(&close) else { break };
        out.push_str(&rest[..content]);
        out.push_str(REDACTED);
        rest = &rest[content + end..];
    }
    out.push_str(rest);
    out
}

/// Replaces access key ids (`AKIA` or `ASIA` and 16 more capitals or digits) wherever they stand.
fn redact_key_ids(text: &str) -> String {
    let bytes = text.as_bytes();
    let key_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i + 20 <= bytes.len() {
        let starts = (bytes[i..].starts_with(b"AKIA") || bytes[i..].starts_with(b"ASIA"))
            && (i == 0 || !key_char(bytes[i - 1]))
            && bytes[i + 4..i + 20].iter().all(|b| key_char(*b))
            && bytes.get(i + 20).is_none_or(|b| !key_char(*b));
        if starts {
            out.push_str(&text[copied..i]);
            out.push_str(REDACTED);
            copied = i + 20;
            i = copied;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authorization_header_keeps_its_shape_not_its_secrets() {
        let header = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261203/us-east-1/kms/aws4_request, \
                      SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
        let scrubbed = scrub(header);
        assert_eq!(
            scrubbed,
            "Authorization: AWS4-HMAC-SHA256 Credential=[redacted], SignedHeaders=host;x-amz-date, Signature=[redacted]"
        );
    }

    #[test]
    fn session_tokens_key_ids_and_quoted_requests_are_removed() {
        let text = "refused: X-Amz-Security-Token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVz ; presigned \
                    ?X-Amz-Credential=ASIAXXXXXXXXXXXXXXXX%2F2026&X-Amz-Signature=abc123 \
                    <AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><SignatureProvided>ffff</SignatureProvided> \
                    key ASIAZZZZZZZZZZZZZZZZ used";
        let scrubbed = scrub(text);
        for secret in ["IQoJb3JpZ2lu", "ASIAXXXX", "abc123", "AKIAIOSFODNN7EXAMPLE", "ffff", "ASIAZZZZ"] {
            assert!(!scrubbed.contains(secret), "{secret} in {scrubbed}");
        }
        assert!(scrubbed.starts_with("refused: X-Amz-Security-Token: [redacted] ;"), "{scrubbed}");
    }

    #[test]
    fn ordinary_messages_are_untouched() {
        for text in [
            "AccessDenied: User is not authorized to perform kms:ListKeys (HTTP 403, kms:ListKeys)",
            "the signature of the template is valid",
            "AKIA is a prefix; AKIASHORT is not a key id",
        ] {
            assert_eq!(scrub(text), text);
        }
    }
}
