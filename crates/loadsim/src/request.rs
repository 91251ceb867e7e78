//! A request as the simulator sees it: which account and region, which API, and the key its
//! recorded answer is filed under.
//!
//! The key is the request with the caller's account id and region replaced by placeholders, so
//! that one recorded account in one region answers for every synthetic account and region:
//! `SERVICE METHOD PATH?QUERY BODY`. Headers are left out (they carry dates and signatures).

use crate::recording::{ACCOUNT, REGION};

/// How the service speaks, which decides the shape of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// JSON with `X-Amz-Target` (Organizations, KMS, SSM …).
    AwsJson,
    /// Form-encoded `Action=…` answered in XML (IAM, STS, CloudWatch …).
    Query,
    /// EC2's own variant of the query protocol.
    Ec2Query,
    /// REST with XML (S3, S3 Control, CloudFront).
    RestXml,
    /// REST with JSON (Lambda, GuardDuty, Backup …).
    RestJson,
}

/// One request, reduced to what decides its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The signing name of the service.
    pub service: String,
    /// The API, for throttling and statistics (`ec2:DescribeInstances`, `s3:GET ?policy`).
    pub api: String,
    /// How the service speaks.
    pub protocol: Protocol,
    /// The key of the recorded answer.
    pub key: String,
}

/// What identifies a request: method, path, query, the `X-Amz-Target` header and the body.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path, as sent.
    pub path: &'a str,
    /// The query string, as sent (without `?`).
    pub query: Option<&'a str>,
    /// The `X-Amz-Target` header, for JSON protocols.
    pub target: Option<&'a str>,
    /// The body, as text.
    pub body: &'a str,
}

/// Services that answer REST with XML.
const REST_XML: &[&str] = &["s3", "cloudfront"];

impl Call {
    /// Reads a request of `service`, sent by `account` in `region`.
    pub fn new(service: &str, account: &str, region: &str, parts: Parts<'_>) -> Call {
        let form_action = form_value(parts.body, "Action");
        let protocol = if parts.target.is_some() {
            Protocol::AwsJson
        } else if form_action.is_some() {
            if service == "ec2" { Protocol::Ec2Query } else { Protocol::Query }
        } else if REST_XML.contains(&service) {
            Protocol::RestXml
        } else {
            Protocol::RestJson
        };
        let api = match (parts.target, &form_action) {
            (Some(target), _) => format!("{service}:{}", target.rsplit('.').next().unwrap_or(target)),
            (None, Some(action)) => format!("{service}:{action}"),
            (None, None) => format!("{service}:{} {}", parts.method, rest_api(service, parts.path, parts.query)),
        };
        let query = parts.query.map(sorted_query).unwrap_or_default();
        let raw =
            format!("{service} {} {}?{query} {} {}", parts.method, parts.path, parts.target.unwrap_or(""), parts.body);
        Call { service: service.to_owned(), api, protocol, key: placeholders(&raw, account, region) }
    }
}

/// `text` with `account` and `region` replaced by the placeholders.
pub fn placeholders(text: &str, account: &str, region: &str) -> String {
    text.replace(account, ACCOUNT).replace(region, REGION)
}

/// The value of `name` in a form-encoded body, if the body is one.
fn form_value(body: &str, name: &str) -> Option<String> {
    crate::form::value(body, name).filter(|value| !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The query's parameters in a fixed order (the SDK's order is stable, but keys should not
/// depend on it).
fn sorted_query(query: &str) -> String {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    pairs.join("&")
}

/// A REST API's name without the values in its path: S3 by its sub-resource (`?policy`), the
/// others by their path with each segment holding a digit, a colon or a dot (ids, ARNs, names
/// with numbers) made `*`.
fn rest_api(service: &str, path: &str, query: Option<&str>) -> String {
    // S3 Control signs as `s3`; its paths start with its API version.
    if service == "s3" && !path.starts_with("/v20180820/") {
        let mut names: Vec<&str> =
            query.unwrap_or("").split('&').filter_map(|p| p.split('=').next()).filter(|n| !n.is_empty()).collect();
        names.sort_unstable();
        let depth = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).count();
        let subject = match depth {
            0 => "/",
            1 => "/bucket",
            _ => "/bucket/key",
        };
        return format!("{subject}?{}", names.join("&"));
    }
    let segments: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let generic = segment.bytes().any(|b| b.is_ascii_digit() || b == b':' || b == b'.' || b == b'%');
            if generic { "*" } else { segment }
        })
        .collect();
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(service: &str, parts: Parts<'_>) -> Call {
        Call::new(service, "200000000001", "eu-west-1", parts)
    }

    const GET: Parts<'static> = Parts { method: "GET", path: "/", query: None, target: None, body: "" };

    #[test]
    fn json_apis_are_named_by_their_target() {
        let c = call(
            "organizations",
            Parts { method: "POST", target: Some("AWSOrganizationsV20161128.ListRoots"), body: "{}", ..GET },
        );
        assert_eq!((c.api.as_str(), c.protocol), ("organizations:ListRoots", Protocol::AwsJson));
    }

    #[test]
    fn query_apis_are_named_by_their_action() {
        let body = "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=owner-id&Filter.1.Value.1=200000000001";
        let c = call("ec2", Parts { method: "POST", body, ..GET });
        assert_eq!((c.api.as_str(), c.protocol), ("ec2:DescribeInstances", Protocol::Ec2Query));
        assert!(c.key.contains("Filter.1.Value.1={ACCOUNT}"), "{}", c.key);
        let iam = call("iam", Parts { method: "POST", body: "Action=ListUsers&Version=2010-05-08", ..GET });
        assert_eq!((iam.api.as_str(), iam.protocol), ("iam:ListUsers", Protocol::Query));
    }

    #[test]
    fn rest_apis_are_named_without_their_ids() {
        let lambda = call("lambda", Parts { path: "/2015-03-31/functions/", ..GET });
        assert_eq!(lambda.api, "lambda:GET /*/functions/");
        let s3 = call("s3", Parts { path: "/a200000000001-eu-west-1", query: Some("policy="), ..GET });
        assert_eq!((s3.api.as_str(), s3.protocol), ("s3:GET /bucket?policy", Protocol::RestXml));
        assert_eq!(s3.key, "s3 GET /a{ACCOUNT}-{REGION}?policy=  ");
    }

    #[test]
    fn the_key_does_not_depend_on_the_query_order() {
        let one = call("guardduty", Parts { path: "/detector", query: Some("maxResults=50&nextToken=x"), ..GET });
        let two = call("guardduty", Parts { path: "/detector", query: Some("nextToken=x&maxResults=50"), ..GET });
        assert_eq!(one.key, two.key);
    }
}
