//! Pieces more than one check needs, each named by its concept.

pub(crate) mod accounts;
pub(crate) mod encryption;
pub(crate) mod network_exposure;
pub(crate) mod policy_document;
pub(crate) mod resource_names;
