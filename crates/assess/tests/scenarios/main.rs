//! Scenarios: an evidence bundle (and answers) in, control statuses and CSMM levels out.
//!
//! Each scenario is a small, realistic organization built to catch one way a verdict could be
//! wrong: a pass or a "not applicable" on evidence that does not support it, a level the model's
//! words do not support. Every bundle holds only values the collector can really produce. One
//! module per family of defects; [`support`] builds bundles and runs the assessment.

mod support;

mod answers_partly_automated;
mod check_criteria;
mod collection_faults;
mod collector_evidence;
mod csmm_levels;
mod not_applicable;
mod organization_scope;
mod rollup;
