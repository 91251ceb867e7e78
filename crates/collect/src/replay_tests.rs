//! Collectors against recorded AWS responses, for what the emulator cannot answer or answers
//! differently from AWS (see "Emulator gaps" in the README): the responses here are AWS's
//! documented shapes, replayed in order by the SDK's `StaticReplayClient`.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use maturity_evidence::Fact;

use crate::calls::CallCounter;
use crate::config::{Clients, ScanConfig};
use crate::services::{ec2, guardduty, s3, securityhub};

pub(crate) fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<SdkBody> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(SdkBody::from(body.to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

fn any_request() -> http::Request<SdkBody> {
    http::Request::builder().uri("https://replay.invalid/").body(SdkBody::empty()).unwrap_or_else(|e| panic!("{e}"))
}

/// Clients whose calls are answered by `responses`, in order.
pub(crate) fn replaying(responses: Vec<http::Response<SdkBody>>) -> (Clients, CallCounter, StaticReplayClient) {
    let replay = StaticReplayClient::new(responses.into_iter().map(|r| ReplayEvent::new(any_request(), r)).collect());
    let sdk = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::for_tests()))
        .http_client(replay.clone())
        .build();
    let scan = ScanConfig::with_sdk(sdk);
    (Clients::new(scan.sdk.clone(), &scan, "111111111111"), scan.calls.clone(), replay)
}

pub(crate) const JSON: (&str, &str) = ("content-type", "application/json");
pub(crate) const XML: (&str, &str) = ("content-type", "text/xml");

#[tokio::test]
async fn security_hub_standards_are_read_over_two_pages() {
    let (clients, calls, _replay) = replaying(vec![
        response(
            200,
            &[JSON],
            r#"{"HubArn":"arn:aws:securityhub:us-east-1:111111111111:hub/default","SubscribedAt":"2026-01-01T00:00:00.000Z","AutoEnableControls":true}"#,
        ),
        response(
            200,
            &[JSON],
            r#"{"StandardsSubscriptions":[{"StandardsSubscriptionArn":"arn:aws:securityhub:us-east-1:111111111111:subscription/aws-foundational-security-best-practices/v/1.0.0","StandardsArn":"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0","StandardsInput":{},"StandardsStatus":"READY"}],"NextToken":"page-2"}"#,
        ),
        response(
            200,
            &[JSON],
            r#"{"StandardsSubscriptions":[{"StandardsSubscriptionArn":"arn:aws:securityhub:us-east-1:111111111111:subscription/cis-aws-foundations-benchmark/v/1.4.0","StandardsArn":"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0","StandardsInput":{},"StandardsStatus":"INCOMPLETE"}]}"#,
        ),
    ]);
    let (hub, standards) = securityhub::hub_and_standards(&clients, "us-east-1").await;
    assert!(matches!(hub, Fact::Ok(Some(ref h)) if h.hub_arn.ends_with("hub/default")), "{hub:?}");
    let Fact::Ok(standards) = standards else { panic!("{standards:?}") };
    assert_eq!(standards.len(), 2);
    assert_eq!(standards[1].status, "INCOMPLETE".into());
    assert_eq!(calls.snapshot().get("securityhub:GetEnabledStandards"), Some(&2), "one call per page");
}

#[tokio::test]
async fn security_hub_not_enabled_is_no_hub_and_no_standards() {
    let (clients, calls, _replay) = replaying(vec![response(
        401,
        &[JSON, ("x-amzn-errortype", "InvalidAccessException")],
        r#"{"Code":"InvalidAccessException","Message":"Account 111111111111 is not subscribed to AWS Security Hub"}"#,
    )]);
    let (hub, standards) = securityhub::hub_and_standards(&clients, "us-east-1").await;
    assert_eq!(hub, Fact::Ok(None));
    assert_eq!(standards, Fact::Ok(Vec::new()));
    assert_eq!(calls.total(), 1, "no hub, no standards call");
}

#[tokio::test]
async fn snapshot_and_image_block_public_access_states_are_read() {
    let (clients, _calls, _replay) = replaying(vec![
        response(
            200,
            &[XML],
            r#"<?xml version="1.0" encoding="UTF-8"?>
<GetSnapshotBlockPublicAccessStateResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>a</requestId><state>block-all-sharing</state><managedBy>account</managedBy></GetSnapshotBlockPublicAccessStateResponse>"#,
        ),
        response(
            200,
            &[XML],
            r#"<?xml version="1.0" encoding="UTF-8"?>
<GetImageBlockPublicAccessStateResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>b</requestId><imageBlockPublicAccessState>block-new-sharing</imageBlockPublicAccessState><managedBy>account</managedBy></GetImageBlockPublicAccessStateResponse>"#,
        ),
    ]);
    assert_eq!(
        ec2::snapshot_block_public_access(&clients, "us-east-1").await,
        Fact::Ok("block-all-sharing".to_owned())
    );
    assert_eq!(ec2::image_block_public_access(&clients, "us-east-1").await, Fact::Ok("block-new-sharing".to_owned()));
}

#[tokio::test]
async fn access_denied_names_the_action() {
    let (clients, _calls, _replay) = replaying(vec![response(
        403,
        &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
        r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform: guardduty:ListDetectors"}"#,
    )]);
    assert_eq!(guardduty::detectors(&clients, "us-east-1").await, Fact::denied("guardduty:ListDetectors"));
}

#[tokio::test]
async fn ec2_unauthorized_operation_is_denied() {
    let (clients, _calls, _replay) = replaying(vec![response(
        403,
        &[XML],
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>c</RequestID></Response>"#,
    )]);
    assert_eq!(ec2::vpcs(&clients, "us-east-1").await, Fact::denied("ec2:DescribeVpcs"));
}

#[tokio::test]
async fn account_public_access_block_not_configured_is_none() {
    let (clients, _calls, _replay) = replaying(vec![response(
        404,
        &[XML],
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ErrorResponse><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message></Error><RequestId>d</RequestId><HostId>e</HostId></ErrorResponse>"#,
    )]);
    assert_eq!(s3::account_public_access_block(&clients, "111111111111", "us-east-1").await, Fact::Ok(None));
}

#[tokio::test]
async fn account_public_access_block_is_read() {
    let (clients, _calls, _replay) = replaying(vec![response(
        200,
        &[XML],
        r#"<?xml version="1.0" encoding="UTF-8"?>
<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>"#,
    )]);
    let fact = s3::account_public_access_block(&clients, "111111111111", "us-east-1").await;
    let Fact::Ok(Some(block)) = fact else { panic!("expected a configuration, got {fact:?}") };
    assert_eq!(block.settings_off(), vec!["RestrictPublicBuckets"]);
}
