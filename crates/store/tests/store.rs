//! The store on a real SQLite file and on a real PostgreSQL server: saving, listing, loading,
//! reopening, and refusing databases it cannot read. Each behaviour is one function run on both
//! backends by the two tests named after it (`…_sqlite`, `…_postgres`).

mod support;

use chrono::{TimeZone as _, Utc};
use maturity_assess::Assessment;
use maturity_store::{Head, Location, SaveRequest, Store, StoreError};
use support::{TestResult, both, raw};

fn demo() -> Result<Assessment, Box<dyn std::error::Error>> {
    Ok(maturity_demo::assessment()?)
}

/// A second assessment that differs from the demo's, so that mixing them up shows.
fn later(assessment: &Assessment) -> Assessment {
    let mut later = assessment.clone();
    later.as_of = later.as_of + chrono::Days::new(91);
    later.aws_smm.organization_phase = 2;
    later.csmm.program_score = 3.5;
    later
}

/// The catalogs the first of [`save_both`]'s assessments says it was scored with.
const OLDER_CATALOGS: &str = "aws-smm-v2+csmm-v2@0123456789abcdef";

async fn save_both(store: &Store, first: &Assessment, second: &Assessment) -> Result<(i64, i64), StoreError> {
    let one = store
        .save(&SaveRequest {
            evidence_json: Some(maturity_demo::EVIDENCE_JSON),
            answers_toml: Some(maturity_demo::ANSWERS_TOML),
            exceptions_toml: Some(maturity_demo::EXCEPTIONS_TOML),
            saved_at: Utc.with_ymd_and_hms(2026, 8, 20, 9, 0, 0).single().unwrap_or_default(),
            catalog_version: OLDER_CATALOGS.to_owned(),
            ..SaveRequest::new(first)
        })
        .await?;
    let two = store.save(&SaveRequest::new(second)).await?;
    Ok((one, two))
}

both!(saves_list_newest_first_and_load_back_equal);
async fn saves_list_newest_first_and_load_back_equal(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    assert!(store.list().await?.is_empty());
    let (first, second) = (demo()?, later(&demo()?));
    let (one, two) = save_both(&store, &first, &second).await?;
    assert!(two > one);

    let list = store.list().await?;
    let ids: Vec<i64> = list.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![two, one]);
    let older = &list[1];
    assert_eq!(older.as_of, first.as_of);
    assert_eq!(older.saved_at, Utc.with_ymd_and_hms(2026, 8, 20, 9, 0, 0).single().unwrap_or_default());
    assert_eq!(older.accounts, first.evidence.accounts);
    assert_eq!(older.aws_smm_phase, first.aws_smm.organization_phase);
    assert!((older.csmm_score - first.csmm.program_score).abs() < f64::EPSILON);
    assert_eq!(older.tool_version, first.tool.version);
    assert_eq!(older.catalog_version, OLDER_CATALOGS);
    assert_eq!(list[0].catalog_version, maturity_model::builtin_version(), "this build's, by default");
    let controls = older.controls_met
        + older.controls_partial
        + older.controls_not_met
        + older.controls_not_applicable
        + older.controls_unknown;
    assert_eq!(usize::try_from(controls)?, first.aws_smm.controls.len());
    assert_eq!(list[0].aws_smm_phase, 2);

    assert_eq!(store.load(one).await?, first);
    assert_eq!(store.load(two).await?, second);
    Ok(())
}

both!(newest_is_newest_first_and_at_most_as_many_as_asked);
async fn newest_is_newest_first_and_at_most_as_many_as_asked(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    assert!(store.newest(2).await?.is_empty());
    let first = store.save(&SaveRequest::new(&demo()?)).await?;
    let ids = |list: Vec<maturity_store::Summary>| list.iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(store.newest(2).await?), vec![first]);
    let (one, two) = save_both(&store, &demo()?, &later(&demo()?)).await?;
    assert_eq!(ids(store.newest(2).await?), vec![two, one]);
    assert_eq!(ids(store.newest(1).await?), vec![two]);
    Ok(())
}

