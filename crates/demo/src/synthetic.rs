//! Synthetic organizations of any size, grown from Northwind Analytics, to measure and guard how
//! `assess` scales with the accounts and regions of a bundle.
//!
//! A synthetic bundle keeps the demo's six accounts and adds copies of its five member accounts
//! (security, log archive, production, staging, sandbox, in turn) under fresh 12-digit ids, each
//! listed in the organization under its original's OU. Every account is scanned in the same
//! regions: the demo's three, then the other standard commercial regions in [`STANDARD_REGIONS`]
//! order. A region the demo did not scan is a copy of one it did. Copies are made on the JSON text,
//! with every occurrence of the original's account id and region name replaced, so that ARNs,
//! owners and availability zones name the copy and the checks judge it as a distinct account and
//! region (bucket names, which carry no account, repeat). With six accounts and the demo's three
//! regions the bundle is the demo's own.
//!
//! The bundle is written field by field to a writer, one account at a time, so that a bundle of
//! 10,000 accounts (1.5 GB) is never held in memory by the generator.

use std::collections::BTreeMap;
use std::io::{self, Write};

use maturity_evidence::{AccountEvidence, Bundle, Fact, OrgAccount};
use maturity_input::InputError;

use crate::EVIDENCE_JSON;

/// The standard commercial regions: those enabled in every account without opting in.
pub const STANDARD_REGIONS: [&str; 17] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "sa-east-1",
];

/// The first account id given to a copy; copies count up from it.
const FIRST_COPY_ID: u64 = 800_000_000_000;

