//! An AWS Organization shaped as a multi-account landing zone, for the organization as a whole.

use maturity_evidence::{Bundle, OrgAccount, OrganizationFacts};

use crate::shared::organization;
use crate::shared::prose::and_list;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// The fewest active accounts a multi-account structure has: management, security and log
/// archive.
const MIN_ACTIVE_ACCOUNTS: usize = 3;

/// The words of an account's name that suggest a core function, each with the function's name.
/// A word matches when it starts with one of the keywords, ignoring case; words are split at
/// every character that is not a letter or digit, and before an uppercase letter that follows a
/// lowercase letter or a digit. So `Audit`, `security-tooling`, `SecurityProd`, `Log Archive`,
/// `LogArchive`, `org-logs` and `central-logging` match, and `catalog` or `dialog-app` do not.
/// (`logging` is already matched by `log`; it is listed so that the table reads as documented.)
const CORE_FUNCTIONS: &[(&str, &[&str])] =
    &[("security or audit", &["security", "audit"]), ("log archive", &["log", "logging", "archive"])];

declare_check! {
    /// ## What it checks
    /// The organization as a whole, from AWS Organizations (`DescribeOrganization`,
    /// `ListAccounts`, the OU tree). One finding, which passes when all of these hold:
    ///
    /// - the organization uses all features (feature set `ALL`, not only consolidated billing);
    /// - it has at least one organizational unit below the root;
    /// - it has at least 3 `ACTIVE` accounts;
    /// - an active account other than the management account has a name that suggests a
    ///   security or audit function (a word starting with `security` or `audit`), and another
    ///   one a name that suggests a log archive (a word starting with `log`, `logging` or
    ///   `archive`), and the two are different accounts. Words are split at non-alphanumeric
    ///   characters and before an uppercase letter that follows a lowercase one or a digit, so
    ///   `Log Archive`, `LogArchive`, `Audit` and `security-tooling` match and `catalog` does
    ///   not. Control Tower's defaults (`Audit`, `Log Archive`) match.
    ///
    /// It fails naming every requirement that does not hold (and what could not be read, if
    /// anything). Inconclusive when nothing fails but a part could not be read, and when the
    /// bundle has accounts but no organization facts: a scan of accounts without the
    /// organization cannot tell whether they belong to one. Not applicable for a bundle with
    /// neither accounts nor organization facts.
    ///
    /// ## Why it matters
    /// An account is the strongest isolation boundary AWS offers. With one account, or a flat
    /// list without OUs, an incident in one workload reaches every other, the people who run
    /// workloads can erase the logs that would reveal them, and no SCP guardrail can be applied
    /// to groups of accounts. Dedicated security and log archive accounts keep detection and
    /// evidence out of reach of workload administrators.
    ///
    /// ## How to fix
    /// Set up a landing zone with AWS Control Tower (or Landing Zone Accelerator): it enables all
    /// features, creates the Security and Sandbox OUs and the Log Archive and Audit accounts, and
    /// sends CloudTrail and Config logs to the log archive. Then move workloads into accounts per
    /// environment under workload OUs, keep the management account free of workloads, and
    /// delegate the security services' administration to the audit account.
    pub(crate) struct OrgMultiAccountStructure {
        id: "org-multi-account-structure",
        title: "The organization has all features, OUs, and dedicated security and log archive accounts",
        scope: Organization,
    }
}

impl Check for OrgMultiAccountStructure {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let location = Location::organization();
        let Some(org) = &bundle.organization else {
            if bundle.accounts.is_empty() {
                return; // nothing was scanned: not applicable
            }
            out.add(
                FindingStatus::Inconclusive,
                location,
                "Cannot tell whether the accounts form a multi-account organization: this scan did not read AWS Organizations (a single-account scan, or the organization could not be listed).",
            );
            return;
        };
        let name = match (org.organization.get(), &bundle.scope.organization_id) {
            (Ok(o), _) => format!("Organization {}", o.id),
            (Err(_), Some(id)) => format!("Organization {id}"),
            (Err(_), None) => "The organization".to_owned(),
        };
        let observed = observe(bundle, org);
        if !observed.problems.is_empty() {
            let mut message = format!("{name} lacks a multi-account structure: {}.", observed.problems.join("; "));
            if !observed.unknown.is_empty() {
                message.push_str(&format!(" Also, {}.", observed.unknown.join("; ")));
            }
            out.fail(location, message);
        } else if !observed.unknown.is_empty() {
            out.add(
                FindingStatus::Inconclusive,
                location,
                format!(
                    "Cannot tell whether {} has a multi-account structure: {}.",
                    lowercase_article(&name),
                    observed.unknown.join("; ")
                ),
            );
        } else {
            out.pass(location, format!("{name} uses all features and has {}.", and_list(&observed.holding)));
        }
    }
}

