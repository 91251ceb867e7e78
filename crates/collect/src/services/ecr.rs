//! Amazon ECR, per region: the registry's image scanning configuration and every repository
//! with its own scan-on-push setting.

use maturity_evidence::{EcrRegistryScanning, EcrRepository, EcrScanningRule, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    GET_REGISTRY_SCANNING_CONFIGURATION: "ecr:GetRegistryScanningConfiguration";
    DESCRIBE_REPOSITORIES: "ecr:DescribeRepositories";
}

/// `ecr:GetRegistryScanningConfiguration`. A registry never configured answers `BASIC` without
/// rules; an answer without a configuration is read the same way.
pub(crate) async fn registry_scanning(clients: &Clients, region: &str) -> Fact<EcrRegistryScanning> {
    let result = clients
        .ecr(region)
        .get_registry_scanning_configuration()
        .send()
        .await
        .or_problem(GET_REGISTRY_SCANNING_CONFIGURATION);
    fact(result.map(|out| {
        match out.scanning_configuration() {
            Some(config) => EcrRegistryScanning {
                scan_type: config.scan_type().map_or("BASIC", |t| t.as_str()).into(),
                rules: config
                    .rules()
                    .iter()
                    .map(|rule| EcrScanningRule {
                        scan_frequency: rule.scan_frequency().as_str().into(),
                        repository_filters: rule.repository_filters().iter().map(|f| f.filter().to_owned()).collect(),
                    })
                    .collect(),
            },
            None => EcrRegistryScanning { scan_type: "BASIC".into(), rules: Vec::new() },
        }
    }))
}

/// `ecr:DescribeRepositories`, every page.
pub(crate) async fn repositories(clients: &Clients, region: &str) -> Fact<Vec<EcrRepository>> {
    fact(collect_repositories(clients, region).await)
}

async fn collect_repositories(clients: &Clients, region: &str) -> Result<Vec<EcrRepository>, Problem> {
    let pages = clients.ecr(region).describe_repositories().into_paginator().send();
    let repositories = paging::all(DESCRIBE_REPOSITORIES, pages, |page| {
        page.repositories()
            .iter()
            .filter_map(|repo| {
                Some(EcrRepository {
                    name: repo.repository_name()?.to_owned(),
                    arn: repo.repository_arn().map(str::to_owned),
                    scan_on_push: repo.image_scanning_configuration().is_some_and(|c| c.scan_on_push()),
                })
            })
            .collect()
    })
    .await?;
    Ok(repositories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn enhanced_scanning_rules_are_read() {
        let (clients, _calls, _replay) = replaying(vec![response(
            200,
            &[JSON],
            r#"{"registryId":"111111111111","scanningConfiguration":{"scanType":"ENHANCED","rules":[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"prod-*","filterType":"WILDCARD"}]},{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]}}"#,
        )]);
        let Fact::Ok(scanning) = registry_scanning(&clients, "us-east-1").await else { panic!("a value") };
        assert!(scanning.is_enhanced());
        assert_eq!(scanning.rules.len(), 2);
        assert_eq!(scanning.rules[0].scan_frequency, "CONTINUOUS_SCAN".into());
        assert_eq!(scanning.rules[0].repository_filters, vec!["prod-*".to_owned()]);
    }

    #[tokio::test]
    async fn never_configured_registry_is_basic_without_rules() {
        let (clients, _calls, _replay) = replaying(vec![response(
            200,
            &[JSON],
            r#"{"registryId":"111111111111","scanningConfiguration":{"scanType":"BASIC","rules":[]}}"#,
        )]);
        assert_eq!(
            registry_scanning(&clients, "us-east-1").await,
            Fact::Ok(EcrRegistryScanning { scan_type: "BASIC".into(), rules: Vec::new() })
        );
    }

    #[tokio::test]
    async fn repositories_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"repositories":[{"repositoryArn":"arn:aws:ecr:us-east-1:111111111111:repository/api","registryId":"111111111111","repositoryName":"api","repositoryUri":"111111111111.dkr.ecr.us-east-1.amazonaws.com/api","createdAt":1.7e9,"imageScanningConfiguration":{"scanOnPush":true}}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"repositories":[{"repositoryArn":"arn:aws:ecr:us-east-1:111111111111:repository/web","registryId":"111111111111","repositoryName":"web","createdAt":1.7e9,"imageScanningConfiguration":{"scanOnPush":false}}]}"#,
            ),
        ]);
        let Fact::Ok(repos) = repositories(&clients, "us-east-1").await else { panic!("a value") };
        assert_eq!(
            repos.iter().map(|r| (r.name.as_str(), r.scan_on_push)).collect::<Vec<_>>(),
            vec![("api", true), ("web", false)]
        );
        assert_eq!(calls.snapshot().get("ecr:DescribeRepositories"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn access_denied_is_denied() {
        let (clients, _calls, _replay) = replaying(vec![response(
            400,
            &[JSON],
            r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform: ecr:GetRegistryScanningConfiguration"}"#,
        )]);
        assert_eq!(
            registry_scanning(&clients, "us-east-1").await,
            Fact::denied("ecr:GetRegistryScanningConfiguration")
        );
    }
}
