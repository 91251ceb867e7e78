//! Guardrails and invocation logging where Amazon Bedrock is in use, per region.

use maturity_evidence::{Bundle, Missing, RegionFacts};

use crate::shared::{accounts, prose, walk};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account where Amazon Bedrock shows signs of use (custom
    /// models from `bedrock:ListCustomModels`, provisioned throughput from
    /// `bedrock:ListProvisionedModelThroughputs`, guardrails from `bedrock:ListGuardrails`, or
    /// model invocation logging configured, `bedrock:GetModelInvocationLoggingConfiguration`):
    /// at least one guardrail is `READY` and model invocation logging sends the logs to
    /// CloudWatch Logs or S3. One finding per region: pass when both hold, fail naming what is
    /// missing.
    ///
    /// Not applicable for a region with no sign of Bedrock use. On-demand use of foundation
    /// models leaves no trace in these APIs, so when no account of the scan shows any sign of
    /// use, each account whose regions were all read gets one inconclusive finding: the absence
    /// was seen, but only an attested answer can tell whether generative AI is used (on demand,
    /// or outside AWS), and the control stays unknown until then. Inconclusive when no sign of
    /// use was found and one of the four facts could not be read, when the region is in use but
    /// the guardrails or the logging could not be read, and for an account the collector could
    /// not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Generative AI applications can be steered by prompt injection into leaking internal
    /// data or giving answers the organization must not give. Guardrails filter prompts and
    /// answers (denied topics, harmful content, personal data, grounding), and invocation logs
    /// are the only record of who asked the model what, which an investigation needs.
    ///
    /// ## How to fix
    /// Create Bedrock guardrails that match the organization's policies (denied topics, content
    /// filters, sensitive information filters) and attach them to every application's model
    /// calls; enforce their use with the `bedrock:GuardrailIdentifier` IAM condition. Turn on
    /// model invocation logging in each region to CloudWatch Logs or an S3 bucket with
    /// restricted access.
    pub(crate) struct BedrockGuardrailsConfigured {
        id: "bedrock-guardrails-configured",
        title: "Where Amazon Bedrock is in use, a guardrail exists and model invocations are logged",
        scope: Region,
        reads: ["account.enabled_regions", "region.bedrock_guardrails", "region.bedrock_invocation_logging", "region.bedrock_custom_models", "region.bedrock_provisioned_throughputs"],
        alternative: "prompt and answer filtering and logging outside Bedrock, in an AI gateway or in the application",
    }
}

impl Check for BedrockGuardrailsConfigured {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let entered = accounts::entered(bundle);
        // The accounts of the scan where Bedrock shows signs of use.
        let users: Vec<String> = entered
            .iter()
            .filter(|account| accounts::regions(account).any(|(_, f)| signs_of_use(f).is_ok_and(|s| !s.is_empty())))
            .map(|account| account.label().to_string())
            .collect();
        walk::every_region(bundle, out, "whether Bedrock is protected", |account, regions, out| {
            let label = account.label();
            let mut unseen = 0;
            for &(region, facts) in regions {
                let location = Location::region(&account.account_id, region);
                let here = format!("{region} of account {label}");
                let signs = match signs_of_use(facts) {
                    Ok(signs) if signs.is_empty() => {
                        unseen += 1;
                        out.not_applicable(
                            location,
                            format_args!(
                                "No sign of Amazon Bedrock use was found in {here} (no custom model, provisioned throughput, guardrail or invocation logging)."
                            ),
                        );
                        continue;
                    }
                    Ok(signs) => prose::and_list(&signs).to_string(),
                    Err(missing) => {
                        out.inconclusive(location, &format!("whether Amazon Bedrock is used in {here}"), &missing);
                        continue;
                    }
                };
                let (guardrails, logging) =
                    match (facts.bedrock_guardrails.get(), facts.bedrock_invocation_logging.get()) {
                        (Ok(g), Ok(l)) => (g, l),
                        (Err(missing), _) | (_, Err(missing)) => {
                            out.inconclusive(
                                location,
                                &format!("whether Amazon Bedrock, in use in {here} ({signs}), is protected"),
                                &missing,
                            );
                            continue;
                        }
                    };
                let ready: Vec<&str> = guardrails.iter().filter(|g| g.is_ready()).map(|g| g.name.as_str()).collect();
                let logged = logging.as_ref().is_some_and(|l| l.has_destination());
                let mut gaps = Vec::new();
                if ready.is_empty() {
                    gaps.push(if guardrails.is_empty() {
                        "there is no guardrail".to_owned()
                    } else if let [only] = guardrails.as_slice() {
                        format!("its only guardrail, {}, is {}", only.name, only.status)
                    } else {
                        format!("none of its {} guardrails is READY", guardrails.len())
                    });
                }
                if !logged {
                    gaps.push("model invocation logging is off".to_owned());
                }
                if gaps.is_empty() {
                    out.pass(
                        location,
                        format_args!(
                            "Amazon Bedrock is in use in {here} ({signs}), with {} {} ready and model invocation logging on.",
                            if ready.len() == 1 { "guardrail" } else { "guardrails" },
                            prose::and_list(&ready)
                        ),
                    );
                } else {
                    out.fail(
                        location,
                        format_args!("Amazon Bedrock is in use in {here} ({signs}), but {}.", prose::and_list(&gaps)),
                    );
                }
            }
            if unseen > 0 && unseen == regions.len() && users.is_empty() {
                out.add(
                    FindingStatus::Inconclusive,
                    Location::account(&account.account_id),
                    format_args!(
                        "No sign of Amazon Bedrock use was found in any scanned region of account {label}, nor in any account of the scan. That absence was seen in AWS, but on-demand use of foundation models (or generative AI used outside AWS) leaves no trace here, which only an attested answer can tell."
                    ),
                );
            }
        });
    }
}

/// The signs of Bedrock use in a region, or why they cannot be told (only when none was found).
fn signs_of_use(facts: &RegionFacts) -> Result<Vec<String>, Missing<'_>> {
    let mut signs = Vec::new();
    let mut unread = None;
    for (listed, one, many) in [
        (facts.bedrock_custom_models.get().map(Vec::len), "custom model", "custom models"),
        (
            facts.bedrock_provisioned_throughputs.get().map(Vec::len),
            "provisioned throughput",
            "provisioned throughputs",
        ),
        (facts.bedrock_guardrails.get().map(Vec::len), "guardrail", "guardrails"),
    ] {
        match listed {
            Ok(0) => {}
            Ok(n) => signs.push(format!("{n} {}", if n == 1 { one } else { many })),
            Err(missing) => {
                unread.get_or_insert(missing);
            }
        }
    }
    match facts.bedrock_invocation_logging.get() {
        Ok(Some(_)) => signs.push("invocation logging configured".to_owned()),
        Ok(None) => {}
        Err(missing) => {
            unread.get_or_insert(missing);
        }
    }
    match (signs.is_empty(), unread) {
        (true, Some(missing)) => Err(missing),
        _ => Ok(signs),
    }
}