/// What the organization facts show, requirement by requirement.
#[derive(Debug, Default)]
struct Observed {
    /// What the organization has, for requirements that hold (the feature set, which holds when
    /// nothing else is said, aside): `3 OUs`, `a log archive account (Log Archive, 3333…)`.
    holding: Vec<String>,
    /// Requirements that do not hold, as clauses.
    problems: Vec<String>,
    /// Facts that could not be read, as clauses.
    unknown: Vec<String>,
}

fn observe(bundle: &Bundle, org: &OrganizationFacts) -> Observed {
    let mut seen = Observed::default();
    match org.organization.get() {
        Ok(o) if o.feature_set == "ALL" => {}
        Ok(o) => seen.problems.push(format!(
            "it uses the {} feature set, not ALL, so no SCP or other organization policy can apply",
            o.feature_set
        )),
        Err(missing) => seen.unknown.push(format!("its feature set could not be read ({missing})")),
    }
    match org.organizational_units.get() {
        Ok(units) if units.is_empty() => {
            seen.problems.push("it has no OU: every account sits directly under the root".to_owned());
        }
        Ok(units) => seen.holding.push(format!("{} OU{}", units.len(), plural(units.len()))),
        Err(missing) => seen.unknown.push(format!("its OUs could not be read ({missing})")),
    }
    match org.accounts.get() {
        Ok(accounts) => {
            let management = organization::management_account_id(bundle, org).ok();
            observe_accounts(accounts, management, &mut seen);
        }
        Err(missing) => seen.unknown.push(format!("its accounts could not be read ({missing})")),
    }
    seen
}

fn observe_accounts(accounts: &[OrgAccount], management: Option<&str>, seen: &mut Observed) {
    let active: Vec<&OrgAccount> = accounts.iter().filter(|a| a.status == "ACTIVE").collect();
    if active.len() < MIN_ACTIVE_ACCOUNTS {
        seen.problems.push(format!(
            "it has {} active account{}, fewer than {MIN_ACTIVE_ACCOUNTS}",
            active.len(),
            plural(active.len())
        ));
    } else {
        seen.holding.push(format!("{} active accounts", active.len()));
    }
    // The management account is never a dedicated core account.
    let members: Vec<&OrgAccount> = active.into_iter().filter(|a| Some(a.id.as_str()) != management).collect();
    let candidates: Vec<Vec<&OrgAccount>> = CORE_FUNCTIONS
        .iter()
        .map(|(_, keywords)| members.iter().copied().filter(|a| name_suggests(&a.name, keywords)).collect())
        .collect();
    let mut all_found = true;
    for ((function, keywords), found) in CORE_FUNCTIONS.iter().zip(&candidates) {
        if found.is_empty() {
            all_found = false;
            seen.problems.push(format!(
                "no active member account has a name that suggests a {function} function (a word starting with {})",
                or_list(keywords)
            ));
        }
    }
    if !all_found {
        return;
    }
    match assign(&candidates, &mut Vec::new()) {
        Some(chosen) => {
            for ((function, _), account) in CORE_FUNCTIONS.iter().zip(chosen) {
                seen.holding.push(format!("a {function} account ({}, {})", account.name, account.id));
            }
        }
        None => {
            let mut names: Vec<String> =
                candidates.iter().flatten().map(|a| format!("{} ({})", a.name, a.id)).collect();
            names.dedup();
            let functions: Vec<&str> = CORE_FUNCTIONS.iter().map(|(function, _)| *function).collect();
            seen.problems.push(format!(
                "the {} functions need an account each, but only {} suggest{} them",
                and_list(&functions),
                and_list(&names),
                if names.len() == 1 { "s" } else { "" }
            ));
        }
    }
}

/// One different account per function, each among that function's candidates, trying them in
/// order; `None` when no such choice exists.
fn assign<'a>(candidates: &[Vec<&'a OrgAccount>], taken: &mut Vec<&'a str>) -> Option<Vec<&'a OrgAccount>> {
    let Some((first, rest)) = candidates.split_first() else {
        return Some(Vec::new());
    };
    for account in first {
        if taken.contains(&account.id.as_str()) {
            continue;
        }
        taken.push(&account.id);
        if let Some(mut chosen) = assign(rest, taken) {
            chosen.insert(0, account);
            return Some(chosen);
        }
        taken.pop();
    }
    None
}

/// Whether a word of `name` starts with one of `keywords` (lowercase), ignoring case.
fn name_suggests(name: &str, keywords: &[&str]) -> bool {
    let chars: Vec<char> = name.chars().collect();
    (0..chars.len()).filter(|&i| starts_word(&chars, i)).any(|i| {
        let rest: String = chars[i..].iter().collect::<String>().to_lowercase();
        keywords.iter().any(|keyword| rest.starts_with(keyword))
    })
}

