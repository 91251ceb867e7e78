//! An active IAM Access Analyzer external-access analyzer in every region in use, per account.

use maturity_evidence::{AccessAnalyzer, AccountEvidence, Bundle};

use crate::across::{Summarize, summarized_check};
use crate::shared::access_analyzers::{HostAnalyzers, OrgAnalyzers};
use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::walk;
use crate::{Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account: an `ACTIVE` IAM Access Analyzer analyzer of
    /// the external-access kind watches the account there. Either the account has its own
    /// (`ACCOUNT` or `ORGANIZATION` type) in that region, or, for a member of the organization,
    /// the management account or the delegated administrator for Access Analyzer runs an
    /// `ORGANIZATION` analyzer in that region (its zone of trust is the whole organization, so it
    /// reports on every member). One finding per account and region.
    ///
    /// Pass names the analyzer that covers the region. Fail when no active analyzer covers a
    /// region that holds resources: workloads (EC2 instances, EBS volumes, RDS databases, Lambda
    /// functions …) or resources whose policies can share them outside the organization (S3
    /// buckets located there, customer-managed KMS keys, Secrets Manager secrets, ECR
    /// repositories). IAM roles are global and an analyzer in any region reviews their trust
    /// policies; an account with roles other than service-linked ones is asked to have one in
    /// us-east-1, where global services keep their data. Analyzers that are still being created,
    /// disabled or failed do not count. Not applicable only for a region that holds none of
    /// these and has no analyzer: there is nothing there to share.
    ///
    /// Inconclusive when the region's analyzers could not be read, when an organization-wide
    /// analyzer might exist but the account that would run it could not be read in that region,
    /// or when it cannot be told whether an uncovered region holds any of these resources.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Resource policies on S3 buckets, KMS keys, IAM role trust policies, Lambda functions,
    /// queues and secrets can grant access to principals outside your organization, by mistake
    /// or by an intruder who wants to keep a door open. An external-access analyzer reads those
    /// policies continuously and reports each grant beyond your zone of trust. It only sees the
    /// region it runs in, so a region without one is a blind spot.
    ///
    /// ## How to fix
    /// Make the security account the delegated administrator for IAM Access Analyzer and create
    /// one analyzer with the organization as zone of trust in every region you use (the
    /// external-access analyzer has no extra cost). Where there is no organization, create an
    /// account analyzer per region. Then triage its findings: archive the intended grants with
    /// archive rules and remove the others.
    pub(crate) struct AccessanalyzerExternalAccessEnabled {
        id: "accessanalyzer-external-access-enabled",
        title: "An active IAM Access Analyzer external-access analyzer covers every region in use",
        scope: Region,
        reads: ["organization.accounts", "account.enabled_regions", "account.s3_buckets", "account.iam_roles", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.kms_keys", "region.accessanalyzer_analyzers", "region.ecr_repositories", "region.lambda_functions", "region.secretsmanager_secrets", "region.elbv2_load_balancers", "region.dynamodb_tables", "region.efs_file_systems"],
        across_accounts: "an organization analyzer in the management account or a delegated administrator covers every member account",
    }
}

/// The resources whose policies can grant access outside the organization, besides workloads
/// (Lambda functions are among the workloads).
const REACHABLE_RESOURCES: &[(&str, regions_in_use::Holding)] = &[
    regions_in_use::S3_BUCKETS,
    regions_in_use::CUSTOMER_KMS_KEYS,
    regions_in_use::SECRETS,
    regions_in_use::ECR_REPOSITORIES,
    regions_in_use::IAM_ROLES,
];

fn external(analyzer: &AccessAnalyzer) -> bool {
    analyzer.is_external_access()
}

summarized_check!(AccessanalyzerExternalAccessEnabled);

impl Summarize for AccessanalyzerExternalAccessEnabled {
    /// The organization-wide analyzers the account runs, or may run unseen.
    type Summary = HostAnalyzers;
    type Context = OrgAnalyzers;

    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> HostAnalyzers {
        HostAnalyzers::of(head, account, external)
    }

    fn context(&self, head: &Bundle, summaries: Vec<HostAnalyzers>) -> OrgAnalyzers {
        OrgAnalyzers::read(head, summaries)
    }

    fn judge(&self, org: &OrgAnalyzers, bundle: &Bundle, out: &mut Findings) {
        let what = "whether an external-access analyzer is active";
        walk::each_region(bundle, out, what, |r, out| {
            let (account, region, facts, label) = (r.account, r.name, r.facts, &r.label);
            let location = r.location();
            let own = facts.accessanalyzer_analyzers.get();
            if let Ok(analyzers) = own
                && let Some(analyzer) = analyzers.iter().find(|a| a.is_active() && external(a))
            {
                out.pass(
                    location,
                    format_args!(
                        "The {} analyzer {} is active in {region} of account {label}.",
                        analyzer.analyzer_type, analyzer.name
                    ),
                );
                return;
            }
            if let Some(covering) = org.covering(&account.account_id, Some(region)) {
                out.pass(
                    location,
                    format_args!(
                        "Account {label} is covered in {region} by the organization-wide {}.",
                        covering.describe()
                    ),
                );
                return;
            }
            let analyzers = match own {
                Ok(analyzers) => analyzers,
                Err(missing) => {
                    out.inconclusive(location, &format!("{what} in {region} of account {label}"), &missing);
                    return;
                }
            };
            if let Some(why) = org.hidden(&account.account_id, Some(region)) {
                out.add(
                    crate::FindingStatus::Inconclusive,
                    location,
                    format_args!(
                        "Cannot tell whether an organization-wide external-access analyzer covers {region} of account {label}: {why}."
                    ),
                );
                return;
            }
            let inactive = describe_inactive(analyzers);
            match regions_in_use::region_holds(account, region, facts, REACHABLE_RESOURCES) {
                RegionUse::InUse(held) => out.fail(
                    location,
                    format_args!(
                        "No active external-access analyzer covers {region} of account {label}, which holds {}{inactive}.",
                        regions_in_use::describe(&held)
                    ),
                ),
                RegionUse::Idle => out.not_applicable(
                    location,
                    format_args!(
                        "No external-access analyzer covers {region} of account {label}, but the region holds no workload and no resource a policy could share{inactive}."
                    ),
                ),
                RegionUse::Unknown(missing) => out.inconclusive(
                    location,
                    &format!(
                        "whether {region} of account {label}, which no external-access analyzer covers, holds workloads or resources a policy could share"
                    ),
                    &missing,
                ),
            }
        });
    }
}

/// `; analyzer x is CREATING` for external-access analyzers that exist but are not active.
fn describe_inactive(analyzers: &[AccessAnalyzer]) -> String {
    let inactive: Vec<String> = analyzers
        .iter()
        .filter(|a| external(a) && !a.is_active())
        .map(|a| format!("analyzer {} is {}", a.name, a.status))
        .collect();
    if inactive.is_empty() { String::new() } else { format!(" ({})", inactive.join(", ")) }
}
