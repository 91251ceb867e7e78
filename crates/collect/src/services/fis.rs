//! AWS Fault Injection Service, per region: experiment templates and experiments.

use chrono::{DateTime, Utc};
use maturity_evidence::{Fact, FisExperiment, FisExperimentTemplate};

use super::Call;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[Call::same("fis:ListExperimentTemplates"), Call::same("fis:ListExperiments")];

/// `fis:ListExperimentTemplates`, every page.
pub(crate) async fn experiment_templates(clients: &Clients, region: &str) -> Fact<Vec<FisExperimentTemplate>> {
    fact(templates(clients, region).await)
}

/// `fis:ListExperiments`, every page.
pub(crate) async fn experiments(clients: &Clients, region: &str) -> Fact<Vec<FisExperiment>> {
    fact(runs(clients, region).await)
}

async fn templates(clients: &Clients, region: &str) -> Result<Vec<FisExperimentTemplate>, Problem> {
    let mut templates = Vec::new();
    let mut pages = clients.fis(region).list_experiment_templates().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.or_problem("fis:ListExperimentTemplates")?;
        templates.extend(page.experiment_templates().iter().filter_map(|t| {
            Some(FisExperimentTemplate { id: t.id()?.to_owned(), description: t.description().map(str::to_owned) })
        }));
    }
    Ok(templates)
}

async fn runs(clients: &Clients, region: &str) -> Result<Vec<FisExperiment>, Problem> {
    let mut experiments = Vec::new();
    let mut pages = clients.fis(region).list_experiments().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.or_problem("fis:ListExperiments")?;
        experiments.extend(page.experiments().iter().filter_map(|e| {
            Some(FisExperiment {
                id: e.id()?.to_owned(),
                template_id: e.experiment_template_id().map(str::to_owned),
                status: e.state().and_then(|s| s.status()).map_or("unknown", |s| s.as_str()).to_owned(),
                started_at: e.creation_time().and_then(|t| DateTime::<Utc>::from_timestamp(t.secs(), t.subsec_nanos())),
            })
        }));
    }
    Ok(experiments)
}
