//! The assessment configuration: CSMM target levels, quantifier thresholds, answer validity.
//!
//! ```toml
//! [csmm]
//! default_target = 3            # the level every category aims for unless named below
//! targets = { iam = 4, monitoring = 4, appsec = 2 }
//!
//! [thresholds]                  # share of in-scope units (accounts by default), in percent
//! most = 75
//! extensive = 90
//! consistent = 100
//! initial_accounts = 1          # "initial"/"some": in use in at least this many units (≥ 1)
//!
//! [answers]
//! validity_days = 365           # for answers that give no expiry
//! ```

use std::collections::BTreeMap;

use maturity_input::{InputError, from_toml_str};
use maturity_model::Catalogs;
use maturity_model::csmm::Quantifier;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::answers::DEFAULT_VALIDITY_DAYS;

/// The assessment settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Target level per CSMM category id.
    pub targets: BTreeMap<String, u8>,
    /// Target of categories not named in `targets`.
    pub default_target: u8,
    /// Coverage thresholds of the quantifiers.
    pub thresholds: Thresholds,
    /// How long an answer without expiry counts.
    pub answer_validity_days: u64,
}

/// The quantifiers as coverage thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// "most", in percent of in-scope accounts.
    pub most: f64,
    /// "extensive", in percent.
    pub extensive: f64,
    /// "consistent", in percent.
    pub consistent: f64,
    /// "initial": in use in at least this many units (accounts by default); at least 1.
    pub initial_accounts: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { most: 75.0, extensive: 90.0, consistent: 100.0, initial_accounts: 1 }
    }
}

impl Thresholds {
    /// How many units "initial" needs out of `in_scope`: `initial_accounts`, or every unit when
    /// there are fewer (an organization of one account can still be "initial"), never zero.
    #[must_use]
    pub fn initial_count(&self, in_scope: u32) -> u32 {
        self.initial_accounts.min(in_scope).max(1)
    }

    /// Whether `holding` of `in_scope` units satisfy a quantifier (for "initial", `holding` counts
    /// the units where the capability is in use). Nothing in scope satisfies nothing: not
    /// applicable is not met.
    #[must_use]
    pub fn satisfied(&self, quantifier: Quantifier, holding: u32, in_scope: u32) -> bool {
        if in_scope == 0 {
            return false;
        }
        let percent = f64::from(holding) * 100.0 / f64::from(in_scope);
        match quantifier {
            Quantifier::Initial => holding >= self.initial_count(in_scope),
            Quantifier::Most => percent >= self.most,
            Quantifier::Extensive => percent >= self.extensive,
            Quantifier::Consistent => percent >= self.consistent,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            targets: BTreeMap::new(),
            default_target: 3,
            thresholds: Thresholds::default(),
            answer_validity_days: DEFAULT_VALIDITY_DAYS,
        }
    }
}

impl Config {
    /// The target level of a category.
    #[must_use]
    pub fn target(&self, category: &str) -> u8 {
        self.targets.get(category).copied().unwrap_or(self.default_target)
    }

    /// The settings as a configuration file that [`Config::parse`] reads back to the same
    /// settings, every value written out (so it says what was used, defaults included).
    #[must_use]
    pub fn to_toml(&self) -> String {
        #[derive(Serialize)]
        struct File<'a> {
            csmm: Csmm<'a>,
            thresholds: Thresholds,
            answers: Validity,
        }
        #[derive(Serialize)]
        struct Csmm<'a> {
            default_target: u8,
            targets: &'a BTreeMap<String, u8>,
        }
        #[derive(Serialize)]
        struct Validity {
            validity_days: u64,
        }
        let file = File {
            csmm: Csmm { default_target: self.default_target, targets: &self.targets },
            thresholds: self.thresholds,
            answers: Validity { validity_days: self.answer_validity_days },
        };
        // Numbers and a map of numbers: nothing here can fail to serialize.
        toml::to_string(&file).unwrap_or_default()
    }

    /// Parses a configuration file.
    ///
    /// # Errors
    /// The first problem, with file, line and field.
    pub fn parse(file: &str, text: &str, catalogs: &Catalogs) -> Result<Config, InputError> {
        let raw: RawConfig = from_toml_str(file, text)?;
        let at = |span, field: String, message: String| InputError::at_span(file, text, span, field, message);
        let level_ok = |level: u8| (1..=5).contains(&level);
        let mut config = Config::default();
        if let Some(default_target) = raw.csmm.default_target {
            if !level_ok(*default_target.get_ref()) {
                return Err(at(default_target.span(), "csmm.default_target".into(), "a level is 1 to 5".into()));
            }
            config.default_target = default_target.into_inner();
        }
        for (category, level) in raw.csmm.targets {
            let field = format!("csmm.targets.{}", category.get_ref());
            if catalogs.csmm.category(category.get_ref()).is_none() {
                let known: Vec<&str> = catalogs.csmm.categories.iter().map(|c| c.id.as_str()).collect();
                return Err(at(
                    category.span(),
                    field,
                    format!("no CSMM category `{}` (one of {})", category.get_ref(), known.join(", ")),
                ));
            }
            if !level_ok(*level.get_ref()) {
                return Err(at(level.span(), field, "a level is 1 to 5".into()));
            }
            config.targets.insert(category.into_inner(), level.into_inner());
        }
        if let Some(thresholds) = raw.thresholds {
            let values = thresholds.get_ref();
            let in_range = [values.most, values.extensive, values.consistent].iter().all(|p| (0.0..=100.0).contains(p));
            if !in_range || values.most > values.extensive || values.extensive > values.consistent {
                return Err(at(
                    thresholds.span(),
                    "thresholds".into(),
                    "percentages must be 0 to 100 with most ≤ extensive ≤ consistent".into(),
                ));
            }
            if values.initial_accounts == 0 {
                return Err(at(
                    thresholds.span(),
                    "thresholds.initial_accounts".into(),
                    "\"initial\" needs at least 1 unit where the capability is in use; 0 would count nothing as something"
                        .into(),
                ));
            }
            config.thresholds = thresholds.into_inner();
        }
        if let Some(validity) = raw.answers.validity_days {
            config.answer_validity_days = validity;
        }
        Ok(config)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    csmm: RawCsmm,
    #[serde(default)]
    thresholds: Option<Spanned<Thresholds>>,
    #[serde(default)]
    answers: RawAnswers,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCsmm {
    #[serde(default)]
    default_target: Option<Spanned<u8>>,
    #[serde(default)]
    targets: BTreeMap<Spanned<String>, Spanned<u8>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    #[serde(default)]
    validity_days: Option<u64>,
}
