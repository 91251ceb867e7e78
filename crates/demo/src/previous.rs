//! Northwind Analytics one quarter earlier, derived from today's evidence.
//!
//! A tool that stores assessments and shows progress needs a history to show, so the demo comes
//! with a second scan of the same organization, 91 days before the first. Rather than a second
//! evidence file that would drift from the first one every time a check learns to read a new
//! fact, the earlier bundle is today's bundle with the scan moved a quarter back and a few things
//! undone that the team has fixed since. Every edit is made on the typed [`Bundle`] and only
//! writes values the collector itself could have written (real enum variants, "not configured"
//! as AWS reports it), so the earlier bundle is as valid as a real scan.
//!
//! What was not fixed yet a quarter ago, each one an edit below:
//!
//! - the region-deny SCP covered the Prod OU only, not the whole Workloads OU: staging could still
//!   use any region;
//! - root credentials of member accounts were not managed centrally yet, and the member root
//!   users have no MFA device;
//! - GuardDuty's auto-enable had not reached us-east-1 of the sandbox: no detector there;
//! - the two prod workers still answered IMDSv1, and prod had no account default for IMDSv2;
//! - the prod static assets bucket still served the site publicly, before CloudFront took over;
//! - the staging QA tester signed in to the console without MFA.

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use maturity_evidence::{
    AccountEvidence, Bundle, Fact, GlobalFacts, HttpTokens, InstanceMetadataDefaults, PublicAccessBlock, RegionFacts,
};

/// How far before today's scan the earlier one was: a quarter of 13 weeks, so that both scans
/// fall on the same weekday.
pub(crate) const QUARTER_DAYS: i64 = 91;

const PROD: &str = "536472819203";
const STAGING: &str = "645283910475";
const SANDBOX: &str = "754019283746";

/// The same organization, scanned one quarter earlier.
pub(crate) fn quarter_before(mut bundle: Bundle) -> Bundle {
    let quarter = TimeDelta::days(QUARTER_DAYS);
    bundle.collector.collected_at -= quarter;
    move_recent_activity_back(&mut bundle, quarter);
    region_deny_scp_on_prod_only(&mut bundle);
    member_root_users_not_managed_centrally(&mut bundle);
    no_guardduty_in_sandbox_us_east_1(&mut bundle);
    prod_workers_answer_imdsv1(&mut bundle);
    prod_static_assets_public(&mut bundle);
    qa_tester_without_mfa(&mut bundle);
    bundle
}

/// Recurring activity (backups, rotations, sign-ins, drills, findings) that today's scan saw after
/// the earlier scan cannot have been seen by it: the earlier scan saw the same routine a quarter
/// before. Older timestamps are history that both scans see alike. Ages relative to the scan stay
/// the same, so no check changes its mind because of the move alone.
fn move_recent_activity_back(bundle: &mut Bundle, quarter: TimeDelta) {
    let scan = bundle.collector.collected_at;
    let back = |time: &mut DateTime<Utc>| {
        if *time > scan {
            *time -= quarter;
        }
    };
    let back_opt = |time: &mut Option<DateTime<Utc>>| time.iter_mut().for_each(back);
    for account in &mut bundle.accounts {
        if let Fact::Ok(report) = &mut account.global.iam_credential_report {
            back(&mut report.generated_at);
            for user in report.root.iter_mut().chain(report.users.iter_mut()) {
                back_opt(&mut user.password_last_used);
                for key in &mut user.access_keys {
                    back_opt(&mut key.last_rotated);
                    back_opt(&mut key.last_used);
                }
            }
        }
        for facts in account.regions.values_mut() {
            if let Fact::Ok(Some(critical)) = &mut facts.securityhub_critical_findings {
                critical.findings.iter_mut().for_each(|f| back_opt(&mut f.first_observed_at));
            }
            if let Fact::Ok(audit) = &mut facts.auditmanager {
                audit.assessments.iter_mut().for_each(|a| back_opt(&mut a.last_updated));
            }
            if let Fact::Ok(secrets) = &mut facts.secretsmanager_secrets {
                for secret in secrets {
                    back_opt(&mut secret.last_rotated);
                    back_opt(&mut secret.last_accessed);
                }
            }
            if let Fact::Ok(resources) = &mut facts.backup_protected_resources {
                resources.iter_mut().for_each(|r| back_opt(&mut r.last_backup_time));
            }
            if let Fact::Ok(apps) = &mut facts.resiliencehub_apps {
                apps.iter_mut().for_each(|a| back_opt(&mut a.last_assessed_at));
            }
            if let Fact::Ok(experiments) = &mut facts.fis_experiments {
                experiments.iter_mut().for_each(|e| back_opt(&mut e.started_at));
            }
            if let Fact::Ok(Some(servers)) = &mut facts.drs_source_servers {
                servers.iter_mut().for_each(|s| back_opt(&mut s.last_launch_at));
            }
            if let Fact::Ok(pipelines) = &mut facts.imagebuilder_pipelines {
                // Image Builder reports the last run as text; keep AWS's format.
                for last_run in pipelines.iter_mut().filter_map(|p| p.date_last_run.as_mut()) {
                    if let Ok(time) = DateTime::parse_from_rfc3339(last_run) {
                        let mut time = time.with_timezone(&Utc);
                        back(&mut time);
                        *last_run = time.to_rfc3339_opts(SecondsFormat::Millis, true);
                    }
                }
            }
        }
    }
}

