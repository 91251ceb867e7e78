//! Every Secrets Manager secret rotates automatically.

use maturity_evidence::Bundle;

use crate::shared::walk;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every AWS Secrets Manager secret (`secretsmanager:ListSecrets`) in every scanned region of
    /// every account has automatic rotation turned on. One finding per secret: pass when
    /// rotation is on (with the date of the last rotation when known), fail when it is off
    /// (with when the secret was last read, so unused secrets can be deleted instead). Secrets
    /// managed by another AWS service are judged the same way, by the flag Secrets Manager
    /// reports.
    ///
    /// Not applicable in a region without secrets. Inconclusive when the secrets could not be
    /// read.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A secret that never changes stays valid in every copy that ever leaked: old laptops,
    /// logs, former employees' notes, a repository someone forked. Rotation bounds how long a
    /// leaked secret is useful and proves that the applications read the secret from the store
    /// rather than from their code.
    ///
    /// ## How to fix
    /// Turn on rotation for each secret with a rotation function (AWS provides them for RDS,
    /// Redshift and DocumentDB credentials) or managed rotation, on a schedule of 90 days or
    /// less, and test that the application picks up the new value. Delete the secrets that
    /// nothing reads any more.
    pub(crate) struct SecretsmanagerRotationEnabled {
        id: "secretsmanager-rotation-enabled",
        title: "Every Secrets Manager secret rotates automatically",
        scope: Resource,
        reads: ["account.enabled_regions", "region.secretsmanager_secrets"],
    }
}

impl Check for SecretsmanagerRotationEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether Secrets Manager secrets rotate";
        walk::each_region_fact(
            bundle,
            out,
            what,
            |facts| &facts.secretsmanager_secrets,
            |r| {
                let (region, label) = (r.name, &r.label);
                format!("{what} in {region} of account {label}")
            },
            |r, secrets, out| {
                let (region, label) = (r.name, &r.label);
                if secrets.is_empty() {
                    out.not_applicable(
                        r.location(),
                        format_args!("There is no Secrets Manager secret in {region} of account {label}."),
                    );
                    return;
                }
                for secret in secrets {
                    let location = r.resource(secret.arn.as_deref().unwrap_or(&secret.name));
                    let subject = format!("Secrets Manager secret {} in {region} of account {label}", secret.name);
                    if secret.rotation_enabled {
                        let last = secret
                            .last_rotated
                            .map(|d| format!(", last on {}", d.format("%Y-%m-%d")))
                            .unwrap_or_default();
                        out.pass(location, format_args!("The {subject} rotates automatically{last}."));
                    } else {
                        let read = secret.last_accessed.map_or_else(
                            || "; no read of it is recorded".to_owned(),
                            |d| format!("; it was last read on {}", d.format("%Y-%m-%d")),
                        );
                        out.fail(location, format_args!("The {subject} does not rotate automatically{read}."));
                    }
                }
            },
        );
    }
}
