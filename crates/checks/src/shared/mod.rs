//! Pieces more than one check needs, each named by its concept.

pub(crate) mod access_analyzers;
pub(crate) mod access_keys;
pub(crate) mod accounts;
pub(crate) mod block_public_access;
pub(crate) mod bucket_regions;
pub(crate) mod buckets;
pub(crate) mod finding_rules;
pub(crate) mod findings_routing;
pub(crate) mod guardduty;
pub(crate) mod internet_facing;
pub(crate) mod lambda_secrets;
pub(crate) mod network_exposure;
pub(crate) mod organization;
pub(crate) mod policy;
pub(crate) mod prose;
pub(crate) mod region_block;
pub(crate) mod regions_in_use;
pub(crate) mod resource_names;
pub(crate) mod resource_property;
pub(crate) mod security_groups;
pub(crate) mod walk;
