//! Encryption at rest of regional resources that carry an "encrypted" flag (EBS volumes, RDS DB
//! instances…): one finding per resource, and what to say about regions with none or with a
//! resource list that could not be read.

use maturity_evidence::{Bundle, Fact, RegionFacts, Tags};

use crate::shared::accounts;
use crate::{FindingStatus, Findings, Location};

/// How to read one kind of regional resource that is either encrypted at rest or not.
pub(crate) struct EncryptedResources<T: 'static> {
    /// The kind of resource in the plural, for messages: `EBS volumes`.
    pub(crate) plural: &'static str,
    /// The regional fact that lists them.
    pub(crate) list: fn(&RegionFacts) -> &Fact<Vec<T>>,
    /// The resource id used as the finding's location.
    pub(crate) id: fn(&T) -> &str,
    /// The resource for people, as the subject of a sentence: `The in-use EBS volume vol-0abc`.
    pub(crate) describe: fn(&T) -> String,
    /// Whether the resource is encrypted at rest.
    pub(crate) encrypted: fn(&T) -> bool,
    /// The resource's tags, when it has any.
    pub(crate) tags: fn(&T) -> Option<&Tags>,
}

/// One finding per resource of every scanned region of every reachable account: pass when
/// encrypted, fail when not. A region whose list could not be read is inconclusive, a region
/// without any such resource (or an account without scanned regions) is not applicable.
pub(crate) fn evaluate<T>(kind: &EncryptedResources<T>, bundle: &Bundle, out: &mut Findings) {
    let no_tags = Tags::new();
    for account in accounts::reachable(bundle, out) {
        let label = account.label();
        if account.regions.is_empty() {
            out.not_applicable(
                Location::account(&account.account_id),
                format!("No region of {label} was scanned, so there are no {} to check.", kind.plural),
            );
            continue;
        }
        for (region, facts) in accounts::regions(account) {
            let resources = match (kind.list)(facts).get() {
                Ok(resources) => resources,
                Err(missing) => {
                    out.inconclusive(
                        Location::region(&account.account_id, region),
                        &format!("whether the {} in {region} of {label} are encrypted", kind.plural),
                        &missing,
                    );
                    continue;
                }
            };
            if resources.is_empty() {
                out.not_applicable(
                    Location::region(&account.account_id, region),
                    format!("There are no {} in {region} of {label}.", kind.plural),
                );
                continue;
            }
            for resource in resources {
                let location = Location::resource(&account.account_id, Some(region), (kind.id)(resource));
                let tags = (kind.tags)(resource).unwrap_or(&no_tags);
                let described = (kind.describe)(resource);
                if (kind.encrypted)(resource) {
                    out.add_tagged(
                        FindingStatus::Pass,
                        location,
                        tags,
                        format!("{described} in {region} of {label} is encrypted at rest."),
                    );
                } else {
                    out.add_tagged(
                        FindingStatus::Fail,
                        location,
                        tags,
                        format!("{described} in {region} of {label} is not encrypted at rest."),
                    );
                }
            }
        }
    }
}