both!(reopening_keeps_the_data_and_applies_no_migration_twice);
async fn reopening_keeps_the_data_and_applies_no_migration_twice(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let (one, two) = save_both(&store, &demo()?, &later(&demo()?)).await?;
    store.close().await;

    for _ in 0..2 {
        let store = Store::connect(&db).await?;
        let ids: Vec<i64> = store.list().await?.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![two, one]);
        assert_eq!(store.load(one).await?, demo()?);
        store.close().await;
    }

    let pool = raw(&db).await?;
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version").fetch_all(&pool).await?;
    assert_eq!(versions, (1..=maturity_store::SCHEMA_VERSION).collect::<Vec<_>>());
    if let Location::Sqlite(_) = db {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await?;
        assert_eq!(mode, "wal");
    }
    let kept: (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT CAST(length(evidence_gz) AS BIGINT), answers_toml FROM assessments WHERE id = $1")
            .bind(one)
            .fetch_one(&pool)
            .await?;
    let evidence_len = usize::try_from(kept.0.ok_or("the evidence is kept")?)?;
    assert!(evidence_len < maturity_demo::EVIDENCE_JSON.len(), "the evidence is compressed");
    assert_eq!(kept.1.as_deref(), Some(maturity_demo::ANSWERS_TOML));
    pool.close().await;
    Ok(())
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_a_clear_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "these are not the tables you are looking for\n".repeat(200))?;
    let started = std::time::Instant::now();
    let error = Store::open(&path).await.err().ok_or("a text file must not open")?;
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "told at once, not after retries");
    assert!(matches!(error, StoreError::Open { .. }), "{error:?}");
    let why = std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default();
    assert!(why.contains("not a database"), "the cause is kept: {why}");
    assert!(error.to_string().contains(&path.display().to_string()), "{error}");
    assert!(std::fs::read_to_string(&path)?.starts_with("these are not"), "the file was changed");
    Ok(())
}

both!(a_database_from_a_newer_build_is_refused);
async fn a_database_from_a_newer_build_is_refused(db: Location) -> TestResult {
    Store::connect(&db).await?.close().await;
    let pool = raw(&db).await?;
    sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')").execute(&pool).await?;
    pool.close().await;
    let error = Store::connect(&db).await.err().ok_or("a newer schema must be refused")?;
    assert!(matches!(error, StoreError::TooNew { found: 99, known: maturity_store::SCHEMA_VERSION, .. }), "{error:?}");
    Ok(())
}

both!(a_missing_or_damaged_assessment_is_an_error_not_a_panic);
async fn a_missing_or_damaged_assessment_is_an_error_not_a_panic(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    assert!(matches!(store.load(42).await, Err(StoreError::NotFound { id: 42, .. })));
    let id = store.save(&SaveRequest::new(&demo()?)).await?;
    let pool = raw(&db).await?;
    sqlx::query("UPDATE assessments SET assessment_gz = $1 WHERE id = $2")
        .bind(vec![0_u8, 1, 2, 3])
        .bind(id)
        .execute(&pool)
        .await?;
    pool.close().await;
    let error = store.load(id).await.err().ok_or("damaged data must not load")?;
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    Ok(())
}

#[tokio::test]
async fn an_sqlite_file_is_created_with_its_directories() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("nested").join("dirs").join("maturity.db");
    Store::open(&path).await?.close().await;
    assert!(path.is_file());
    Ok(())
}

#[tokio::test]
async fn a_server_that_does_not_answer_is_a_clear_error_without_the_password() -> TestResult {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let db = Location::parse(&format!("postgres://team:hunter2@127.0.0.1:{port}/maturity"));
    let started = std::time::Instant::now();
    let error = Store::connect(&db).await.err().ok_or("nothing listens there")?;
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "told at once, not after retries");
    assert!(matches!(error, StoreError::Open { .. }), "{error:?}");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains(&format!("127.0.0.1:{port}/maturity")), "{shown}");
    assert!(!shown.contains("hunter2"), "the password is shown: {shown}");
    Ok(())
}

/// What each migration after the first added, undone: a database as schema 1 left it.
const BACK_TO_SCHEMA_1: &[&str] = &[
    "ALTER TABLE assessments DROP COLUMN head_gz",
    "ALTER TABLE assessments DROP COLUMN findings",
    "DROP TABLE tokens",
    "DROP TABLE audit",
    "ALTER TABLE assessments DROP COLUMN config_toml",
    "ALTER TABLE assessments DROP COLUMN evidence_from",
    "ALTER TABLE assessments DROP COLUMN cause",
    "DELETE FROM schema_migrations WHERE version > 1",
];

both!(tokens_are_kept_as_hashes_and_an_older_database_gains_the_table);
async fn tokens_are_kept_as_hashes_and_an_older_database_gains_the_table(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let (one, _) = save_both(&store, &demo()?, &later(&demo()?)).await?;
    store.close().await;
    // Back to a database of schema 1, as an earlier build left it.
    let pool = raw(&db).await?;
    for statement in BACK_TO_SCHEMA_1 {
        sqlx::query(statement).execute(&pool).await?;
    }
    pool.close().await;

    let store = Store::connect(&db).await?;
    assert_eq!(store.load(one).await?, demo()?, "the upgrade keeps the assessments");
    assert!(store.token_hashes().await?.is_empty());
    let (a, b) = ([7u8; 32], [9u8; 32]);
    store.add_token(&a, Utc::now()).await?;
    store.add_token(&b, Utc::now()).await?;
    assert_eq!(store.token_hashes().await?, vec![a, b]);
    assert!(store.add_token(&a, Utc::now()).await.is_err(), "a hash is kept once");
    let records = store.tokens().await?;
    assert_eq!(records.iter().map(|t| t.sha256).collect::<Vec<_>>(), vec![a, b]);
    assert!(store.remove_token(records[0].id).await?);
    assert!(!store.remove_token(records[0].id).await?, "removed once");
    assert_eq!(store.token_hashes().await?, vec![b]);
    store.close().await;
    Ok(())
}

