//! Every ECR repository's images are scanned automatically.

use maturity_evidence::{Bundle, EcrRegistryScanning, EcrRepository};

use crate::shared::walk;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every ECR repository of every scanned region of every account has its images scanned for
    /// vulnerabilities without anyone asking. One finding per repository:
    ///
    /// - with the registry on `ENHANCED` scanning (Amazon Inspector), pass when a registry rule
    ///   scanning on push or continuously has a filter matching the repository's name; the
    ///   repository's own scan-on-push setting is ignored by enhanced scanning, so it does not
    ///   count;
    /// - with the registry on `BASIC` scanning, pass when a scan-on-push registry rule matches
    ///   the repository, or the repository has its own scan-on-push setting turned on.
    ///
    /// Fail otherwise (manual-only rules do not count), naming the registry's scan type. Not
    /// applicable in a region without repositories. Inconclusive for a region whose repositories
    /// (`ecr:DescribeRepositories`) or registry scanning configuration
    /// (`ecr:GetRegistryScanningConfiguration`) could not be read.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A container image carries a whole operating system and its libraries. Scanning every
    /// image as it is pushed, before it is deployed, is the cheapest point in the pipeline to
    /// stop a known vulnerability, and continuous scanning catches the CVEs published after
    /// the image was built.
    ///
    /// ## How to fix
    /// Switch the registry to enhanced scanning with a continuous-scan rule whose filter is `*`
    /// (or a set of filters that covers every repository), in every region with repositories.
    /// If you stay on basic scanning, add a scan-on-push rule for `*`. Make the pipeline fail
    /// the deployment when the scan reports critical findings.
    pub(crate) struct EcrImageScanning {
        id: "ecr-image-scanning",
        title: "Every ECR repository's images are scanned on push or continuously",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ecr_registry_scanning", "region.ecr_repositories"],
        alternative: "images scanned in the build pipeline or by another scanner before they run",
    }
}

impl Check for EcrImageScanning {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether ECR images are scanned";
        walk::each_region_fact(
            bundle,
            out,
            what,
            |facts| &facts.ecr_repositories,
            |r| {
                let (region, label) = (r.name, &r.label);
                format!("which ECR repositories {region} of account {label} has")
            },
            |r, repositories, out| {
                let (region, facts, label) = (r.name, r.facts, &r.label);
                let location = r.location();
                if repositories.is_empty() {
                    out.not_applicable(
                        location,
                        format_args!("There is no ECR repository in {region} of account {label}."),
                    );
                    return;
                }
                let scanning = match facts.ecr_registry_scanning.get() {
                    Ok(scanning) => scanning,
                    Err(missing) => {
                        out.inconclusive(
                            location,
                            &format!("how the ECR registry in {region} of account {label} scans images"),
                            &missing,
                        );
                        return;
                    }
                };
                for repository in repositories {
                    let location = r.resource(repository.arn.as_deref().unwrap_or(&repository.name));
                    let subject = format!("ECR repository {} in {region} of account {label}", repository.name);
                    match verdict(scanning, repository) {
                        Ok(how) => out.pass(location, format_args!("The {subject} is scanned {how}.")),
                        Err(why) => {
                            out.fail(location, format_args!("The {subject} is not scanned automatically: {why}."))
                        }
                    }
                }
            },
        );
    }
}

/// How the repository is scanned, or why it is not.
fn verdict(scanning: &EcrRegistryScanning, repository: &EcrRepository) -> Result<String, String> {
    let rule = scanning.rule_for(&repository.name);
    if scanning.is_enhanced() {
        return match rule {
            Some(rule) => Ok(format!(
                "by Amazon Inspector (enhanced scanning, {} rule for {})",
                rule.scan_frequency,
                rule.repository_filters.join(", ")
            )),
            None if repository.scan_on_push => Err("the registry uses enhanced scanning and none of its rules matches the \
                                                    repository (its own scan-on-push setting is ignored under enhanced scanning)"
                .to_owned()),
            None => Err("the registry uses enhanced scanning and none of its rules matches the repository".to_owned()),
        };
    }
    match rule {
        Some(rule) => Ok(format!(
            "on push (basic scanning, {} rule for {})",
            rule.scan_frequency,
            rule.repository_filters.join(", ")
        )),
        None if repository.scan_on_push => Ok("on push (basic scanning, the repository's own setting)".to_owned()),
        None => Err(format!(
            "the registry uses {} scanning with no scan-on-push rule matching it, and its own scan on push is off",
            scanning.scan_type
        )),
    }
}
