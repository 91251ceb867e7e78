//! Form-encoded bodies (the query protocol's requests).

/// The decoded value of `name` in a form-encoded body.
pub(crate) fn value(body: &str, name: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| decode(value))
    })
}

/// `%XX` and `+` decoded; a malformed escape is kept as it is.
pub(crate) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_and_decoded() {
        let body = "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A200000000001%3Arole%2FAudit&RoleSessionName=a+b";
        assert_eq!(value(body, "RoleArn").as_deref(), Some("arn:aws:iam::200000000001:role/Audit"));
        assert_eq!(value(body, "RoleSessionName").as_deref(), Some("a b"));
        assert_eq!(value(body, "Missing"), None);
        assert_eq!(decode("100%"), "100%");
    }
}
