//! The simulator's own answers in each protocol's error shape: throttling (the code each service
//! really uses, so the SDK classifies it as AWS's), and a request nothing was recorded for.

use crate::recording::Reply;
use crate::request::Protocol;

/// REST-XML services whose errors stand alone (`<Error>…</Error>`, S3's shape). The others
/// (CloudFront, Route 53 …) wrap them in `<ErrorResponse>`, and the SDK reads no error code from
/// an unwrapped one: a throttled CloudFront call answered S3's way was not retried.
const UNWRAPPED_REST_XML: &[&str] = &["s3", "s3control"];

/// The answer to a call over the account's rate for that API.
pub fn throttled(protocol: Protocol, service: &str) -> Reply {
    let code = match (protocol, service) {
        (Protocol::Ec2Query, _) => "RequestLimitExceeded",
        (Protocol::RestXml, "s3") => "SlowDown",
        (Protocol::Query | Protocol::RestXml, _) => "Throttling",
        (Protocol::AwsJson | Protocol::RestJson, _) => "ThrottlingException",
    };
    let status = match (protocol, service) {
        (Protocol::Ec2Query, _) | (Protocol::RestXml, "s3") => 503,
        (Protocol::RestJson, _) => 429,
        _ => 400,
    };
    let mut reply = error(protocol, status, code, "Rate exceeded");
    if matches!(protocol, Protocol::RestXml) && !UNWRAPPED_REST_XML.contains(&service) {
        reply.body = format!("<ErrorResponse>{}</ErrorResponse>", reply.body);
    }
    reply
}

/// The answer to a request that matches no recorded one.
pub fn not_recorded(protocol: Protocol) -> Reply {
    error(protocol, 400, "LoadsimNotRecorded", "the load simulator has no recorded answer for this request")
}

/// An error `code` in the shape of `protocol`.
pub fn error(protocol: Protocol, status: u16, code: &str, message: &str) -> Reply {
    let (content_type, body) = match protocol {
        Protocol::Ec2Query => (
            "text/xml",
            format!(
                "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>\
                 <RequestID>loadsim</RequestID></Response>"
            ),
        ),
        Protocol::Query => (
            "text/xml",
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
                 <RequestId>loadsim</RequestId></ErrorResponse>"
            ),
        ),
        Protocol::RestXml => (
            "application/xml",
            format!("<Error><Code>{code}</Code><Message>{message}</Message><RequestId>loadsim</RequestId></Error>"),
        ),
        Protocol::AwsJson => {
            ("application/x-amz-json-1.1", serde_json::json!({ "__type": code, "message": message }).to_string())
        }
        Protocol::RestJson => ("application/json", serde_json::json!({ "message": message }).to_string()),
    };
    let mut headers = vec![("content-type".to_owned(), content_type.to_owned())];
    if matches!(protocol, Protocol::RestJson | Protocol::AwsJson) {
        headers.push(("x-amzn-errortype".to_owned(), code.to_owned()));
    }
    Reply { status, headers, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_protocol_throttles_with_its_own_code() {
        assert!(throttled(Protocol::Ec2Query, "ec2").body.contains("<Code>RequestLimitExceeded</Code>"));
        assert_eq!(throttled(Protocol::RestXml, "s3").status, 503);
        assert!(throttled(Protocol::Query, "iam").body.contains("<Code>Throttling</Code>"));
        let json = throttled(Protocol::AwsJson, "kms");
        assert!(json.body.contains("\"__type\":\"ThrottlingException\""), "{}", json.body);
        let rest = throttled(Protocol::RestJson, "lambda");
        assert_eq!(rest.status, 429);
        assert!(rest.headers.contains(&("x-amzn-errortype".to_owned(), "ThrottlingException".to_owned())));
    }
}