/// The region-deny SCP was attached to the Prod OU only; moving it up to the Workloads OU, so
/// that staging is held to the EU regions too, came later.
fn region_deny_scp_on_prod_only(bundle: &mut Bundle) {
    const WORKLOADS_OU: &str = "ou-7q2k-w0rk10ad";
    const PROD_OU: &str = "ou-7q2k-pr0d4x8m";
    let Some(Fact::Ok(policies)) = bundle.organization.as_mut().map(|org| &mut org.policies) else {
        return;
    };
    for policy in policies.iter_mut().filter(|p| p.name == "deny-regions-outside-eu") {
        for target in policy.targets.iter_mut().filter(|t| *t == WORKLOADS_OU) {
            PROD_OU.clone_into(target);
        }
    }
}

/// Centralized root access was not enabled yet: `iam:ListOrganizationsFeatures` answered an
/// empty list, so the member accounts' root users, which have no MFA device, count as exposed.
fn member_root_users_not_managed_centrally(bundle: &mut Bundle) {
    if let Some(org) = bundle.organization.as_mut() {
        org.iam_features = Fact::Ok(Vec::new());
    }
}

/// The delegated administrator auto-enabled GuardDuty in the EU regions first; the sandbox's
/// us-east-1, where the GPU trials run, had no detector.
fn no_guardduty_in_sandbox_us_east_1(bundle: &mut Bundle) {
    if let Some(facts) = region_mut(bundle, SANDBOX, "us-east-1") {
        facts.guardduty_detectors = Fact::Ok(Vec::new());
    }
}

/// The prod workers still allowed IMDSv1 while their agent was upgraded, and prod had no
/// account-wide IMDSv2 default yet (ListInstanceMetadataDefaults answers nothing set).
fn prod_workers_answer_imdsv1(bundle: &mut Bundle) {
    let Some(account) = account_mut(bundle, PROD) else { return };
    for facts in account.regions.values_mut() {
        if let Fact::Ok(defaults) = &mut facts.ec2_instance_metadata_defaults {
            *defaults = InstanceMetadataDefaults::default();
        }
        let Fact::Ok(instances) = &mut facts.ec2_instances else { continue };
        for instance in instances {
            let worker = instance.tags.get("Name").is_some_and(|name| name.starts_with("prod-worker-"));
            if let (true, Some(options)) = (worker, instance.metadata_options.as_mut()) {
                options.http_tokens = HttpTokens::Optional;
            }
        }
    }
}

/// The static assets bucket of prod served the web site directly, with a public-read policy;
/// for that the account's public access block had its policy half off, as staging's still has.
fn prod_static_assets_public(bundle: &mut Bundle) {
    const BUCKET: &str = "northwind-prod-static-assets-536472819203";
    let Some(account) = account_mut(bundle, PROD) else { return };
    let GlobalFacts { s3_account_public_access_block, s3_buckets, .. } = &mut account.global;
    *s3_account_public_access_block = Fact::Ok(Some(PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: false,
        restrict_public_buckets: false,
    }));
    let Fact::Ok(buckets) = s3_buckets else { return };
    for bucket in buckets.iter_mut().filter(|b| b.name == BUCKET) {
        bucket.public_access_block = Fact::Ok(None);
        bucket.policy_is_public = Fact::Ok(Some(true));
        bucket.policy = Fact::Ok(Some(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "PublicReadGetObject",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
            }],
        })));
    }
}

/// The QA tester's console user in staging had no MFA device yet.
fn qa_tester_without_mfa(bundle: &mut Bundle) {
    let Some(account) = account_mut(bundle, STAGING) else { return };
    let Fact::Ok(report) = &mut account.global.iam_credential_report else { return };
    for user in report.users.iter_mut().filter(|u| u.user == "qa-console-tester") {
        user.mfa_active = false;
    }
}

fn account_mut<'a>(bundle: &'a mut Bundle, account_id: &str) -> Option<&'a mut AccountEvidence> {
    bundle.accounts.iter_mut().find(|a| a.account_id == account_id)
}

fn region_mut<'a>(bundle: &'a mut Bundle, account_id: &str, region: &str) -> Option<&'a mut RegionFacts> {
    account_mut(bundle, account_id)?.regions.get_mut(region)
}
