//! Re-assessments and the audit trail on both backends: a re-assessment keeps no second copy of
//! its evidence yet reads it back, a change and its assessment are saved together, and the trail
//! is read newest first, whole or for one subject.

mod support;

use chrono::{TimeZone as _, Utc};
use maturity_store::{AuditEntry, Location, SaveRequest, Store, StoreError};
use support::{TestResult, both};

fn entry(action: &str, subject: &str, before: Option<&str>, after: Option<&str>) -> AuditEntry {
    AuditEntry {
        actor: "alice".to_owned(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        before: before.map(str::to_owned),
        after: after.map(str::to_owned),
    }
}

both!(a_reassessment_reads_the_evidence_it_was_made_from);
async fn a_reassessment_reads_the_evidence_it_was_made_from(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let assessment = maturity_demo::assessment()?;
    let scan = store
        .save(&SaveRequest {
            evidence_json: Some(maturity_demo::EVIDENCE_JSON),
            answers_toml: Some(maturity_demo::ANSWERS_TOML),
            config_toml: Some("[csmm]\ndefault_target = 3\n"),
            ..SaveRequest::new(&assessment)
        })
        .await?;
    let first = store
        .save(&SaveRequest {
            evidence_from: Some(scan),
            answers_toml: Some("# one answer changed\n"),
            cause: Some("answer training-plan set by alice"),
            ..SaveRequest::new(&assessment)
        })
        .await?;
    // A re-assessment of a re-assessment still names the row that holds the evidence.
    let second = store.save(&SaveRequest { evidence_from: Some(first), ..SaveRequest::new(&assessment) }).await?;

    let scanned = store.inputs(scan).await?;
    assert_eq!(scanned.evidence_of, Some(scan));
    assert_eq!(store.evidence(scan).await?.as_deref(), Some(maturity_demo::EVIDENCE_JSON));
    assert_eq!(scanned.config_toml.as_deref(), Some("[csmm]\ndefault_target = 3\n"));
    for id in [first, second] {
        assert_eq!(store.inputs(id).await?.evidence_of, Some(scan), "{id}");
        assert_eq!(store.evidence(id).await?, None, "{id} keeps no copy");
    }
    assert_eq!(store.inputs(first).await?.answers_toml.as_deref(), Some("# one answer changed\n"));
    assert_eq!(store.inputs(second).await?.config_toml, None);

    let causes: Vec<Option<String>> = store.list().await?.into_iter().map(|s| s.cause).collect();
    assert_eq!(causes, vec![None, Some("answer training-plan set by alice".to_owned()), None]);
    Ok(())
}

both!(evidence_that_is_not_there_cannot_be_named);
async fn evidence_that_is_not_there_cannot_be_named(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let assessment = maturity_demo::assessment()?;
    let without = store.save(&SaveRequest::new(&assessment)).await?;
    assert_eq!(store.evidence(without).await?, None);
    assert_eq!(store.inputs(without).await?.evidence_of, None);
    let refused = store.save(&SaveRequest { evidence_from: Some(without), ..SaveRequest::new(&assessment) }).await;
    assert!(matches!(refused, Err(StoreError::NoEvidence { id, .. }) if id == without), "{refused:?}");
    let missing =
        store.save(&SaveRequest { evidence_from: Some(without + 100), ..SaveRequest::new(&assessment) }).await;
    assert!(matches!(missing, Err(StoreError::NotFound { .. })), "{missing:?}");
    assert!(matches!(store.inputs(without + 100).await, Err(StoreError::NotFound { .. })));
    assert_eq!(store.list().await?.len(), 1, "nothing half-saved");
    Ok(())
}

both!(changes_are_saved_with_their_assessment_and_read_newest_first);
async fn changes_are_saved_with_their_assessment_and_read_newest_first(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let assessment = maturity_demo::assessment()?;
    let scan = store
        .save(&SaveRequest { evidence_json: Some(maturity_demo::EVIDENCE_JSON), ..SaveRequest::new(&assessment) })
        .await?;
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).single().unwrap_or_default();
    let made = store
        .save_with_audit(
            &SaveRequest { evidence_from: Some(scan), saved_at: at, ..SaveRequest::new(&assessment) },
            &[entry("answer.set", "training-plan", None, Some("answer = \"yes\""))],
        )
        .await?;
    store.record(&entry("token.create", "token 1", None, None), at).await?;
    let made_again = store
        .save_with_audit(
            &SaveRequest { evidence_from: Some(made), saved_at: at, ..SaveRequest::new(&assessment) },
            &[entry("answer.set", "training-plan", Some("answer = \"yes\""), Some("answer = \"no\""))],
        )
        .await?;

    let trail = store.audit(None, 10).await?;
    let actions: Vec<(&str, Option<i64>)> = trail.iter().map(|r| (r.entry.action.as_str(), r.assessment_id)).collect();
    assert_eq!(actions, vec![("answer.set", Some(made_again)), ("token.create", None), ("answer.set", Some(made))]);
    assert_eq!(trail[0].at, at);
    assert_eq!(trail[0].entry.before.as_deref(), Some("answer = \"yes\""));
    assert_eq!(trail[0].entry.actor, "alice");
    let about = store.audit(Some("training-plan"), 10).await?;
    assert_eq!(about.iter().map(|r| r.assessment_id).collect::<Vec<_>>(), vec![Some(made_again), Some(made)]);
    assert_eq!(store.audit(None, 1).await?.len(), 1);

    // A change whose assessment cannot be saved leaves no entry.
    let failed = store
        .save_with_audit(
            &SaveRequest { evidence_from: Some(made + 100), ..SaveRequest::new(&assessment) },
            &[entry("answer.set", "playbooks", None, Some("x"))],
        )
        .await;
    assert!(failed.is_err());
    assert!(store.audit(Some("playbooks"), 10).await?.is_empty());
    Ok(())
}
