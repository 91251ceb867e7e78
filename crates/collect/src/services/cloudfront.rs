//! Amazon CloudFront, account-wide: the distributions and the web ACL each one names.

use aws_sdk_cloudfront::types::DistributionSummary;
use maturity_evidence::{CloudFrontDistribution, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_DISTRIBUTIONS: "cloudfront:ListDistributions";
}

/// CloudFront is a global service whose API is served from us-east-1.
const CLOUDFRONT_REGION: &str = "us-east-1";

/// `cloudfront:ListDistributions`, every page.
pub(crate) async fn distributions(clients: &Clients) -> Fact<Vec<CloudFrontDistribution>> {
    fact(collect(clients).await)
}

async fn collect(clients: &Clients) -> Result<Vec<CloudFrontDistribution>, Problem> {
    let client = clients.cloudfront(CLOUDFRONT_REGION);
    let pages = client.list_distributions().into_paginator().send();
    paging::all(LIST_DISTRIBUTIONS, pages, |page| {
        page.distribution_list().map(|list| list.items().iter().map(distribution).collect()).unwrap_or_default()
    })
    .await
}

fn distribution(summary: &DistributionSummary) -> CloudFrontDistribution {
    CloudFrontDistribution {
        id: summary.id().to_owned(),
        arn: summary.arn().to_owned(),
        domain_name: summary.domain_name().to_owned(),
        enabled: summary.enabled(),
        // CloudFront answers an empty string when no web ACL is associated.
        web_acl_id: Some(summary.web_acl_id()).filter(|id| !id.is_empty()).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{XML, replaying, response};

    fn summary(id: &str, enabled: bool, web_acl: &str) -> String {
        format!(
            r#"<DistributionSummary><Id>{id}</Id><ARN>arn:aws:cloudfront::111111111111:distribution/{id}</ARN><Status>Deployed</Status><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><DomainName>{id}.cloudfront.net</DomainName><Aliases><Quantity>0</Quantity></Aliases><Origins><Quantity>0</Quantity></Origins><DefaultCacheBehavior><TargetOriginId>o</TargetOriginId><ViewerProtocolPolicy>https-only</ViewerProtocolPolicy></DefaultCacheBehavior><CacheBehaviors><Quantity>0</Quantity></CacheBehaviors><CustomErrorResponses><Quantity>0</Quantity></CustomErrorResponses><Comment></Comment><PriceClass>PriceClass_All</PriceClass><Enabled>{enabled}</Enabled><ViewerCertificate><CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate></ViewerCertificate><Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions><WebACLId>{web_acl}</WebACLId><HttpVersion>http2</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled><Staging>false</Staging></DistributionSummary>"#
        )
    }

    fn page(next: Option<&str>, items: &[String]) -> String {
        let truncated = next.is_some();
        let next = next.map(|n| format!("<NextMarker>{n}</NextMarker>")).unwrap_or_default();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><DistributionList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Marker></Marker>{next}<MaxItems>100</MaxItems><IsTruncated>{truncated}</IsTruncated><Quantity>{}</Quantity><Items>{}</Items></DistributionList>"#,
            items.len(),
            items.concat()
        )
    }

    #[tokio::test]
    async fn distributions_are_read_over_two_pages() {
        let acl = "arn:aws:wafv2:us-east-1:111111111111:global/webacl/cdn/1";
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[XML], &page(Some("E2"), &[summary("E1", true, acl)])),
            response(200, &[XML], &page(None, &[summary("E2", false, "")])),
        ]);
        let Fact::Ok(list) = distributions(&clients).await else { panic!("not ok") };
        assert_eq!(
            list,
            vec![
                CloudFrontDistribution {
                    id: "E1".into(),
                    arn: "arn:aws:cloudfront::111111111111:distribution/E1".into(),
                    domain_name: "E1.cloudfront.net".into(),
                    enabled: true,
                    web_acl_id: Some(acl.into()),
                },
                CloudFrontDistribution {
                    id: "E2".into(),
                    arn: "arn:aws:cloudfront::111111111111:distribution/E2".into(),
                    domain_name: "E2.cloudfront.net".into(),
                    enabled: false,
                    web_acl_id: None,
                },
            ]
        );
        assert_eq!(calls.snapshot().get("cloudfront:ListDistributions"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn denied_listing_is_denied() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[XML],
            r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: cloudfront:ListDistributions</Message></Error><RequestId>r</RequestId></ErrorResponse>"#,
        )]);
        assert_eq!(distributions(&clients).await, Fact::denied("cloudfront:ListDistributions"));
    }
}
