//! Synthetic bundles are the demo grown: the demo's own shape gives the demo's bundle, and copies
//! are distinct accounts and regions that the checks judge like their originals.

use maturity_demo::synthetic::{Shape, bundle};
use maturity_evidence::Bundle;

fn demo_bundle() -> Bundle {
    Bundle::from_json("demo/evidence.json", maturity_demo::EVIDENCE_JSON).unwrap_or_else(|e| panic!("{e}"))
}

fn synthetic(accounts: usize, regions: usize) -> Bundle {
    bundle(Shape { accounts, regions }).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_demo_shape_is_the_demo() {
    assert_eq!(synthetic(6, 3), demo_bundle());
}

#[test]
fn copies_name_their_own_account_and_region() {
    let grown = synthetic(13, 17);
    assert_eq!(grown.accounts.len(), 13);
    assert_eq!(grown.scope.accounts.len(), 13);
    assert_eq!(grown.scope.regions.len(), 17);
    let listed = grown.organization.as_ref().and_then(|o| o.accounts.get().ok()).map_or(0, Vec::len);
    assert_eq!(listed, 13);
    let mut ids: Vec<&str> = grown.accounts.iter().map(|a| a.account_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 13, "account ids repeat");
    // A copied region names itself; it may still name the demo's regions, as its original does (a
    // backup copied to another region, a disaster-recovery origin).
    let demo_regions = demo_bundle().scope.regions;
    for account in &grown.accounts {
        assert_eq!(account.regions.len(), 17, "{}", account.account_id);
        for (region, facts) in &account.regions {
            let json = serde_json::to_string(facts).unwrap_or_default();
            for other in grown.scope.regions.iter().filter(|r| *r != region && !demo_regions.contains(r)) {
                assert!(!json.contains(&format!(":{other}:")), "{} {region} names {other}", account.account_id);
            }
        }
    }
    let copy = &grown.accounts[6];
    assert_eq!(copy.account_id, "800000000000");
    assert_eq!(copy.name.as_deref(), Some("northwind-security-00001"));
    let json = serde_json::to_string(copy).unwrap_or_default();
    assert!(!json.contains("318273645501"), "the copy names its original's id");
}

#[test]
fn copies_get_the_verdicts_of_their_originals() {
    let grown = synthetic(11, 3);
    let findings = maturity_checks::evaluate_all(&grown);
    let verdicts = |account: &str| {
        let mut of: Vec<(String, String, String)> = findings
            .iter()
            .filter(|f| f.location.account_id.as_deref() == Some(account))
            .map(|f| (f.check.to_string(), f.location.region.clone().unwrap_or_default(), f.status.id().to_owned()))
            .collect();
        of.sort();
        of
    };
    // Account 10 is the fifth copy: of the sandbox (754019283746).
    assert_eq!(verdicts("800000000004"), verdicts("754019283746"));
}
