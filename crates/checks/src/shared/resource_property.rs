//! A yes/no property of every resource of one regional list (EBS volumes that are encrypted, RDS
//! DB instances that are Multi-AZ…): one finding per resource, and what to say about regions with
//! none or with a list that could not be read.

use maturity_evidence::{Bundle, Fact, RegionFacts, Tags};

use crate::shared::accounts;
use crate::{FindingStatus, Findings, Location};

/// How to read one kind of regional resource and one property it has or lacks.
pub(crate) struct ResourceProperty<T: 'static> {
    /// The kind of resource in the plural, for messages: `EBS volumes`.
    pub(crate) plural: &'static str,
    /// The regional fact that lists them.
    pub(crate) list: fn(&RegionFacts) -> &Fact<Vec<T>>,
    /// The resource id used as the finding's location.
    pub(crate) id: fn(&T) -> &str,
    /// The resource for people, without an article: `in-use EBS volume vol-0abc`.
    pub(crate) describe: fn(&T) -> String,
    /// Whether the resource has the property; `Err(why)` when the evidence cannot tell, with a
    /// clause saying why (`its availability is set by its DB cluster, …`).
    pub(crate) holds: fn(&T) -> Result<bool, &'static str>,
    /// The property of many, after "whether the EBS volumes in eu-west-1 of account X":
    /// `are encrypted`.
    pub(crate) question: &'static str,
    /// The property of one, as a predicate: `is encrypted at rest`.
    pub(crate) held: &'static str,
    /// Its absence, as a predicate: `is not encrypted at rest`.
    pub(crate) lacked: &'static str,
    /// The resource's tags, when it has any.
    pub(crate) tags: fn(&T) -> Option<&Tags>,
}

/// One finding per resource of every scanned region of every reachable account: pass when the
/// property holds, fail when it does not, inconclusive when the evidence cannot tell. A region
/// whose list could not be read is inconclusive, a region without any such resource (or an
/// account without scanned regions) is not applicable.
pub(crate) fn evaluate<T>(kind: &ResourceProperty<T>, bundle: &Bundle, out: &mut Findings) {
    let no_tags = Tags::new();
    for account in accounts::reachable(bundle, out) {
        let label = account.label();
        let what = format!("whether the {} {}", kind.plural, kind.question);
        for (region, facts) in accounts::scanned_regions(bundle, account, &what, out) {
            let resources = match (kind.list)(facts).get() {
                Ok(resources) => resources,
                Err(missing) => {
                    out.inconclusive(
                        Location::region(&account.account_id, region),
                        &format!("whether the {} in {region} of {label} {}", kind.plural, kind.question),
                        &missing,
                    );
                    continue;
                }
            };
            if resources.is_empty() {
                out.not_applicable(
                    Location::region(&account.account_id, region),
                    format_args!("There are no {} in {region} of {label}.", kind.plural),
                );
                continue;
            }
            for resource in resources {
                let location = Location::resource(&account.account_id, Some(region), (kind.id)(resource));
                let tags = (kind.tags)(resource).unwrap_or(&no_tags);
                let holds = (kind.holds)(resource);
                let status = match holds {
                    Ok(true) => FindingStatus::Pass,
                    Ok(false) => FindingStatus::Fail,
                    Err(_) => FindingStatus::Inconclusive,
                };
                out.add_tagged(status, location, tags, || {
                    let described = format!("{} in {region} of {label}", (kind.describe)(resource));
                    match holds {
                        Ok(true) => format!("The {described} {}.", kind.held),
                        Ok(false) => format!("The {described} {}.", kind.lacked),
                        Err(why) => format!("Cannot tell whether the {described} {}: {why}.", kind.held),
                    }
                });
            }
        }
    }
}
