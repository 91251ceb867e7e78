//! Pieces more than one check needs, each named by its concept.

pub(crate) mod accounts;
