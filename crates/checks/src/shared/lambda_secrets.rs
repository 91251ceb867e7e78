//! Lambda functions that keep a literal secret in their environment variables, as the collector
//! judged them (it keeps only the variables' names): one failed finding per such function.

use maturity_evidence::{AccountEvidence, LambdaFunction};

use crate::shared::prose;
use crate::{Findings, Location};

/// Adds one failed finding for each of `functions` (in `region` of `account`) that keeps a literal
/// secret in its environment, and returns how many did.
pub(crate) fn fail_literal_secrets(
    account: &AccountEvidence,
    region: &str,
    functions: &[LambdaFunction],
    out: &mut Findings,
) -> usize {
    let label = account.label();
    let mut failed = 0;
    for function in functions.iter().filter(|f| !f.secret_like_env_vars.is_empty()) {
        failed += 1;
        let (noun, holds) = if function.secret_like_env_vars.len() == 1 {
            ("variable", "holds a literal secret")
        } else {
            ("variables", "hold literal secrets")
        };
        out.fail(
            Location::resource(&account.account_id, Some(region), &function.arn),
            format_args!(
                "Lambda function {} in {region} of account {label} has environment {noun} {} that {holds}.",
                function.name,
                prose::and_list(&function.secret_like_env_vars)
            ),
        );
    }
    failed
}