/// Whether a word starts at `i`: an alphanumeric character at the start, after one that is not,
/// or an uppercase letter after a lowercase letter or a digit.
fn starts_word(chars: &[char], i: usize) -> bool {
    let Some(&current) = chars.get(i) else { return false };
    if !current.is_alphanumeric() {
        return false;
    }
    match i.checked_sub(1).and_then(|p| chars.get(p)) {
        None => true,
        Some(previous) if !previous.is_alphanumeric() => true,
        Some(previous) => (previous.is_lowercase() || previous.is_numeric()) && current.is_uppercase(),
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn or_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("\"{item}\"")).collect();
    and_list(&quoted).replacen(" and ", " or ", 1)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `Organization o-1` → `organization o-1`, `The organization` → `the organization`.
fn lowercase_article(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run;

    #[test]
    fn accounts_without_organization_facts_are_inconclusive() {
        let text = r#"{
          "schema_version": 1,
          "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
          "scope": {"accounts": ["111111111111"], "regions": []},
          "accounts": [{"account_id": "111111111111", "name": "standalone"}]
        }"#;
        let bundle = Bundle::from_json("test", text).unwrap_or_else(|e| panic!("{e}"));
        let found = run(&OrgMultiAccountStructure, &bundle);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].status, FindingStatus::Inconclusive);
        assert!(found[0].message.contains("did not read AWS Organizations"), "{}", found[0].message);
    }

    #[test]
    fn a_known_failure_fails_even_when_other_parts_are_unreadable() {
        let text = r#"{
          "schema_version": 1,
          "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
          "scope": {"organization_id": "o-1", "accounts": [], "regions": []},
          "organization": {
            "organization": {"denied": {"action": "organizations:DescribeOrganization"}},
            "organizational_units": {"ok": []},
            "accounts": {"failed": {"error": "throttled"}}
          },
          "accounts": []
        }"#;
        let bundle = Bundle::from_json("test", text).unwrap_or_else(|e| panic!("{e}"));
        let found = run(&OrgMultiAccountStructure, &bundle);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].status, FindingStatus::Fail);
        assert_eq!(
            found[0].message,
            "Organization o-1 lacks a multi-account structure: it has no OU: every account sits directly under the root. Also, its feature set could not be read (access denied to organizations:DescribeOrganization); its accounts could not be read (the call failed (throttled))."
        );
    }

    const SECURITY: &[&str] = &["security", "audit"];
    const LOGS: &[&str] = &["log", "logging", "archive"];

    fn account(id: &str, name: &str) -> OrgAccount {
        let json = serde_json::json!({"id": id, "name": name, "status": "ACTIVE", "parent_id": "ou-core"});
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn keywords_match_at_word_starts_only() {
        for name in ["Audit", "security-tooling", "SecurityProd", "prod_AUDIT", "org security"] {
            assert!(name_suggests(name, SECURITY), "{name}");
        }
        for name in ["Log Archive", "LogArchive", "org-logs", "central-logging", "archive2024", "LOGARCHIVE"] {
            assert!(name_suggests(name, LOGS), "{name}");
        }
        for name in ["catalog", "dialog-app", "backlog", "insecurity", "payments"] {
            assert!(!name_suggests(name, LOGS) && !name_suggests(name, SECURITY), "{name}");
        }
        assert!(name_suggests("2024Audit", SECURITY));
        assert!(!name_suggests("2024audit", SECURITY), "a lowercase letter after a digit starts no word");
    }

    #[test]
    fn one_account_cannot_serve_both_functions() {
        let mut seen = Observed::default();
        let accounts = [account("1", "management"), account("2", "security-logs"), account("3", "payments")];
        observe_accounts(&accounts, Some("1"), &mut seen);
        assert_eq!(seen.problems.len(), 1, "{:?}", seen.problems);
        assert!(seen.problems[0].contains("security-logs (2)"), "{:?}", seen.problems);

        // The first security candidate is also the only log candidate: the other one must be chosen.
        let mut seen = Observed::default();
        let accounts = [account("1", "management"), account("2", "security-logs"), account("3", "audit")];
        observe_accounts(&accounts, Some("1"), &mut seen);
        assert!(seen.problems.is_empty(), "{:?}", seen.problems);
        assert!(seen.holding.iter().any(|h| h.contains("security or audit account (audit, 3)")), "{:?}", seen.holding);

        let mut seen = Observed::default();
        let accounts = [account("1", "management"), account("2", "security-logs"), account("3", "log-archive")];
        observe_accounts(&accounts, Some("1"), &mut seen);
        assert!(seen.problems.is_empty(), "{:?}", seen.problems);
        assert!(seen.holding.iter().any(|h| h.contains("log archive account (log-archive, 3)")), "{:?}", seen.holding);
    }

    #[test]
    fn the_management_account_is_no_core_account() {
        let mut seen = Observed::default();
        let accounts = [account("1", "Security Management"), account("2", "Log Archive"), account("3", "app")];
        observe_accounts(&accounts, Some("1"), &mut seen);
        assert_eq!(seen.problems.len(), 1, "{:?}", seen.problems);
        assert!(seen.problems[0].starts_with("no active member account"), "{:?}", seen.problems);
    }
}
