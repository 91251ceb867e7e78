//! No Lambda function keeps a literal secret in its environment variables.

use maturity_evidence::{Bundle, RegionFacts};

use crate::shared::{lambda_secrets, walk};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// The environment variables of every Lambda function (`lambda:ListFunctions`) in every
    /// scanned region of every account. The collector reads each variable's value only to judge
    /// it and keeps just the names: a variable looks like a secret when its name says so
    /// (password, passwd, secret, token, API key, private key, access key, credential …, but not
    /// names ending in `_ARN`, `_NAME`, `_ID`, `_PATH`, `_URL` … that point at a secret) and its
    /// value is a literal, that is neither empty nor the ARN of a Secrets Manager secret or a
    /// Parameter Store parameter.
    ///
    /// Fail, per function, for each function with such a variable, naming the variables. Pass,
    /// per region, when none of the region's functions has one; the message also counts the
    /// Secrets Manager secrets of the region when they were collected. Not applicable in a region
    /// without functions. Inconclusive when the functions could not be read.
    ///
    /// The judgment is a heuristic on names: a secret under an innocent name is not seen, and a
    /// harmless value under a secret-like name is reported.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Environment variables are shown in the console, returned by `GetFunctionConfiguration`
    /// to anyone with read access, copied into infrastructure-as-code templates and
    /// deployment logs, and they never rotate. A secret there is a secret in your code base.
    ///
    /// ## How to fix
    /// Move each secret to AWS Secrets Manager (or a `SecureString` parameter), pass the
    /// function only its ARN, grant the function's role `secretsmanager:GetSecretValue` on that
    /// secret, and read it at start-up (the Parameters and Secrets Lambda extension caches it).
    /// Then rotate the secret that was exposed.
    pub(crate) struct LambdaNoSecretsInEnvironment {
        id: "lambda-no-secrets-in-environment",
        title: "No Lambda function keeps a literal secret in its environment variables",
        scope: Resource,
        reads: ["account.enabled_regions", "region.lambda_functions", "region.secretsmanager_secrets"],
    }
}

impl Check for LambdaNoSecretsInEnvironment {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether Lambda functions keep secrets in their environment";
        walk::each_region_fact(
            bundle,
            out,
            what,
            |facts| &facts.lambda_functions,
            |r| {
                let (region, label) = (r.name, &r.label);
                format!("{what} in {region} of account {label}")
            },
            |r, functions, out| {
                let (account, region, facts, label) = (r.account, r.name, r.facts, &r.label);
                let location = r.location();
                if functions.is_empty() {
                    out.not_applicable(
                        location,
                        format_args!("There is no Lambda function in {region} of account {label}."),
                    );
                    return;
                }
                let clean = lambda_secrets::fail_literal_secrets(account, region, functions, out) == 0;
                if clean {
                    let count = functions.len();
                    let functions = if count == 1 {
                        "The Lambda function".to_owned()
                    } else {
                        format!("None of the {count} Lambda functions")
                    };
                    let verb = if count == 1 { "keeps no" } else { "keeps a" };
                    out.pass(
                        location,
                        format_args!(
                            "{functions} in {region} of account {label} {verb} literal secret in its environment{}.",
                            secrets_in_use(facts)
                        ),
                    );
                }
            },
        );
    }
}

/// `; 3 Secrets Manager secrets are stored in the region`, when they were collected.
fn secrets_in_use(facts: &RegionFacts) -> String {
    match facts.secretsmanager_secrets.get() {
        Ok(secrets) if secrets.len() == 1 => "; 1 Secrets Manager secret is stored in the region".to_owned(),
        Ok(secrets) if !secrets.is_empty() => {
            format!("; {} Secrets Manager secrets are stored in the region", secrets.len())
        }
        _ => String::new(),
    }
}
