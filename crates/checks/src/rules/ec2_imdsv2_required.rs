//! IMDSv2 on running EC2 instances, per instance.

use maturity_evidence::{AccountEvidence, Bundle, HttpEndpoint, HttpTokens, Instance, RegionFacts};

use crate::shared::accounts;
use crate::shared::resource_names::named;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every running or pending EC2 instance (`ec2:DescribeInstances`) of every scanned region of
    /// every account. The instance passes when its metadata options require session tokens
    /// (`http_tokens` is `required`, that is IMDSv2 only) or turn the metadata endpoint off
    /// (`http_endpoint` is `disabled`), and fails otherwise (IMDSv1 still answers). Stopped,
    /// stopping and terminated instances are not checked: they serve no metadata.
    ///
    /// Inconclusive for a running instance whose metadata options are missing from the evidence,
    /// for a region whose instances could not be listed, for an account the collector could not
    /// enter, and for an account with no region collected in a scan that had regions. Not
    /// applicable, once per account, for an account with no running or pending instance in any
    /// scanned region (every region readable), or when the scan had no region in scope.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// With IMDSv1 a single unauthenticated GET to `169.254.169.254` returns the instance role's
    /// credentials. A server-side request forgery (SSRF) bug, an open reverse proxy or a
    /// misconfigured WAF in any application on the instance is then enough to steal them and use
    /// them from outside. IMDSv2 needs a session token obtained with a PUT and a hop limit, which
    /// these attacks cannot produce.
    ///
    /// ## How to fix
    /// Check that the software on the instance uses an AWS SDK or CLI recent enough for IMDSv2
    /// (the `MetadataNoToken` CloudWatch metric shows remaining IMDSv1 calls), then run
    /// `aws ec2 modify-instance-metadata-options --http-tokens required` on each instance. For new
    /// launches, set IMDSv2 in launch templates and AMIs, make it the account default
    /// (`modify-instance-metadata-defaults`), and enforce it with an SCP on
    /// `ec2:MetadataHttpTokens`.
    pub(crate) struct Ec2Imdsv2Required {
        id: "ec2-imdsv2-required",
        title: "Every running EC2 instance requires IMDSv2",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_instances"],
    }
}

impl Check for Ec2Imdsv2Required {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::every_region(bundle, out, "whether the running instances require IMDSv2", evaluate_account);
    }
}

fn evaluate_account(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    // An account without scanned regions already has its finding.
    let mut said_something = false;
    for &(region, facts) in regions {
        let instances = match facts.ec2_instances.get() {
            Ok(instances) => instances,
            Err(missing) => {
                out.inconclusive(
                    Location::region(&account.account_id, region),
                    &format!("whether the instances in {region} of {label} require IMDSv2"),
                    &missing,
                );
                said_something = true;
                continue;
            }
        };
        for instance in instances.iter().filter(|i| i.is_running()) {
            evaluate_instance(account, region, instance, out);
            said_something = true;
        }
    }
    if !said_something {
        let regions = accounts::regions(account).count();
        out.not_applicable(
            Location::account(&account.account_id),
            format_args!(
                "There is no running or pending EC2 instance in the {regions} scanned region{} of {label}.",
                if regions == 1 { "" } else { "s" }
            ),
        );
    }
}

fn evaluate_instance(account: &AccountEvidence, region: &str, instance: &Instance, out: &mut Findings) {
    let location = Location::resource(&account.account_id, Some(region), &instance.instance_id);
    let described = format!(
        "The {} instance {} in {region} of {}",
        instance.state,
        named(&instance.instance_id, &instance.tags),
        account.label()
    );
    let (status, message) = match &instance.metadata_options {
        None => (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether {} requires IMDSv2: the evidence has no metadata options for it.",
                lowercase_first(&described)
            ),
        ),
        Some(options) if options.http_endpoint == HttpEndpoint::Disabled => {
            (FindingStatus::Pass, format!("{described} has its instance metadata endpoint turned off."))
        }
        Some(options) if options.http_tokens == HttpTokens::Required => {
            (FindingStatus::Pass, format!("{described} requires IMDSv2 (session tokens required)."))
        }
        Some(options) => (
            FindingStatus::Fail,
            format!(
                "{described} still answers IMDSv1 requests (http_tokens is {}, http_endpoint is {}).",
                options.http_tokens, options.http_endpoint
            ),
        ),
    };
    out.add_tagged(status, location, &instance.tags, message);
}

/// `The running instance` → `the running instance`, to use a subject inside a sentence.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
