//! Secrets are kept in a secrets manager, not in the configuration of workloads, per account.

use maturity_evidence::{AccountEvidence, Bundle, InstanceState, Missing};

use crate::shared::{accounts, lambda_secrets, walk};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Whether each account the collector could enter keeps the secrets of its workloads in a
    /// secrets manager, from the facts of every scanned region: its Secrets Manager secrets
    /// (`secretsmanager:ListSecrets`, metadata only), its Lambda functions
    /// (`lambda:ListFunctions`, judged as `lambda-no-secrets-in-environment` judges them: a
    /// secret-like variable name holding a literal value), and its workloads (EC2 instances not
    /// terminated, Lambda functions, RDS DB instances).
    ///
    /// Fail, per function, for each Lambda function that keeps a literal secret in its
    /// environment: that secret is in configuration, not in a secrets manager. Pass, per account,
    /// when Secrets Manager holds at least one secret in a scanned region and no function keeps a
    /// literal secret. Not applicable for an account that runs no workload and holds no secret.
    ///
    /// Inconclusive (unknown until answered) for an account that runs workloads but holds no
    /// Secrets Manager secret: its workloads may need no secret (IAM roles only), or keep them in
    /// places these facts do not show: Parameter Store `SecureString` parameters (not collected),
    /// a vault outside AWS (HashiCorp Vault, CyberArk …), or secrets in code, container images and
    /// instance configuration, which no API shows. Inconclusive also when the functions or the
    /// secrets of a region could not be read.
    ///
    /// ## Why it matters
    /// A secret in code, a configuration file or an environment variable is copied wherever that
    /// goes (repositories, templates, logs, consoles), readable by anyone who reads the
    /// configuration, and never rotated. A secrets manager keeps it encrypted under a key policy,
    /// hands it only to the identities allowed by IAM, records every read in CloudTrail and can
    /// rotate it.
    ///
    /// ## How to fix
    /// Store database passwords, API keys and tokens in AWS Secrets Manager (or another vault),
    /// give workloads only the secret's ARN and read it at run time with their IAM role; turn on
    /// rotation. Move every literal secret out of Lambda environment variables, then rotate it,
    /// since it was exposed.
    pub(crate) struct SecretsInSecretsManager {
        id: "secrets-in-secrets-manager",
        title: "Workload secrets are kept in a secrets manager, not in Lambda environment variables",
        scope: Account,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.rds_db_instances", "region.lambda_functions", "region.secretsmanager_secrets"],
    }
}

impl Check for SecretsInSecretsManager {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::every_region(bundle, out, "whether secrets are kept in a secrets manager", |account, _, out| {
            judge(account, out);
        });
    }
}

fn judge(account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let (mut secrets, mut workloads, mut literal) = (0usize, 0usize, 0usize);
    let mut unread: Vec<String> = Vec::new();
    let mut workloads_unread = false;
    for (region, facts) in accounts::regions(account) {
        let mut note = |what: &str, missing: Missing<'_>| unread.push(format!("{what} in {region}: {missing}"));
        match facts.lambda_functions.get() {
            Ok(functions) => {
                workloads += functions.len();
                literal += lambda_secrets::fail_literal_secrets(account, region, functions, out);
            }
            Err(missing) => note("the Lambda functions", missing),
        }
        match facts.secretsmanager_secrets.get() {
            Ok(found) => secrets += found.len(),
            Err(missing) => note("the Secrets Manager secrets", missing),
        }
        match facts.ec2_instances.get() {
            Ok(instances) => workloads += instances.iter().filter(|i| i.state != InstanceState::Terminated).count(),
            Err(_) => workloads_unread = true,
        }
        match facts.rds_db_instances.get() {
            Ok(instances) => workloads += instances.len(),
            Err(_) => workloads_unread = true,
        }
    }
    if literal > 0 {
        return;
    }
    let location = Location::account(&account.account_id);
    let (status, message) = if !unread.is_empty() {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether account {label} keeps its secrets in a secrets manager: {}.",
                unread.join("; ")
            ),
        )
    } else if secrets > 0 {
        let held = if secrets == 1 { "1 secret".to_owned() } else { format!("{secrets} secrets") };
        (
            FindingStatus::Pass,
            format!(
                "Account {label} keeps {held} in Secrets Manager, and none of its Lambda functions keeps a literal secret in its environment."
            ),
        )
    } else if workloads > 0 {
        let runs = if workloads == 1 { "1 workload".to_owned() } else { format!("{workloads} workloads") };
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether account {label} keeps its secrets in a secrets manager: it runs {runs} but holds no Secrets Manager secret, and Parameter Store or a vault outside AWS is not seen; answer for it."
            ),
        )
    } else if workloads_unread {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether account {label} needs a secrets manager: it holds no Secrets Manager secret and its instances or databases could not be listed."
            ),
        )
    } else {
        (
            FindingStatus::NotApplicable,
            format!("Account {label} runs no workload and holds no Secrets Manager secret in the scanned regions."),
        )
    };
    out.add(status, location, message);
}
