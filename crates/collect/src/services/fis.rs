//! AWS Fault Injection Service, per region: experiment templates and experiments.

use aws_smithy_types_convert::date_time::DateTimeExt;
use maturity_evidence::{Fact, FisExperiment, FisExperimentTemplate};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_EXPERIMENT_TEMPLATES: "fis:ListExperimentTemplates";
    LIST_EXPERIMENTS: "fis:ListExperiments";
}

/// `fis:ListExperimentTemplates`, every page.
pub(crate) async fn experiment_templates(clients: &Clients, region: &str) -> Fact<Vec<FisExperimentTemplate>> {
    fact(templates(clients, region).await)
}

/// `fis:ListExperiments`, every page.
pub(crate) async fn experiments(clients: &Clients, region: &str) -> Fact<Vec<FisExperiment>> {
    fact(runs(clients, region).await)
}

async fn templates(clients: &Clients, region: &str) -> Result<Vec<FisExperimentTemplate>, Problem> {
    let pages = clients.fis(region).list_experiment_templates().into_paginator().send();
    let templates = paging::all(LIST_EXPERIMENT_TEMPLATES, pages, |page| {
        page.experiment_templates()
            .iter()
            .filter_map(|t| {
                Some(FisExperimentTemplate { id: t.id()?.to_owned(), description: t.description().map(str::to_owned) })
            })
            .collect()
    })
    .await?;
    Ok(templates)
}

async fn runs(clients: &Clients, region: &str) -> Result<Vec<FisExperiment>, Problem> {
    let experiments =
        paging::all(LIST_EXPERIMENTS, clients.fis(region).list_experiments().into_paginator().send(), |page| {
            page.experiments()
                .iter()
                .filter_map(|e| {
                    Some(FisExperiment {
                        id: e.id()?.to_owned(),
                        template_id: e.experiment_template_id().map(str::to_owned),
                        status: e.state().and_then(|s| s.status()).map_or("unknown", |s| s.as_str()).into(),
                        started_at: e.creation_time().and_then(|t| t.to_chrono_utc().ok()),
                    })
                })
                .collect()
        })
        .await?;
    Ok(experiments)
}
