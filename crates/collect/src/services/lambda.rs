//! AWS Lambda, per region: every function with its runtime, package type and the names of its
//! environment variables. Values are read only to decide, here, whether a secret-named variable
//! holds a literal (a secret in the function's configuration) or a reference to a secret store;
//! no value ever leaves this module.

use std::collections::HashMap;

use maturity_evidence::{Fact, LambdaFunction};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_FUNCTIONS: "lambda:ListFunctions";
}

/// `lambda:ListFunctions`, every page.
pub(crate) async fn functions(clients: &Clients, region: &str) -> Fact<Vec<LambdaFunction>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<LambdaFunction>, Problem> {
    let functions =
        paging::all(LIST_FUNCTIONS, clients.lambda(region).list_functions().into_paginator().send(), |page| {
            page.functions()
                .iter()
                .filter_map(|f| {
                    let empty = HashMap::new();
                    let variables = f.environment().and_then(|e| e.variables()).unwrap_or(&empty);
                    Some(function(
                        f.function_name()?,
                        f.function_arn()?,
                        f.runtime().map(|r| r.as_str().to_owned()),
                        f.package_type().map(|p| p.as_str().to_owned()),
                        variables,
                    ))
                })
                .collect()
        })
        .await?;
    Ok(functions)
}

/// The function as evidence: variable names only, sorted, and the secret-like ones among them.
fn function(
    name: &str,
    arn: &str,
    runtime: Option<String>,
    package_type: Option<String>,
    variables: &HashMap<String, String>,
) -> LambdaFunction {
    let mut env_var_names: Vec<String> = variables.keys().cloned().collect();
    env_var_names.sort();
    let secret_like_env_vars = env_var_names
        .iter()
        .filter(|n| variables.get(*n).is_some_and(|v| holds_literal_secret(n, v)))
        .cloned()
        .collect();
    LambdaFunction {
        name: name.to_owned(),
        arn: arn.to_owned(),
        runtime,
        package_type,
        env_var_names,
        secret_like_env_vars,
    }
}

/// Words that make a variable's name say it holds a secret (compared upper-case, with `-` and
/// `.` read as `_`).
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "PRIVATEKEY",
    "ACCESS_KEY",
    "ACCESSKEY",
    "CREDENTIAL",
    "CONNECTION_STRING",
    "SIGNING_KEY",
    "ENCRYPTION_KEY",
];

/// Names ending so point at a secret rather than hold one (`DB_SECRET_ARN`, `TOKEN_URL` …).
const POINTER_SUFFIXES: &[&str] =
    &["_ARN", "_NAME", "_ID", "_PATH", "_PARAM", "_PARAMETER", "_URL", "_URI", "_ENDPOINT", "_TTL", "_EXPIRY"];

/// Whether the variable's name says "secret" and its value is a literal: not empty and not a
/// reference to Secrets Manager or Systems Manager Parameter Store.
fn holds_literal_secret(name: &str, value: &str) -> bool {
    let name: String = name.chars().map(|c| if c == '-' || c == '.' { '_' } else { c.to_ascii_uppercase() }).collect();
    let secret_name = (SECRET_WORDS.iter().any(|word| name.contains(word))
        || name == "PWD"
        || name.ends_with("_PWD")
        || name.ends_with("_PASS"))
        && !POINTER_SUFFIXES.iter().any(|suffix| name.ends_with(suffix));
    secret_name && !is_reference(value)
}

/// An empty value, or the ARN of a Secrets Manager secret or a Parameter Store parameter (in any
/// partition).
fn is_reference(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return true;
    }
    let mut parts = value.splitn(4, ':');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some("arn"), Some(partition), Some("secretsmanager" | "ssm")) if partition.starts_with("aws")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn secret_names_with_literal_values_are_flagged() {
        for name in ["DB_PASSWORD", "db-password", "STRIPE_API_KEY", "apiKey", "GITHUB_TOKEN", "CLIENT_SECRET", "PWD"] {
            assert!(holds_literal_secret(name, "hunter2"), "{name}");
        }
        assert!(holds_literal_secret("AWS_SECRET_ACCESS_KEY", "not-a-real-key"));
    }

    #[test]
    fn references_empty_values_and_plain_names_are_not_flagged() {
        assert!(!holds_literal_secret("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf"));
        assert!(!holds_literal_secret(
            "API_TOKEN",
            "arn:aws-us-gov:ssm:us-gov-west-1:111111111111:parameter/api/token"
        ));
        assert!(!holds_literal_secret("DB_PASSWORD", ""));
        assert!(!holds_literal_secret("DB_SECRET_ARN", "my-secret"), "points at a secret");
        assert!(!holds_literal_secret("TOKEN_URL", "https://auth.example.com/token"));
        assert!(!holds_literal_secret("LOG_LEVEL", "debug"));
        assert!(!holds_literal_secret("TABLE_NAME", "orders"));
    }

    #[test]
    fn a_value_never_reaches_the_evidence() {
        let value = "s3cr3t-v4lue-that-must-not-leak";
        let f = function(
            "orders",
            "arn:aws:lambda:eu-west-1:111111111111:function:orders",
            Some("python3.12".to_owned()),
            Some("Zip".to_owned()),
            &vars(&[("DB_PASSWORD", value), ("TABLE_NAME", value), ("API_KEY", "arn:aws:ssm:eu-west-1:1:parameter/k")]),
        );
        assert_eq!(f.env_var_names, vec!["API_KEY", "DB_PASSWORD", "TABLE_NAME"]);
        assert_eq!(f.secret_like_env_vars, vec!["DB_PASSWORD"]);
        let json = serde_json::to_string(&Fact::Ok(vec![f])).unwrap_or_default();
        assert!(json.contains("DB_PASSWORD"), "{json}");
        assert!(!json.contains(value), "a value leaked: {json}");
        assert!(!json.contains("parameter/k"), "a reference leaked: {json}");
    }

    #[tokio::test]
    async fn functions_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"Functions":[{"FunctionName":"orders","FunctionArn":"arn:aws:lambda:us-east-1:111111111111:function:orders","Runtime":"python3.12","PackageType":"Zip","Environment":{"Variables":{"DB_PASSWORD":"hunter2","TABLE":"orders"}}}],"NextMarker":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"Functions":[{"FunctionName":"thumbnails","FunctionArn":"arn:aws:lambda:us-east-1:111111111111:function:thumbnails","PackageType":"Image"}]}"#,
            ),
        ]);
        let Fact::Ok(functions) = functions(&clients, "us-east-1").await else { panic!("a value") };
        assert_eq!(functions.len(), 2);
        assert_eq!(functions[0].secret_like_env_vars, vec!["DB_PASSWORD"]);
        assert_eq!((functions[1].runtime.as_deref(), functions[1].package_type.as_deref()), (None, Some("Image")));
        assert_eq!(calls.snapshot().get("lambda:ListFunctions"), Some(&2), "one call per page");
    }
}