/// What went wrong making a synthetic bundle.
#[derive(Debug, thiserror::Error)]
pub enum SyntheticError {
    /// The built-in demo evidence does not parse (the crate's tests rule it out).
    #[error(transparent)]
    Demo(#[from] InputError),
    /// Writing the bundle failed.
    #[error("writing the synthetic bundle: {0}")]
    Write(#[from] io::Error),
    /// The demo evidence does not serialize back to JSON (the crate's tests rule it out).
    #[error("serializing the demo evidence: {0}")]
    Json(#[from] serde_json::Error),
    /// The size asked for cannot be made.
    #[error("{0}")]
    Size(String),
}

/// The size of a synthetic organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Accounts in all, the demo's six included (at least 1: the management account).
    pub accounts: usize,
    /// Regions scanned in every account (1 to 17).
    pub regions: usize,
}

/// The regions of a synthetic bundle of `count` regions: the demo's first, then the other
/// standard ones, sorted by name as a scan lists them.
fn region_names(demo_regions: &[String], count: usize) -> Vec<String> {
    let mut names: Vec<String> = demo_regions.to_vec();
    names.extend(STANDARD_REGIONS.iter().map(|r| (*r).to_owned()).filter(|r| !demo_regions.contains(r)));
    names.truncate(count);
    names.sort();
    names
}

/// One demo account as JSON fragments, ready to be copied under another id.
struct Template {
    id: String,
    name: Option<String>,
    parent_id: Option<String>,
    /// `"access":…,"global":…` as JSON.
    body: String,
    /// Each synthetic region with its facts as JSON, renamed from the demo region it copies.
    regions: Vec<(String, String)>,
}

impl Template {
    fn new(account: &AccountEvidence, parent_id: Option<String>, regions: &[String]) -> Result<Self, SyntheticError> {
        let body = format!(
            "\"access\":{},\"global\":{}",
            serde_json::to_string(&account.access)?,
            serde_json::to_string(&account.global)?
        );
        let scanned: Vec<&String> = account.regions.keys().collect();
        let mut copies = Vec::with_capacity(regions.len());
        for (index, region) in regions.iter().enumerate() {
            let (source, facts) = match account.regions.get_key_value(region) {
                Some(own) => own,
                None => {
                    let Some(source) = scanned.get(index % scanned.len().max(1)) else {
                        return Err(SyntheticError::Size(format!(
                            "account {} has no region to copy",
                            account.account_id
                        )));
                    };
                    let Some(facts) = account.regions.get(*source) else { continue };
                    (*source, facts)
                }
            };
            let json = serde_json::to_string(facts)?;
            copies.push((region.clone(), if source == region { json } else { json.replace(source.as_str(), region) }));
        }
        Ok(Template { id: account.account_id.clone(), name: account.name.clone(), parent_id, body, regions: copies })
    }

    /// Writes this account as the one with `id` and `name`.
    fn write(&self, out: &mut impl Write, id: &str, name: Option<&str>) -> Result<(), SyntheticError> {
        let rename = |json: &str| if id == self.id { json.to_owned() } else { json.replace(self.id.as_str(), id) };
        write!(out, "{{\"account_id\":{}", serde_json::to_string(id)?)?;
        if let Some(name) = name {
            write!(out, ",\"name\":{}", serde_json::to_string(name)?)?;
        }
        write!(out, ",{},\"regions\":{{", rename(&self.body))?;
        for (index, (region, facts)) in self.regions.iter().enumerate() {
            let comma = if index == 0 { "" } else { "," };
            write!(out, "{comma}{}:{}", serde_json::to_string(region)?, rename(facts))?;
        }
        out.write_all(b"}}")?;
        Ok(())
    }
}

/// The id and name of account `index` (0-based) of a synthetic organization, and the demo account
/// it copies: the demo's own accounts first, then copies of its members (all but the first, the
/// management account) in turn.
fn account_of(templates: &[Template], index: usize) -> Option<(String, Option<String>, &Template)> {
    if let Some(own) = templates.get(index) {
        return Some((own.id.clone(), own.name.clone(), own));
    }
    let members = templates.get(1..).filter(|m| !m.is_empty())?;
    let copy = index - templates.len();
    let template = members.get(copy % members.len())?;
    let number = u64::try_from(copy).unwrap_or(u64::MAX);
    let id = format!("{:012}", FIRST_COPY_ID.saturating_add(number));
    let name = template.name.as_ref().map(|name| format!("{name}-{:05}", copy + 1));
    Some((id, name, template))
}

/// Writes a synthetic bundle of `shape` as compact JSON.
///
/// # Errors
/// A shape out of range (no account, no region or more than 17), or a failed write.
pub fn write_bundle(out: &mut impl Write, shape: Shape) -> Result<(), SyntheticError> {
    if shape.accounts == 0 || shape.regions == 0 || shape.regions > STANDARD_REGIONS.len() {
        return Err(SyntheticError::Size(format!(
            "a synthetic bundle has at least 1 account and 1 to {} regions, not {} and {}",
            STANDARD_REGIONS.len(),
            shape.accounts,
            shape.regions
        )));
    }
    let mut demo = Bundle::from_json("demo/evidence.json", EVIDENCE_JSON)?;
    let regions = region_names(&demo.scope.regions, shape.regions);
    let org_accounts: BTreeMap<String, OrgAccount> = demo
        .organization
        .as_ref()
        .and_then(|o| o.accounts.get().ok())
        .map(|accounts| accounts.iter().map(|a| (a.id.clone(), a.clone())).collect())
        .unwrap_or_default();
    let mut templates = Vec::with_capacity(demo.accounts.len());
    for account in &demo.accounts {
        let parent = org_accounts.get(&account.account_id).map(|a| a.parent_id.clone());
        templates.push(Template::new(account, parent, &regions)?);
    }
    templates.truncate(shape.accounts);
    let ids: Vec<(String, Option<String>, &Template)> = (0..shape.accounts)
        .map(|index| account_of(&templates, index))
        .collect::<Option<_>>()
        .ok_or_else(|| SyntheticError::Size("the demo has no member account to copy".to_owned()))?;
    demo.scope.accounts = ids.iter().map(|(id, _, _)| id.clone()).collect();
    demo.scope.regions.clone_from(&regions);
    if let Some(organization) = demo.organization.as_mut()
        && let Ok(listed) = organization.accounts.get()
    {
        let status = listed.first().map(|a| a.status.clone());
        let listed: Vec<OrgAccount> = ids
            .iter()
            .filter_map(|(id, name, template)| {
                let parent_id = template.parent_id.clone()?;
                let original = org_accounts.get(&template.id)?;
                Some(OrgAccount {
                    id: id.clone(),
                    name: name.clone().unwrap_or_else(|| original.name.clone()),
                    status: status.clone().unwrap_or_else(|| original.status.clone()),
                    parent_id,
                })
            })
            .collect();
        organization.accounts = Fact::Ok(listed);
    }

    write!(out, "{{\"schema_version\":{},\"collector\":", demo.schema_version)?;
    serde_json::to_writer(&mut *out, &demo.collector)?;
    out.write_all(b",\"scope\":")?;
    serde_json::to_writer(&mut *out, &demo.scope)?;
    if let Some(organization) = &demo.organization {
        out.write_all(b",\"organization\":")?;
        serde_json::to_writer(&mut *out, organization)?;
    }
    out.write_all(b",\"accounts\":[")?;
    for (index, (id, name, template)) in ids.iter().enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        template.write(out, id, name.as_deref())?;
    }
    out.write_all(b"],\"api_calls\":")?;
    serde_json::to_writer(&mut *out, &demo.api_calls)?;
    out.write_all(b"}\n")?;
    Ok(())
}

/// A synthetic bundle of `shape`, parsed: for tests and benchmarks of small organizations.
///
/// # Errors
/// As [`write_bundle`].
pub fn bundle(shape: Shape) -> Result<Bundle, SyntheticError> {
    let mut json = Vec::new();
    write_bundle(&mut json, shape)?;
    let text = String::from_utf8(json).map_err(|e| SyntheticError::Size(format!("not UTF-8: {e}")))?;
    Ok(Bundle::from_json("synthetic.json", &text)?)
}
