//! Elastic Load Balancing v2, per region: Application, Network and Gateway Load Balancers with
//! their Availability Zones, security groups and listeners. Classic Load Balancers (the ELB v1 API) are not
//! collected.

use aws_sdk_elasticloadbalancingv2::types::{Action, ActionTypeEnum};
use maturity_evidence::{Fact, Listener, LoadBalancer};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_LOAD_BALANCERS: "elasticloadbalancingv2:DescribeLoadBalancers" => "elasticloadbalancing:DescribeLoadBalancers";
    DESCRIBE_LISTENERS: "elasticloadbalancingv2:DescribeListeners" => "elasticloadbalancing:DescribeListeners";
}

/// `elasticloadbalancing:DescribeLoadBalancers`, then `elasticloadbalancing:DescribeListeners`
/// for each load balancer (a load balancer whose listeners cannot be read keeps that problem as
/// its `listeners` fact).
pub(crate) async fn load_balancers(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<LoadBalancer>> {
    let client = clients.elbv2(region);
    let listed = match list(&client).await {
        Ok(listed) => listed,
        Err(problem) => return problem.into_fact(),
    };
    let described = fan_out(limit, listed, move |mut lb: LoadBalancer| {
        let client = client.clone();
        async move {
            lb.listeners = fact(listeners(&client, &lb.arn).await);
            lb
        }
    })
    .await;
    Fact::Ok(described)
}

async fn list(client: &aws_sdk_elasticloadbalancingv2::Client) -> Result<Vec<LoadBalancer>, Problem> {
    let found =
        paging::all(DESCRIBE_LOAD_BALANCERS, client.describe_load_balancers().into_paginator().send(), |page| {
            page.load_balancers()
                .iter()
                .filter_map(|lb| {
                    Some(LoadBalancer {
                        arn: lb.load_balancer_arn()?.to_owned(),
                        name: lb.load_balancer_name().unwrap_or_default().to_owned(),
                        load_balancer_type: lb.r#type().map_or("unknown", |t| t.as_str()).into(),
                        scheme: lb.scheme().map_or("unknown", |s| s.as_str()).into(),
                        availability_zones: lb
                            .availability_zones()
                            .iter()
                            .filter_map(|az| az.zone_name())
                            .map(str::to_owned)
                            .collect(),
                        security_groups: lb.security_groups().to_vec(),
                        listeners: Fact::NotCollected,
                        // Filled from AWS WAF (`wafv2::associate`).
                        web_acl_arn: Fact::NotCollected,
                    })
                })
                .collect()
        })
        .await?;
    Ok(found)
}

async fn listeners(client: &aws_sdk_elasticloadbalancingv2::Client, arn: &str) -> Result<Vec<Listener>, Problem> {
    let pages = client.describe_listeners().load_balancer_arn(arn).into_paginator().send();
    let found = paging::all(DESCRIBE_LISTENERS, pages, |page| {
        page.listeners()
            .iter()
            .map(|l| Listener {
                arn: l.listener_arn().unwrap_or_default().to_owned(),
                port: l.port(),
                protocol: l.protocol().map_or("unknown", |p| p.as_str()).into(),
                ssl_policy: l.ssl_policy().map(str::to_owned),
                redirects_to_https: redirects_to_https(l.default_actions()),
            })
            .collect()
    })
    .await?;
    Ok(found)
}

/// Whether the default actions end in a redirect to HTTPS: the action that answers is the one
/// with the highest order (authentication actions come first), or the only one.
fn redirects_to_https(actions: &[Action]) -> bool {
    actions.iter().max_by_key(|a| a.order().unwrap_or(0)).is_some_and(|a| {
        a.r#type() == Some(&ActionTypeEnum::Redirect)
            && a.redirect_config().and_then(|r| r.protocol()).is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
    })
}

#[cfg(test)]
mod tests {
    use aws_sdk_elasticloadbalancingv2::types::RedirectActionConfig;

    use super::*;
    use crate::replay_tests::{XML, replaying, response};

    fn action(kind: ActionTypeEnum, order: i32, protocol: Option<&str>) -> Action {
        let mut builder = Action::builder().r#type(kind).order(order);
        if let Some(protocol) = protocol {
            builder = builder.redirect_config(RedirectActionConfig::builder().protocol(protocol).build());
        }
        builder.build()
    }

    #[test]
    fn only_a_final_redirect_to_https_counts() {
        assert!(redirects_to_https(&[action(ActionTypeEnum::Redirect, 1, Some("HTTPS"))]));
        assert!(!redirects_to_https(&[action(ActionTypeEnum::Redirect, 1, Some("#{protocol}"))]));
        assert!(!redirects_to_https(&[action(ActionTypeEnum::Forward, 1, None)]));
        assert!(!redirects_to_https(&[]));
        assert!(redirects_to_https(&[
            action(ActionTypeEnum::AuthenticateOidc, 1, None),
            action(ActionTypeEnum::Redirect, 2, Some("HTTPS")),
        ]));
    }

    const LOAD_BALANCERS_PAGE_1: &str = r#"<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeLoadBalancersResult>
    <LoadBalancers>
      <member>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188</LoadBalancerArn>
        <LoadBalancerName>web</LoadBalancerName>
        <Scheme>internet-facing</Scheme>
        <Type>application</Type>
        <AvailabilityZones>
          <member><ZoneName>us-east-1a</ZoneName><SubnetId>subnet-1</SubnetId></member>
          <member><ZoneName>us-east-1b</ZoneName><SubnetId>subnet-2</SubnetId></member>
        </AvailabilityZones>
        <SecurityGroups>
          <member>sg-0a1b2c3d4e5f60718</member>
        </SecurityGroups>
      </member>
    </LoadBalancers>
    <NextMarker>page-2</NextMarker>
  </DescribeLoadBalancersResult>
  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</DescribeLoadBalancersResponse>"#;

    const LOAD_BALANCERS_PAGE_2: &str = r#"<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeLoadBalancersResult>
    <LoadBalancers>
      <member>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/internal-nlb/73e2d6bc24d8a067</LoadBalancerArn>
        <LoadBalancerName>internal-nlb</LoadBalancerName>
        <Scheme>internal</Scheme>
        <Type>network</Type>
        <AvailabilityZones>
          <member><ZoneName>us-east-1a</ZoneName><SubnetId>subnet-1</SubnetId></member>
        </AvailabilityZones>
      </member>
    </LoadBalancers>
  </DescribeLoadBalancersResult>
  <ResponseMetadata><RequestId>2</RequestId></ResponseMetadata>
</DescribeLoadBalancersResponse>"#;

    const LISTENERS: &str = r#"<DescribeListenersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeListenersResult>
    <Listeners>
      <member>
        <ListenerArn>arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2</ListenerArn>
        <Port>80</Port>
        <Protocol>HTTP</Protocol>
        <DefaultActions>
          <member>
            <Type>redirect</Type>
            <Order>1</Order>
            <RedirectConfig><Protocol>HTTPS</Protocol><Port>443</Port><Host>#{host}</Host><Path>/#{path}</Path><Query>#{query}</Query><StatusCode>HTTP_301</StatusCode></RedirectConfig>
          </member>
        </DefaultActions>
      </member>
    </Listeners>
  </DescribeListenersResult>
  <ResponseMetadata><RequestId>3</RequestId></ResponseMetadata>
</DescribeListenersResponse>"#;

    const DENIED: &str = r#"<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: elasticloadbalancing:DescribeListeners</Message></Error>
  <RequestId>4</RequestId>
</ErrorResponse>"#;

    #[tokio::test]
    async fn load_balancers_are_read_over_two_pages_with_their_listeners() {
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[XML], LOAD_BALANCERS_PAGE_1),
            response(200, &[XML], LOAD_BALANCERS_PAGE_2),
            response(200, &[XML], LISTENERS),
            response(403, &[XML], DENIED),
        ]);
        let limit: Limit = std::sync::Arc::new(tokio::sync::Semaphore::new(1));
        let _held = std::sync::Arc::clone(&limit).acquire_owned().await;
        let Fact::Ok(lbs) = load_balancers(&clients, "us-east-1", &limit).await else { panic!("not ok") };
        assert_eq!(lbs.len(), 2);
        assert_eq!(lbs[0].name, "web");
        assert!(lbs[0].is_internet_facing() && lbs[0].is_application());
        assert_eq!(lbs[0].availability_zones, vec!["us-east-1a", "us-east-1b"]);
        assert_eq!(lbs[0].security_groups, vec!["sg-0a1b2c3d4e5f60718"]);
        assert!(lbs[1].security_groups.is_empty(), "a Network Load Balancer without security groups");
        let Fact::Ok(listeners) = &lbs[0].listeners else { panic!("{:?}", lbs[0].listeners) };
        assert_eq!(listeners.len(), 1);
        assert_eq!((listeners[0].port, listeners[0].protocol.as_str()), (Some(80), "HTTP"));
        assert!(listeners[0].redirects_to_https);
        assert_eq!((lbs[1].load_balancer_type.as_str(), lbs[1].scheme.as_str()), ("network", "internal"));
        assert_eq!(lbs[1].listeners, Fact::denied("elasticloadbalancing:DescribeListeners"));
        assert_eq!(calls.snapshot().get("elasticloadbalancingv2:DescribeLoadBalancers"), Some(&2), "one call per page");
    }
}
