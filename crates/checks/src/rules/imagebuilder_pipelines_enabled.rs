//! A scheduled EC2 Image Builder pipeline in every account that runs instances, per account.

use maturity_evidence::{AccountEvidence, Bundle, ImagePipeline, Missing, PipelineStatus, RegionFacts};

use crate::shared::accounts;
use crate::shared::prose::and_list;
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account that runs EC2 instances (a running or pending instance in any scanned
    /// region, `ec2:DescribeInstances`): at least one EC2 Image Builder pipeline
    /// (`imagebuilder:ListImagePipelines`) in any scanned region is `ENABLED` and has a schedule
    /// expression, so new golden images are built without someone remembering to. One finding
    /// per account: pass naming the pipeline, its schedule and when it last ran; fail when there
    /// is no pipeline, or only disabled or manually started ones (they are named).
    ///
    /// Only EC2 Image Builder is visible: images built by Packer or another pipeline should be
    /// attested instead. Pipelines in a shared-services account that distributes its images to
    /// the workload accounts leave those accounts failing here; record them as exceptions.
    ///
    /// Not applicable for an account without running instances in any scanned region (all
    /// readable), and when the scan had no region in scope. Inconclusive when the account shows
    /// no running instance but the instances of some region could not be read, when it runs
    /// instances and shows no scheduled pipeline but the pipelines of some region could not be
    /// read, for an account the collector could not enter, and for an account with no region
    /// collected in a scan that had regions.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Instances launched from hand-made or old images carry whatever was unpatched the day the
    /// image was taken, and each one drifts differently. A pipeline that rebuilds a hardened
    /// image on a schedule, with the latest patches, tests and a vulnerability scan, keeps every
    /// new instance starting from a known good state and makes replacing instances cheaper than
    /// patching them in place.
    ///
    /// ## How to fix
    /// Build an Image Builder recipe from a supported base image with your hardening components
    /// (for example the CIS or STIG components), add test components, and create a pipeline with
    /// a schedule (for example weekly, or when the base image gets updates) and a distribution
    /// configuration that shares the images with your accounts and regions. Launch templates and
    /// Auto Scaling groups should then refer to the newest image.
    pub(crate) struct ImagebuilderPipelinesEnabled {
        id: "imagebuilder-pipelines-enabled",
        title: "Accounts that run EC2 instances have a scheduled EC2 Image Builder pipeline",
        scope: Account,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.imagebuilder_pipelines"],
        alternative: "golden images built by another pipeline, such as Packer in CI",
    }
}

impl Check for ImagebuilderPipelinesEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::any_region(bundle, out, "whether a scheduled image pipeline exists", evaluate_account);
    }
}

fn evaluate_account(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    let location = Location::account(&account.account_id);
    let mut running = 0;
    let mut instances_unread: Option<(&str, Missing<'_>)> = None;
    for &(region, facts) in regions {
        match facts.ec2_instances.get() {
            Ok(instances) => running += instances.iter().filter(|i| i.is_running()).count(),
            Err(missing) => {
                instances_unread.get_or_insert((region, missing));
            }
        }
    }
    if running == 0 {
        match instances_unread {
            Some((region, missing)) => out.inconclusive(
                location,
                &format!("whether {label} runs EC2 instances (the instances in {region} could not be listed)"),
                &missing,
            ),
            None => accounts::not_applicable_unless_unconfirmed(
                out,
                account,
                location,
                format!("{label} runs no EC2 instance in the scanned regions, so it needs no image pipeline."),
            ),
        }
        return;
    }
    let mut unscheduled: Vec<String> = Vec::new();
    let mut pipelines_unread: Option<(&str, Missing<'_>)> = None;
    for &(region, facts) in regions {
        let pipelines = match facts.imagebuilder_pipelines.get() {
            Ok(pipelines) => pipelines,
            Err(missing) => {
                pipelines_unread.get_or_insert((region, missing));
                continue;
            }
        };
        if let Some(pipeline) = pipelines.iter().find(|p| p.is_scheduled()) {
            out.pass(
                location,
                format_args!(
                    "{label} runs {running} EC2 instance{} and {}.",
                    plural(running),
                    describe(pipeline, region)
                ),
            );
            return;
        }
        unscheduled.extend(pipelines.iter().map(|p| format!("{} in {region} is {}", p.name, why_unscheduled(p))));
    }
    if let Some((region, missing)) = pipelines_unread {
        out.inconclusive(
            location,
            &format!("whether {label} has a scheduled EC2 Image Builder pipeline (the pipelines in {region} could not be listed)"),
            &missing,
        );
        return;
    }
    let message = if unscheduled.is_empty() {
        format!(
            "{label} runs {running} EC2 instance{} but has no EC2 Image Builder pipeline in the scanned regions.",
            plural(running)
        )
    } else {
        format!(
            "{label} runs {running} EC2 instance{} but none of its EC2 Image Builder pipelines builds on a schedule: {}.",
            plural(running),
            and_list(&unscheduled)
        )
    };
    accounts::fail_unless_unconfirmed(out, account, location, message);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `pipeline golden-al2023 in eu-west-1 is enabled on cron(0 3 ? * MON *) and last ran 2026-10-27T03:00:00Z`.
fn describe(pipeline: &ImagePipeline, region: &str) -> String {
    let last_run = match &pipeline.date_last_run {
        Some(date) => format!(" and last ran {date}"),
        None => " and has not run yet".to_owned(),
    };
    format!(
        "pipeline {} in {region} is enabled on {}{last_run}",
        pipeline.name,
        pipeline.schedule_expression.as_deref().unwrap_or_default()
    )
}

fn why_unscheduled(pipeline: &ImagePipeline) -> &'static str {
    match (pipeline.status == PipelineStatus::Enabled, pipeline.schedule_expression.is_some()) {
        (true, _) => "started by hand only (no schedule)",
        (false, true) => "disabled",
        (false, false) => "disabled and has no schedule",
    }
}
