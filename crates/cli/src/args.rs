//! Command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use maturity_evidence::ShardSpec;

/// Measure cloud security maturity on the AWS Security Maturity Model v2 and the Cloud Security
/// Maturity Model v2, and say what to do next.
#[derive(Debug, Parser)]
#[command(name = "maturity", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List a model's controls or objectives, or the checks.
    Catalog {
        /// Which catalog.
        #[arg(value_enum)]
        which: CatalogName,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CatalogFormat::Table)]
        format: CatalogFormat,
    },
    /// Show one control, objective, category or check in full.
    Explain {
        /// A control id (`root-protection`), objective id (`csmm.iam.3.1`), category id (`iam`)
        /// or check id (`ec2-imdsv2-required`).
        id: String,
    },
    /// Write the answers file people fill in for what no API can see.
    Questionnaire {
        /// Write a template with every control and objective that automation cannot decide.
        #[arg(long)]
        template: bool,
        /// Where to write it (standard output by default).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Collect read-only evidence from AWS into an evidence bundle.
    Scan(ScanArgs),
    /// Print the minimal read-only IAM policy `maturity scan` needs (JSON), or with --publish the
    /// policy of `maturity publish`, the tool's one write.
    IamPolicy {
        /// The policy of `maturity publish security-hub` instead of the scan's.
        #[arg(long)]
        publish: bool,
    },
    /// Send findings to AWS: the one command of the tool that writes (its IAM policy:
    /// `maturity iam-policy --publish`).
    #[command(subcommand)]
    Publish(PublishTarget),
    /// Merge the bundles of a sharded scan (`scan --org --shard K/N`) into one: refused unless
    /// they are the N shards of one scan of one organization, each account in exactly one.
    Merge(MergeArgs),
    /// Assess an evidence bundle on both models.
    Assess(AssessArgs),
    /// Render a saved assessment (`assess --out`) as HTML, Markdown, CSV, JSON or OSCAL.
    Report(ReportArgs),
    /// Show what changed between two assessments (saved ones by id, the last two by default, or
    /// files from `assess --out`): scores, controls and objectives that moved, findings new, fixed
    /// and regressed, coverage, answers, exceptions.
    Diff(DiffArgs),
    /// Print the JSON Schema of the assessment file (`assess --out`).
    Schema,
    /// Assess Northwind Analytics, a built-in demo organization, without an AWS account: writes
    /// its evidence, answers and exceptions files and the assessment into a directory.
    Demo {
        /// The directory to write to (created if missing; files of the same names are replaced).
        #[arg(long)]
        out: PathBuf,
        /// Also save the demo in the database, as two assessments: the organization a quarter
        /// ago and now, so that `history` and `diff` have progress to show.
        #[arg(long)]
        save: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Serve the saved assessments as a web dashboard: the trend over time, each assessment's grid
    /// and chart, every control and objective with its findings and history, the roadmap, and
    /// what changed between two assessments.
    Serve(ServeArgs),
    /// List the saved assessments (`assess --save`, `demo --save`), newest first.
    History {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// Where saved assessments are kept.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DbArgs {
    /// The database of saved assessments: an SQLite file (created if missing) or a team's
    /// PostgreSQL database (`postgres://user:password@host/db`). By default
    /// `maturity/maturity.db` in the platform's data directory (`$XDG_DATA_HOME`, `~/.local/share`).
    #[arg(long, env = "MATURITY_DB", value_name = "PATH|URL", hide_env_values = true)]
    pub(crate) db: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// Where to listen. A loopback address (the default) serves this machine only, with no token;
    /// any other address requires an access token, and the server refuses to start without one.
    #[arg(long, value_name = "ADDR:PORT", default_value = maturity_server::DEFAULT_BIND)]
    pub(crate) bind: SocketAddr,
    /// Require an access token on a loopback address too (behind a reverse proxy on this machine).
    #[arg(long)]
    pub(crate) require_token: bool,
    /// Make an access token, print it once, keep only its SHA-256 hash in the database, and exit.
    #[arg(long, conflicts_with_all = ["require_token", "list_tokens", "revoke_token"])]
    pub(crate) new_token: bool,
    /// List the access tokens (fingerprint and creation time; the tokens themselves are not kept)
    /// and exit.
    #[arg(long, conflicts_with_all = ["require_token", "revoke_token"])]
    pub(crate) list_tokens: bool,
    /// Revoke the access token whose fingerprint starts with this (at least 6 hex digits) and exit.
    #[arg(long, value_name = "FINGERPRINT", conflicts_with = "require_token")]
    pub(crate) revoke_token: Option<String>,
    #[command(flatten)]
    pub(crate) db: DbArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ScanArgs {
    /// A named profile of the shared AWS config files (the default credential chain otherwise).
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// The region of account-wide calls (STS, Organizations, IAM); the profile's or
    /// `AWS_REGION` otherwise.
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// `all` (every region enabled for each account, the default) or a comma-separated list.
    #[arg(long, value_delimiter = ',', default_value = "all")]
    pub(crate) regions: Vec<String>,
    /// Scan the whole organization from its management (or delegated admin) account.
    #[arg(long, requires = "role")]
    pub(crate) org: bool,
    /// The role to assume in each account other than the caller's.
    #[arg(long)]
    pub(crate) role: Option<String>,
    /// The external id the role requires.
    #[arg(long, requires = "role")]
    pub(crate) external_id: Option<String>,
    /// Only these accounts (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub(crate) accounts: Vec<String>,
    /// Send every call to this endpoint, e.g. an emulator (`AWS_ENDPOINT_URL` works too).
    #[arg(long)]
    pub(crate) endpoint_url: Option<String>,
    /// How many collectors (one service in one region of one account) run at once. The default is
    /// measured (scripts/bench-scale.sh, README "Scanning at scale").
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) concurrency: u16,
    /// How many of them run at once in one account: AWS throttles each account on its own, so an
    /// organization scan goes faster across many accounts at a moderate pace each.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) per_account: u16,
    /// With --org: scan only the K-th of N disjoint slices of the organization's accounts (K from
    /// 1; an account's slice is SHA-256 of its id mod N, so retries scan the same accounts).
    /// Organization facts are in shard 1 only; `maturity merge` joins the N bundles.
    #[arg(long, value_name = "K/N", requires = "org")]
    pub(crate) shard: Option<ShardSpec>,
    /// The run the shards belong to, the same in every shard of one scan (e.g. the job's name or
    /// uid); derived from the organization, N, the regions and the accounts otherwise.
    #[arg(long, value_name = "ID", requires = "shard")]
    pub(crate) scan_id: Option<String>,
    /// Where to write the evidence bundle (JSON).
    #[arg(long)]
    pub(crate) out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PublishTarget {
    /// Import findings into AWS Security Hub (`BatchImportFindings`, 100 a call), each from its
    /// own account (--role to enter the others) and in its product's region.
    SecurityHub(PublishArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct PublishArgs {
    /// The findings, in the AWS Security Finding Format: what `maturity report ASSESSMENT --format
    /// asff` writes (one `BatchImportFindings` request a line), a JSON array of findings, or one
    /// request. Read and checked whole before anything is sent.
    #[arg(value_name = "ASFF_FILE")]
    pub(crate) findings: PathBuf,
    /// The role to assume in each account other than the caller's: Security Hub imports a
    /// finding only from the account it is about.
    #[arg(long)]
    pub(crate) role: Option<String>,
    /// The external id the role requires.
    #[arg(long, requires = "role")]
    pub(crate) external_id: Option<String>,
    /// A named profile of the shared AWS config files (the default credential chain otherwise).
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// The region of the identity calls, and of findings whose product ARN names none; each finding
    /// goes to its product's region. The profile's or `AWS_REGION` otherwise.
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// Send the calls to this endpoint, e.g. an emulator (`AWS_ENDPOINT_URL` works too).
    #[arg(long)]
    pub(crate) endpoint_url: Option<String>,
    /// Read and check the findings, say what would be sent, and send nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// The shard bundles (`scan --org --shard K/N --out …`), one per shard, in any order.
    #[arg(required = true, value_name = "BUNDLE")]
    pub(crate) bundles: Vec<PathBuf>,
    /// Where to write the merged evidence bundle (JSON).
    #[arg(long)]
    pub(crate) out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct AssessArgs {
    /// The evidence bundle (JSON, from `maturity scan`).
    #[arg(long)]
    pub(crate) evidence: PathBuf,
    /// Attested answers (TOML).
    #[arg(long)]
    pub(crate) answers: Option<PathBuf>,
    /// Accepted exceptions (TOML).
    #[arg(long)]
    pub(crate) exceptions: Option<PathBuf>,
    /// Targets and thresholds (TOML).
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    /// Judge answer and exception expiry on this day instead of today (YYYY-MM-DD).
    #[arg(long)]
    pub(crate) as_of: Option<NaiveDate>,
    /// Where to write the assessment JSON.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Write every report (report.html, report.md, controls.csv, findings.csv, assessment.json,
    /// assessment-results.oscal.json, junit.xml, findings.ocsf.jsonl, findings.asff.jsonl) into
    /// this directory.
    #[arg(long)]
    pub(crate) report_dir: Option<PathBuf>,
    /// Only these formats in --report-dir, comma-separated (all by default). The formats with a
    /// record per finding (csv-findings, oscal-ar, ocsf, asff) grow with the organization: about
    /// 1.4, 1.3 and 0.9 GB for OSCAL, OCSF and ASFF at 1,000 accounts × 17 regions.
    #[arg(long, value_enum, value_delimiter = ',', requires = "report_dir", value_name = "FORMATS")]
    pub(crate) report_formats: Vec<ReportFormat>,
    #[command(flatten)]
    pub(crate) formats: FormatOptions,
    /// Exit with 1 when any capability is below this AWS SMM phase (for CI gates).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub(crate) fail_below_phase: Option<u8>,
    /// How many roadmap items the summary shows.
    #[arg(long, default_value_t = 10)]
    pub(crate) top: usize,
    /// Also save the assessment, with its evidence, answers and exceptions, in the database.
    #[arg(long)]
    pub(crate) save: bool,
    #[command(flatten)]
    pub(crate) db: DbArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// The assessment (JSON, from `maturity assess --out`).
    pub(crate) assessment: PathBuf,
    /// The report format.
    #[arg(long, value_enum)]
    pub(crate) format: ReportFormat,
    /// Where to write it (standard output by default).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) formats: FormatOptions,
}

/// The choices of the report formats that have some.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct FormatOptions {
    /// The statuses that fail a JUnit test case, comma-separated. Not-applicable controls and
    /// objectives are skipped, and unknown ones too unless `unknown` is listed.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "not-met", value_name = "STATUSES")]
    pub(crate) junit_fail_on: Vec<JunitFailOn>,
    /// The product ASFF findings are imported as (a custom integration's ARN); by default each
    /// finding's account's own default product
    /// (`arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`).
    #[arg(long, value_name = "ARN")]
    pub(crate) asff_product_arn: Option<String>,
    /// The region of ASFF findings that have none (global resources, accounts, the
    /// organization); by default the first region scanned.
    #[arg(long, value_name = "REGION")]
    pub(crate) asff_home_region: Option<String>,
    /// The account ASFF findings about the whole organization are reported for (the management
    /// or delegated administrator account); without it they are left out.
    #[arg(long, value_name = "ACCOUNT")]
    pub(crate) asff_organization_account: Option<String>,
}

/// A status that can fail a JUnit test case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum JunitFailOn {
    /// Not in place.
    NotMet,
    /// In place in part.
    Partial,
    /// No usable evidence.
    Unknown,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The older assessment: the id of a saved one (`maturity history`) or a JSON file (from
    /// `maturity assess --out`). Without OLD and NEW, the two newest saved assessments.
    pub(crate) old: Option<String>,
    /// The newer assessment, an id or a file as OLD. Without it, the newest saved assessment.
    pub(crate) new: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub(crate) format: DiffFormat,
    /// Where to write it (standard output by default).
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) db: DbArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Concise text for a terminal.
    Text,
    /// Markdown tables, for a pull request or a wiki page.
    Markdown,
    /// One self-contained HTML page (the report's stylesheet inline, no script), to mail or attach.
    Html,
    /// The diff as JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// One self-contained HTML file: summary, AWS SMM grid, CSMM chart, roadmap, control details.
    Html,
    /// The summary, both model tables and the roadmap, for a wiki page or a pull request.
    Markdown,
    /// One CSV row per AWS SMM control.
    CsvControls,
    /// One CSV row per finding.
    CsvFindings,
    /// The assessment as JSON.
    Json,
    /// OSCAL 1.2 assessment results: an observation per finding and per attested answer, a
    /// finding per control and objective, a risk per exception.
    OscalAr,
    /// JUnit XML for CI systems: one test case per control and objective (see --junit-fail-on).
    Junit,
    /// OCSF 1.8.0 Compliance Finding events, one JSON object a line, for Security Lake or any
    /// OCSF pipeline.
    Ocsf,
    /// AWS Security Hub `BatchImportFindings` requests (ASFF), one a line, each for one account
    /// and region and at most 100 findings (see --asff-*).
    Asff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CatalogName {
    /// AWS Security Maturity Model v2 controls.
    AwsSmm,
    /// Cloud Security Maturity Model v2 categories and objectives.
    Csmm,
    /// The automated checks.
    Checks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CatalogFormat {
    /// Aligned text for people.
    Table,
    /// JSON for programs.
    Json,
    /// An OSCAL 1.2 catalog (aws-smm and csmm only), for GRC tools.
    Oscal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for programs.
    Json,
}
