//! IAM-style policy documents (identity policies, service and resource control policies, trust
//! policies, bucket and key policies), read once for every check that reads a policy, leniently:
//! `Statement` may be one object or an array, `Principal`, `Action`, `NotAction` and condition
//! values may be one value or an array, and a document stored as a JSON string is parsed first.
//! Statements whose `Effect` is neither `Allow` nor `Deny` are left out; nothing here panics on a
//! malformed document.

use serde_json::{Map, Value};

/// Whether a statement allows or denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// One statement of a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    /// Allow or deny.
    pub(crate) effect: Effect,
    /// `Principal`, when present (resource and trust policies).
    pub(crate) principal: Option<Principal>,
    /// `NotPrincipal`, when present: everyone but those named.
    pub(crate) not_principal: Option<Principal>,
    /// `Action`, when present.
    pub(crate) action: Option<Vec<String>>,
    /// `NotAction`, when present.
    pub(crate) not_action: Option<Vec<String>>,
    /// `Resource`, when present.
    pub(crate) resource: Option<Vec<String>>,
    /// Every condition, one per operator and key.
    pub(crate) conditions: Vec<Condition>,
}

/// Who a statement speaks of. `"Principal": "*"` is the same as `{"AWS": "*"}`: anyone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Principal {
    /// `AWS`: account ids, account, role and user ARNs, or `*`.
    pub(crate) aws: Vec<String>,
    /// `Federated`: SAML and OIDC provider ARNs, or web identity providers (`cognito-identity.amazonaws.com`).
    pub(crate) federated: Vec<String>,
    /// `Service`: AWS service principals (`ec2.amazonaws.com`).
    pub(crate) service: Vec<String>,
}

impl Principal {
    /// Whether the principal is anyone: `"*"`, `{"AWS": "*"}` or an `AWS` list holding `*`.
    pub(crate) fn is_anyone(&self) -> bool {
        self.aws.iter().any(|p| p == "*")
    }

    fn from_value(value: &Value) -> Self {
        match value {
            Value::Object(named) => Self {
                aws: field(named, "AWS").map(strings).unwrap_or_default(),
                federated: field(named, "Federated").map(strings).unwrap_or_default(),
                service: field(named, "Service").map(strings).unwrap_or_default(),
            },
            bare => Self { aws: strings(bare), ..Self::default() },
        }
    }
}

/// One condition of a statement: an operator applied to one key and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Condition {
    /// The operator as written, e.g. `ForAnyValue:StringNotLikeIfExists`.
    pub(crate) operator: String,
    /// The condition key as written, e.g. `aws:RequestedRegion`.
    pub(crate) key: String,
    /// The values, as strings (numbers and booleans as their JSON text).
    pub(crate) values: Vec<String>,
}

impl Condition {
    /// The operator without its set prefix (`ForAnyValue:`, `ForAllValues:`) and without its
    /// `IfExists` suffix: `ForAnyValue:StringNotLikeIfExists` → `StringNotLike`.
    pub(crate) fn base_operator(&self) -> &str {
        let op = self.operator.as_str();
        let op = strip_prefix_ignore_case(op, "ForAnyValue:")
            .or_else(|| strip_prefix_ignore_case(op, "ForAllValues:"))
            .unwrap_or(op);
        let len = op.len();
        if len > "IfExists".len() && op.is_char_boundary(len - "IfExists".len()) {
            let (head, tail) = op.split_at(len - "IfExists".len());
            if tail.eq_ignore_ascii_case("IfExists") {
                return head;
            }
        }
        op
    }

    /// Whether the condition is on this key (condition keys are case-insensitive).
    pub(crate) fn is_on(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }
}

impl Statement {
    /// The conditions on one key.
    pub(crate) fn conditions_on<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Condition> {
        self.conditions.iter().filter(move |c| c.is_on(key))
    }
}

