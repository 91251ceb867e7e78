//! `maturity assess`: score an evidence bundle on both models.

use anyhow::{Context as _, Result, bail};
use maturity_assess::{Settings, assess_path};
use maturity_input::read_to_string;
use maturity_report::Format;
use maturity_store::SaveRequest;

use super::{Outcome, check_folder_of, write_output};
use crate::args::AssessArgs;
use crate::{inputs, saved, summary};

pub(super) fn run(args: &AssessArgs) -> Result<Outcome> {
    let catalogs = inputs::catalogs()?;
    let config = inputs::config(args.config.as_deref(), catalogs)?;
    if let Some(out) = &args.out {
        check_folder_of(out)?;
    }
    let answers = inputs::answers(args.answers.as_deref(), catalogs, &config)?;
    let exceptions = inputs::exceptions(args.exceptions.as_deref(), catalogs)?;
    let as_of = args.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let settings = Settings { catalogs, answers: &answers, exceptions: &exceptions, config: &config, as_of };
    // The findings themselves only when something writes them: scoring needs much less of each.
    let keep_findings = args.out.is_some() || args.report_dir.is_some() || args.save;
    let (assessment, head) = assess_path(&args.evidence, &settings, keep_findings)?;
    if let Some(shard) = &head.shard {
        // One shard is a slice of the organization (and only shard 1 has its organization facts):
        // scored alone it would look like a smaller, different organization.
        bail!(
            "{}: shard {}/{} of scan {} holds {} of the organization's {} in-scope accounts; merge the {} shards \
             first (`maturity merge SHARD1.json … --out bundle.json`) and assess the merged bundle",
            args.evidence.display(),
            shard.index,
            shard.count,
            shard.scan_id,
            assessment.evidence.accounts,
            shard.organization_accounts.len(),
            shard.count
        );
    }
    if let Some(out) = &args.out {
        let json = serde_json::to_string_pretty(&assessment).context("serializing the assessment")? + "\n";
        write_output(Some(out), &json)?;
    }
    let reports = match &args.report_dir {
        Some(dir) => {
            let options = super::report::options(&args.formats);
            let formats: Vec<Format> = if args.report_formats.is_empty() {
                Format::ALL.to_vec()
            } else {
                args.report_formats.iter().map(|f| super::report::format(*f)).collect()
            };
            maturity_report::write_formats(dir, &formats, &assessment, catalogs, &options)
                .context("writing the reports")?
        }
        None => Vec::new(),
    };
    write_output(None, &summary::render(&assessment, args.top))?;
    for path in args.out.iter().chain(&reports) {
        eprintln!("wrote {}", path.display());
    }
    if args.save {
        save(args, &assessment, &config)?;
    }
    if let Some(minimum) = args.fail_below_phase {
        let below: Vec<String> = assessment
            .aws_smm
            .capabilities
            .iter()
            .filter(|c| c.phase < minimum)
            .map(|c| format!("{} (phase {})", c.name, c.phase))
            .collect();
        if !below.is_empty() {
            eprintln!("gate: {} capabilities below phase {minimum}: {}", below.len(), below.join(", "));
            return Ok(Outcome::GateFailed);
        }
    }
    Ok(Outcome::Done)
}

/// Saves the assessment with the files it was made from, read again as they are on disk, and
/// the settings it was scored with.
fn save(args: &AssessArgs, assessment: &maturity_assess::Assessment, config: &maturity_assess::Config) -> Result<()> {
    let evidence = read_to_string(&args.evidence)?;
    let answers = args.answers.as_deref().map(read_to_string).transpose()?;
    let exceptions = args.exceptions.as_deref().map(read_to_string).transpose()?;
    saved::save(
        &args.db,
        &SaveRequest {
            evidence_json: Some(&evidence),
            answers_toml: answers.as_deref(),
            exceptions_toml: exceptions.as_deref(),
            // The settings as used, defaults included, so that the dashboard re-scores the same way.
            config_toml: Some(&config.to_toml()),
            ..SaveRequest::new(assessment)
        },
    )?;
    Ok(())
}