/// Takes a database of schema 4 back to schema 3, as an earlier build left it: no head columns.
async fn undo_version_4(pool: &sqlx::AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("ALTER TABLE assessments DROP COLUMN head_gz").execute(pool).await?;
    sqlx::query("ALTER TABLE assessments DROP COLUMN findings").execute(pool).await?;
    sqlx::query("DELETE FROM schema_migrations WHERE version = 4").execute(pool).await?;
    Ok(())
}

/// The size in bytes of column `column` of assessment `id`, NULL as `None`.
async fn column_len(db: &Location, column: &str, id: i64) -> Result<Option<usize>, Box<dyn std::error::Error>> {
    let pool = raw(db).await?;
    let len: Option<i64> =
        sqlx::query_scalar(&format!("SELECT CAST(length({column}) AS BIGINT) FROM assessments WHERE id = $1"))
            .bind(id)
            .fetch_one(&pool)
            .await?;
    pool.close().await;
    Ok(len.map(usize::try_from).transpose()?)
}

both!(a_save_keeps_the_head_which_loads_without_findings_but_counts_them);
async fn a_save_keeps_the_head_which_loads_without_findings_but_counts_them(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let (first, second) = (demo()?, later(&demo()?));
    let (one, two) = save_both(&store, &first, &second).await?;
    for (id, assessment) in [(one, &first), (two, &second)] {
        let head = store.saved_head(id).await?.ok_or("a save keeps the head")?;
        assert!(head.without_findings().findings.is_empty());
        assert_eq!(head.findings(), assessment.findings.len());
        assert!(head.findings() > 0, "the demo has findings");
        assert_eq!(head, Head::of(assessment));
        assert_eq!(store.load_head(id).await?, head);
        assert_eq!(head.without_findings().aws_smm, assessment.aws_smm);
        assert_eq!(head.without_findings().csmm, assessment.csmm);
        assert_eq!(head.without_findings().roadmap, assessment.roadmap);
    }
    let (head, whole) = (column_len(&db, "head_gz", one).await?, column_len(&db, "assessment_gz", one).await?);
    let (head, whole) = (head.ok_or("a head is kept")?, whole.ok_or("the whole is kept")?);
    assert!(head < whole, "the head ({head} bytes) is smaller than the whole ({whole} bytes)");
    assert!(matches!(store.load_head(42).await, Err(StoreError::NotFound { id: 42, .. })));
    assert!(matches!(store.saved_head(42).await, Err(StoreError::NotFound { id: 42, .. })));
    Ok(())
}

both!(a_row_saved_before_version_4_has_no_head_and_its_head_comes_from_the_whole);
async fn a_row_saved_before_version_4_has_no_head_and_its_head_comes_from_the_whole(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let (one, _) = save_both(&store, &demo()?, &later(&demo()?)).await?;
    store.close().await;
    // Back to a database of schema 3, as an earlier build left it: no head columns at all.
    let pool = raw(&db).await?;
    undo_version_4(&pool).await?;
    pool.close().await;

    let store = Store::connect(&db).await?;
    assert_eq!(store.load(one).await?, demo()?, "the upgrade keeps the assessments");
    assert_eq!(store.saved_head(one).await?, None, "an older row has no head");
    assert_eq!(store.load_head(one).await?, Head::of(&demo()?), "made from the whole");
    assert_eq!(column_len(&db, "head_gz", one).await?, None, "loading does not write it back");
    // What is saved after the upgrade has its head.
    let three = store.save(&SaveRequest::new(&demo()?)).await?;
    assert_eq!(store.saved_head(three).await?, Some(Head::of(&demo()?)));
    store.close().await;
    Ok(())
}

both!(a_damaged_head_is_an_error_not_a_reason_to_read_the_whole);
async fn a_damaged_head_is_an_error_not_a_reason_to_read_the_whole(db: Location) -> TestResult {
    let store = Store::connect(&db).await?;
    let (one, two) = save_both(&store, &demo()?, &later(&demo()?)).await?;
    let pool = raw(&db).await?;
    sqlx::query("UPDATE assessments SET head_gz = $1 WHERE id = $2")
        .bind(vec![0_u8, 1, 2, 3])
        .bind(one)
        .execute(&pool)
        .await?;
    sqlx::query("UPDATE assessments SET findings = NULL WHERE id = $1").bind(two).execute(&pool).await?;
    pool.close().await;
    for id in [one, two] {
        let error = store.load_head(id).await.err().ok_or("a damaged head must not load")?;
        assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    }
    assert_eq!(store.load(one).await?, demo()?, "the whole is still there");
    Ok(())
}