/// The statements of a policy document. A document that is not an object (or a JSON string
/// holding one) has none.
pub(crate) fn statements(document: &Value) -> Vec<Statement> {
    let parsed;
    let document = match document {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                parsed = value;
                &parsed
            }
            Err(_) => return Vec::new(),
        },
        other => other,
    };
    let Some(statement) = document.as_object().and_then(|doc| field(doc, "Statement")) else {
        return Vec::new();
    };
    let items: Vec<&Value> = match statement {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    items.into_iter().filter_map(|item| item.as_object()).filter_map(statement_from).collect()
}

/// Whether `value` matches a `StringLike` pattern: `*` matches any run of characters, `?` any
/// one character.
pub(crate) fn string_like(pattern: &str, value: &str, ignore_case: bool) -> bool {
    let fold =
        |s: &str| -> Vec<char> { if ignore_case { s.to_lowercase().chars().collect() } else { s.chars().collect() } };
    let (p, v) = (fold(pattern), fold(value));
    // Iterative wildcard matching with backtracking to the last `*`.
    let (mut pi, mut vi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, vi));
                pi += 1;
            }
            Some(&c) if c == '?' || c == v[vi] => {
                pi += 1;
                vi += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    pi = sp + 1;
                    vi = sv + 1;
                    star = Some((sp, sv + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn statement_from(item: &Map<String, Value>) -> Option<Statement> {
    let effect = match field(item, "Effect").and_then(Value::as_str) {
        Some(e) if e.eq_ignore_ascii_case("Allow") => Effect::Allow,
        Some(e) if e.eq_ignore_ascii_case("Deny") => Effect::Deny,
        _ => return None,
    };
    let mut conditions = Vec::new();
    if let Some(Value::Object(operators)) = field(item, "Condition") {
        for (operator, keys) in operators {
            let Value::Object(keys) = keys else { continue };
            for (key, values) in keys {
                conditions.push(Condition { operator: operator.clone(), key: key.clone(), values: strings(values) });
            }
        }
    }
    Some(Statement {
        effect,
        principal: field(item, "Principal").map(Principal::from_value),
        not_principal: field(item, "NotPrincipal").map(Principal::from_value),
        action: field(item, "Action").map(strings),
        not_action: field(item, "NotAction").map(strings),
        resource: field(item, "Resource").map(strings),
        conditions,
    })
}

/// A member of an object, by name; exact spelling first, then ignoring case.
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

/// One value or an array of values, as strings; nulls and nested objects are left out.
fn strings(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn statement_as_single_object_with_string_values() {
        let doc = json!({
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}
            }
        });
        let parsed = statements(&doc);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].effect, Effect::Deny);
        assert_eq!(parsed[0].action, Some(vec!["*".to_owned()]));
        assert_eq!(parsed[0].not_action, None);
        assert_eq!(
            parsed[0].conditions,
            vec![Condition {
                operator: "StringNotEquals".into(),
                key: "aws:RequestedRegion".into(),
                values: vec!["eu-west-1".into()]
            }]
        );
    }

    #[test]
    fn statement_array_with_not_action_and_array_values() {
        let doc = json!({
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"},
                {
                    "Sid": "DenyOutsideEU",
                    "Effect": "Deny",
                    "NotAction": ["iam:*", "organizations:*"],
                    "Resource": "*",
                    "Condition": {
                        "StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
                        "ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/Admin"}
                    }
                }
            ]
        });
        let parsed = statements(&doc);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].effect, Effect::Allow);
        assert_eq!(parsed[0].action.as_deref(), Some(&["s3:*".to_owned(), "ec2:*".to_owned()][..]));
        let deny = &parsed[1];
        assert_eq!(deny.action, None);
        assert_eq!(deny.not_action.as_ref().map(Vec::len), Some(2));
        let region: Vec<_> = deny.conditions_on("aws:requestedregion").collect();
        assert_eq!(region.len(), 1);
        assert_eq!(region[0].values, vec!["eu-west-1", "eu-central-1"]);
        assert_eq!(deny.conditions.len(), 2);
    }

    #[test]
    fn principals_of_every_shape() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
            {"Effect": "Allow", "Principal": {"aws": ["111111111111", "arn:aws:iam::2:root"], "Service": "ec2.amazonaws.com"}},
            {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}},
            {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:role/Admin"}},
            {"Effect": "Allow", "Action": "*"}
        ]});
        let parsed = statements(&doc);
        assert!(parsed[0].principal.as_ref().is_some_and(Principal::is_anyone));
        let named = parsed[1].principal.clone().unwrap_or_default();
        assert_eq!(named.aws, ["111111111111", "arn:aws:iam::2:root"]);
        assert_eq!(named.service, ["ec2.amazonaws.com"]);
        assert!(!named.is_anyone());
        assert_eq!(
            parsed[2].principal.as_ref().map(|p| p.federated.clone()),
            Some(vec!["cognito-identity.amazonaws.com".to_owned()])
        );
        assert_eq!(parsed[3].principal, None);
        assert_eq!(parsed[3].not_principal.as_ref().map(|p| p.aws.len()), Some(1));
        assert_eq!((parsed[4].principal.as_ref(), parsed[4].not_principal.as_ref()), (None, None));
    }

    #[test]
    fn document_stored_as_json_text_is_parsed() {
        let doc = Value::String(r#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#.into());
        assert_eq!(statements(&doc).len(), 1);
    }

    #[test]
    fn malformed_documents_give_no_statements_and_no_panic() {
        for doc in [
            json!(null),
            json!("not json"),
            json!([1, 2]),
            json!({"Version": "2012-10-17"}),
            json!({"Statement": "oops"}),
            json!({"Statement": [{"Action": "*"}]}),
            json!({"Statement": [{"Effect": "Maybe", "Action": "*"}]}),
        ] {
            assert!(statements(&doc).is_empty(), "{doc}");
        }
    }

    #[test]
    fn odd_condition_shapes_are_tolerated() {
        let doc = json!({"Statement": {
            "Effect": "deny",
            "Action": "*",
            "Condition": {
                "Bool": {"aws:SecureTransport": false},
                "NumericLessThan": {"s3:TlsVersion": 1.2},
                "StringEquals": "not an object",
                "Null": {"aws:RequestTag/x": [true, null, {"nested": 1}]}
            }
        }});
        let parsed = statements(&doc);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].effect, Effect::Deny);
        let mut values: Vec<_> = parsed[0].conditions.iter().map(|c| c.values.join(",")).collect();
        values.sort();
        assert_eq!(values, vec!["1.2", "false", "true"]);
    }

    #[test]
    fn base_operator_strips_set_prefix_and_if_exists() {
        let op = |operator: &str| Condition { operator: operator.into(), key: String::new(), values: vec![] };
        assert_eq!(op("StringNotEquals").base_operator(), "StringNotEquals");
        assert_eq!(op("StringNotLikeIfExists").base_operator(), "StringNotLike");
        assert_eq!(op("ForAnyValue:StringNotEqualsIgnoreCase").base_operator(), "StringNotEqualsIgnoreCase");
        assert_eq!(op("forallvalues:StringNotLikeIfExists").base_operator(), "StringNotLike");
        assert_eq!(op("IfExists").base_operator(), "IfExists");
    }

    #[test]
    fn string_like_wildcards() {
        assert!(string_like("eu-*", "eu-west-1", false));
        assert!(string_like("*", "", false));
        assert!(string_like("us-?ast-1", "us-east-1", false));
        assert!(string_like("*-west-*", "eu-west-1", false));
        assert!(!string_like("eu-*", "us-east-1", false));
        assert!(!string_like("eu-west-1", "eu-west-10", false));
        assert!(!string_like("EU-*", "eu-west-1", false));
        assert!(string_like("EU-*", "eu-west-1", true));
        assert!(string_like("a*b*c", "axxbyyc", false));
        assert!(!string_like("a*b*c", "axxbyy", false));
    }
}
