//! S3 buckets whose policy refuses requests that do not use TLS, per bucket.

use maturity_evidence::{AccountEvidence, Bucket, Bundle};
use serde_json::Value;

use crate::shared::buckets;
use crate::shared::policy::{self, Effect, Principal, Statement};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every S3 bucket of every account (`s3:ListAllMyBuckets`), through its bucket policy
    /// (`s3:GetBucketPolicy`). It passes when the policy has a statement that denies, to every
    /// principal (`"Principal": "*"` or `{"AWS": "*"}`), all S3 actions (`s3:*` or `*`) when
    /// `aws:SecureTransport` is `false` (condition `Bool` or `BoolIfExists`). It fails when the
    /// bucket has no policy, or a policy without such a statement (a deny limited to some actions
    /// or some principals does not count).
    ///
    /// Not applicable for an account without buckets. Inconclusive for an account whose buckets
    /// could not be listed and for a bucket whose policy could not be read.
    ///
    /// ## Why it matters
    /// S3 still answers plain HTTP. Any client, script or SDK configured with an `http://`
    /// endpoint sends its credentials-signed requests and the objects themselves in clear text,
    /// where they can be read or replayed on the path. A deny on `aws:SecureTransport` makes S3
    /// refuse those requests, whatever the client does.
    ///
    /// ## How to fix
    /// Add this statement to the bucket policy (keeping the existing statements):
    /// `{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    /// "Resource": ["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"],
    /// "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`. Put it in the templates that
    /// create buckets, and consider also denying old TLS versions with `s3:TlsVersion`.
    pub(crate) struct S3BucketsDenyInsecureTransport {
        id: "s3-buckets-deny-insecure-transport",
        title: "Every S3 bucket policy denies requests that do not use TLS",
        scope: Resource,
        reads: ["account.s3_buckets"],
    }
}

impl Check for S3BucketsDenyInsecureTransport {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        buckets::each_bucket(
            bundle,
            out,
            |label| format!("whether the S3 buckets of {label} deny insecure transport"),
            evaluate_bucket,
        );
    }
}

fn evaluate_bucket(account: &AccountEvidence, label: &str, bucket: &Bucket, out: &mut Findings) {
    let location = Location::resource(&account.account_id, bucket.region.as_deref(), &bucket.name);
    let name = &bucket.name;
    let (status, message) = match bucket.policy.get() {
        Err(missing) => (
            FindingStatus::Inconclusive,
            format!("Cannot tell whether bucket {name} of {label} denies requests without TLS: {missing}."),
        ),
        Ok(None) => (
            FindingStatus::Fail,
            format!("Bucket {name} of {label} has no bucket policy, so nothing denies requests made without TLS."),
        ),
        Ok(Some(policy)) if denies_insecure_transport(policy) => (
            FindingStatus::Pass,
            format!("The bucket policy of bucket {name} of {label} denies every request made without TLS."),
        ),
        Ok(Some(_)) => (
            FindingStatus::Fail,
            format!(
                "The bucket policy of bucket {name} of {label} does not deny all S3 actions to everyone when aws:SecureTransport is false."
            ),
        ),
    };
    out.add_tagged(status, location, &bucket.tags, message);
}

/// Whether the policy has a statement denying every S3 action to every principal over plain
/// HTTP.
fn denies_insecure_transport(policy: &Value) -> bool {
    policy::statements(policy)
        .iter()
        .filter(|statement| statement.principal.as_ref().is_some_and(Principal::is_anyone))
        .any(denies_all_s3_without_tls)
}

fn denies_all_s3_without_tls(statement: &Statement) -> bool {
    let all_s3 = statement
        .action
        .as_ref()
        .is_some_and(|actions| actions.iter().any(|a| a == "*" || a.eq_ignore_ascii_case("s3:*")));
    let without_tls = statement.conditions_on("aws:SecureTransport").any(|c| {
        c.base_operator().eq_ignore_ascii_case("Bool") && c.values.iter().any(|v| v.eq_ignore_ascii_case("false"))
    });
    statement.effect == Effect::Deny && all_s3 && without_tls
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn policy(statement: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:GetObject", "Resource": "*"}, statement]})
    }

    #[test]
    fn the_usual_statement_passes_in_its_common_spellings() {
        let usual = json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}});
        assert!(denies_insecure_transport(&policy(usual)));
        let variant = json!({"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["*"], "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:securetransport": false}}});
        assert!(denies_insecure_transport(&policy(variant.clone())));
        assert!(denies_insecure_transport(&Value::String(policy(variant).to_string())));
    }

    #[test]
    fn partial_denies_do_not_count() {
        let some_actions = json!({"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}});
        let one_principal = json!({"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::1:role/app"}, "Action": "s3:*",
            "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}});
        let wrong_value = json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}});
        let allow = json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}});
        for statement in [some_actions, one_principal, wrong_value, allow] {
            assert!(!denies_insecure_transport(&policy(statement.clone())), "{statement}");
        }
        assert!(!denies_insecure_transport(&json!("not json")));
    }
}
