//! The model's parameters: defaults embedded from `evidence.toml`, any
//! subset overridable by a user's TOML.

use std::collections::BTreeMap;

use briefing_model::{Certainty, Tier};
use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::error::ConfigError;

/// The default parameters, as shipped (and documented) in `evidence.toml`.
pub const DEFAULT_TOML: &str = include_str!("../evidence.toml");

/// Every parameter of the evidence model. See `evidence.toml` for their
/// meaning and `docs/evidence.md` for the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub tiers: Tiers,
    pub hedging: Hedging,
    pub citations: Citations,
    pub agreement: Agreement,
    pub contradiction: Contradiction,
    pub recency: Recency,
    pub species: Species,
    pub certainty: CertaintyRules,
}

/// Parameters of each tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub uncited: TierParams,
    pub review_assertion: TierParams,
    pub in_vitro_cell_line: TierParams,
    pub primary_cells_or_organoids: TierParams,
    pub rodent_model: TierParams,
    pub large_animal: TierParams,
    pub case_report_or_series: TierParams,
    pub observational_cohort: TierParams,
    pub early_phase_trial: TierParams,
    pub phase_ii: TierParams,
    pub phase_iii_or_rct: TierParams,
    pub systematic_review_or_meta_analysis: TierParams,
}

impl Tiers {
    /// The parameters of a tier.
    pub fn get(&self, tier: Tier) -> &TierParams {
        match tier {
            Tier::Uncited => &self.uncited,
            Tier::ReviewAssertion => &self.review_assertion,
            Tier::InVitroCellLine => &self.in_vitro_cell_line,
            Tier::PrimaryCellsOrOrganoids => &self.primary_cells_or_organoids,
            Tier::RodentModel => &self.rodent_model,
            Tier::LargeAnimal => &self.large_animal,
            Tier::CaseReportOrSeries => &self.case_report_or_series,
            Tier::ObservationalCohort => &self.observational_cohort,
            Tier::EarlyPhaseTrial => &self.early_phase_trial,
            Tier::PhaseII => &self.phase_ii,
            Tier::PhaseIIIOrRct => &self.phase_iii_or_rct,
            Tier::SystematicReviewOrMetaAnalysis => &self.systematic_review_or_meta_analysis,
        }
    }
}

/// Prior, ceiling and starting certainty of one tier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierParams {
    /// Belief from one independent, unhedged unit of this tier.
    pub prior: f64,
    /// The most any number of units of this tier reach together.
    pub ceiling: f64,
    /// The grade a body of evidence of this tier starts from.
    pub certainty: Certainty,
}

/// Hedging multipliers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hedging {
    /// For a hedged statement none of whose cues is listed.
    pub default: f64,
    /// Per cue, in lower case.
    pub cues: BTreeMap<String, f64>,
}

impl Hedging {
    /// The multiplier of a statement: 1 when it is not hedged, else the
    /// smallest factor among its listed cues, else the default.
    pub fn factor<S: AsRef<str>>(&self, hedged: bool, cues: &[S]) -> f64 {
        if !hedged {
            return 1.0;
        }
        cues.iter()
            .filter_map(|c| self.cues.get(&normalize_cue(c.as_ref())).copied())
            .reduce(f64::min)
            .unwrap_or(self.default)
    }

    /// The listed cues among `cues`, normalized, sorted, without repeats.
    pub fn listed<S: AsRef<str>>(&self, cues: &[S]) -> Vec<String> {
        let mut found: Vec<String> = cues
            .iter()
            .map(|c| normalize_cue(c.as_ref()))
            .filter(|c| self.cues.contains_key(c))
            .collect();
        found.sort();
        found.dedup();
        found
    }
}

/// Lower case, runs of white space as one space, trimmed.
pub(crate) fn normalize_cue(cue: &str) -> String {
    cue.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// How citations count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citations {
    /// Multiplies a statement with a stated design that cites nothing.
    pub unsourced_factor: f64,
}

/// Restatements of the same claim.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Each further section (or document) stating the claim.
    pub section: f64,
    /// Each further sentence in a section already counted.
    pub sentence: f64,
    /// At most this many restatements count.
    pub max_restatements: u32,
}

/// Opposite-polarity evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contradiction {
    /// `score = support * (1 - weight * contradiction)`.
    pub weight: f64,
}

/// Age discount of cited references.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recency {
    pub grace_years: u32,
    pub per_year: f64,
    pub floor: f64,
}

impl Recency {
    /// The multiplier of a reference published in `year`, assessed in `now`.
    pub fn factor(&self, year: Option<i32>, now: Option<i32>) -> f64 {
        let (Some(year), Some(now)) = (year, now) else {
            return 1.0;
        };
        let age = i64::from(now) - i64::from(year) - i64::from(self.grace_years);
        if age <= 0 {
            return 1.0;
        }
        (1.0 - self.per_year * age as f64).max(self.floor)
    }
}

/// Which species make a large-animal model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Species {
    /// NCBITaxon CURIEs.
    pub large_animal_ids: Vec<String>,
    /// Names, for species without identifiers (lower case).
    pub large_animal_names: Vec<String>,
    /// Rodents and other small animals: make a statement without a design
    /// animal work.
    pub small_animal_ids: Vec<String>,
    pub small_animal_names: Vec<String>,
}

/// Thresholds of the certainty rules.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertaintyRules {
    /// Distinct supporting references for the consistency upgrade.
    pub several_studies: u32,
    /// Clinical evidence below this size is imprecise.
    pub min_participants: u64,
    /// The highest grade of a claim no supporting statement of which cites
    /// a reference.
    pub unsourced_cap: Certainty,
}

impl Default for Config {
    /// The embedded defaults of `evidence.toml`.
    fn default() -> Self {
        // The embedded file is checked by this crate's tests; it cannot fail
        // at run time.
        #[allow(clippy::expect_used)]
        toml::from_str::<Config>(DEFAULT_TOML).expect("the embedded evidence.toml is valid")
    }
}

/// Tables whose keys are free (a map, not a struct).
const OPEN_TABLES: &[&str] = &["hedging.cues"];

impl Config {
    /// The defaults overridden by the keys of a user's TOML. The user's text
    /// may set any subset of the keys of `evidence.toml`; unknown keys,
    /// values of the wrong type and out-of-range values are errors that say
    /// where they are.
    ///
    /// ```
    /// use briefing_evidence::Config;
    ///
    /// let config = Config::from_toml_str("[tiers.rodent_model]\nprior = 0.5\n").unwrap();
    /// assert_eq!(config.tiers.rodent_model.prior, 0.5);
    /// assert_eq!(config.tiers.phase_ii, Config::default().tiers.phase_ii);
    ///
    /// let err = Config::from_toml_str("[tiers.mouse]\nprior = 0.5\n").unwrap_err();
    /// assert!(err.to_string().contains("unknown key `tiers.mouse`"), "{err}");
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        let defaults: toml::Table = toml::from_str(DEFAULT_TOML)
            .map_err(|e| ConfigError::new(None, format!("embedded defaults: {}", e.message())))?;
        let user =
            DeTable::parse(text).map_err(|e| ConfigError::at(text, e.span(), e.message()))?;
        check_table(text, user.get_ref(), &defaults, "")?;
        let overrides: toml::Table =
            toml::from_str(text).map_err(|e| ConfigError::at(text, e.span(), e.message()))?;
        let mut merged = defaults;
        merge(&mut merged, overrides);
        let config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::new(None, e.message().to_owned()))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks every range the model relies on.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let unit = |key: String, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(ConfigError::new(
                    Some(key),
                    format!("must lie in [0, 1], not {v}"),
                ))
            }
        };
        let positive_unit = |key: String, v: f64| {
            if v > 0.0 && v <= 1.0 {
                Ok(())
            } else {
                Err(ConfigError::new(
                    Some(key),
                    format!("must lie in (0, 1], not {v}"),
                ))
            }
        };
        for tier in Tier::ALL {
            let p = self.tiers.get(tier);
            let name = tier.as_str();
            unit(format!("tiers.{name}.prior"), p.prior)?;
            unit(format!("tiers.{name}.ceiling"), p.ceiling)?;
            if p.prior > p.ceiling {
                return Err(ConfigError::new(
                    Some(format!("tiers.{name}.prior")),
                    format!("must not exceed the ceiling ({} > {})", p.prior, p.ceiling),
                ));
            }
        }
        positive_unit("hedging.default".into(), self.hedging.default)?;
        for (cue, &v) in &self.hedging.cues {
            positive_unit(format!("hedging.cues.\"{cue}\""), v)?;
        }
        positive_unit(
            "citations.unsourced_factor".into(),
            self.citations.unsourced_factor,
        )?;
        unit("agreement.section".into(), self.agreement.section)?;
        unit("agreement.sentence".into(), self.agreement.sentence)?;
        unit("contradiction.weight".into(), self.contradiction.weight)?;
        unit("recency.per_year".into(), self.recency.per_year)?;
        positive_unit("recency.floor".into(), self.recency.floor)?;
        Ok(())
    }
}

/// Every key of `user` must exist in `defaults` with a value of the same
/// kind (an integer may stand for a float).
fn check_table(
    text: &str,
    user: &DeTable<'_>,
    defaults: &toml::Table,
    path: &str,
) -> Result<(), ConfigError> {
    let open = OPEN_TABLES.contains(&path);
    for (key, value) in user.iter() {
        let name = key.get_ref().as_ref();
        let full = if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        let value_ref = value.get_ref();
        if open {
            if !matches!(value_ref, DeValue::Float(_) | DeValue::Integer(_)) {
                return Err(ConfigError::at(
                    text,
                    Some(value.span()),
                    &format!("`{full}` must be a number, not a {}", value_ref.type_str()),
                ));
            }
            continue;
        }
        let Some(default) = defaults.get(name) else {
            let expected: Vec<&str> = defaults.keys().map(String::as_str).collect();
            return Err(ConfigError::at(
                text,
                Some(key.span()),
                &format!(
                    "unknown key `{full}`; expected one of: {}",
                    expected.join(", ")
                ),
            ));
        };
        let fits = match (default, value_ref) {
            (toml::Value::Table(inner), DeValue::Table(table)) => {
                check_table(text, table, inner, &full)?;
                true
            }
            (toml::Value::Float(_), DeValue::Float(_) | DeValue::Integer(_))
            | (toml::Value::Integer(_), DeValue::Integer(_))
            | (toml::Value::String(_), DeValue::String(_))
            | (toml::Value::Boolean(_), DeValue::Boolean(_)) => true,
            (toml::Value::Array(_), DeValue::Array(items)) => {
                if let Some(bad) = items
                    .iter()
                    .find(|v| !matches!(v.get_ref(), DeValue::String(_)))
                {
                    return Err(ConfigError::at(
                        text,
                        Some(bad.span()),
                        &format!("`{full}` holds strings, not a {}", bad.get_ref().type_str()),
                    ));
                }
                true
            }
            _ => false,
        };
        if !fits {
            return Err(ConfigError::at(
                text,
                Some(value.span()),
                &format!(
                    "`{full}` must be a {}, not a {}",
                    kind_name(default),
                    value_ref.type_str()
                ),
            ));
        }
    }
    Ok(())
}

fn kind_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "string",
        toml::Value::Integer(_) => "integer",
        toml::Value::Float(_) => "number",
        toml::Value::Boolean(_) => "boolean",
        toml::Value::Datetime(_) => "datetime",
        toml::Value::Array(_) => "array",
        toml::Value::Table(_) => "table",
    }
}

/// Deep merge: tables merge key by key, anything else is replaced.
fn merge(base: &mut toml::Table, overrides: toml::Table) {
    for (key, value) in overrides {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(over)) => merge(inner, over),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_parse_and_validate() {
        let config = Config::default();
        config.validate().unwrap();
        assert_eq!(Config::from_toml_str("").unwrap(), config);
    }

    #[test]
    fn default_priors_rise_with_the_tier() {
        let config = Config::default();
        for pair in Tier::ALL.windows(2) {
            let (lo, hi) = (config.tiers.get(pair[0]), config.tiers.get(pair[1]));
            assert!(lo.prior < hi.prior, "{} !< {}", pair[0], pair[1]);
            assert!(lo.ceiling <= hi.ceiling, "{} ceiling", pair[0]);
            assert!(lo.certainty <= hi.certainty, "{} certainty", pair[0]);
        }
    }

    #[test]
    fn overrides_only_the_given_keys() {
        let config = Config::from_toml_str(
            "[hedging.cues]\nmay = 0.5\nconceivably = 0.4\n[recency]\nfloor = 1\n",
        )
        .unwrap();
        let defaults = Config::default();
        assert_eq!(config.hedging.cues["may"], 0.5);
        assert_eq!(config.hedging.cues["conceivably"], 0.4);
        assert_eq!(config.hedging.cues["might"], defaults.hedging.cues["might"]);
        assert_eq!(config.recency.floor, 1.0);
        assert_eq!(config.recency.grace_years, defaults.recency.grace_years);
        assert_eq!(config.tiers, defaults.tiers);
    }

    fn error(text: &str) -> String {
        Config::from_toml_str(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            error("[recency]\nfloor = 0.9\ngrace = 3\n"),
            "line 3, column 1: unknown key `recency.grace`; expected one of: floor, grace_years, per_year"
        );
        assert_eq!(
            error("[tiers.phase_ii]\nprior = \"high\"\n"),
            "line 2, column 9: `tiers.phase_ii.prior` must be a number, not a string"
        );
        assert_eq!(
            error("[hedging.cues]\nmay = \"a lot\"\n"),
            "line 2, column 7: `hedging.cues.may` must be a number, not a string"
        );
        assert_eq!(
            error("[tiers.phase_ii]\nprior = 0.99\n"),
            "`tiers.phase_ii.prior`: must not exceed the ceiling (0.99 > 0.9)"
        );
        assert_eq!(
            error("[hedging]\ndefault = 0\n"),
            "`hedging.default`: must lie in (0, 1], not 0"
        );
        assert_eq!(
            error("[tiers.phase_ii]\ncertainty = \"sure\"\n"),
            "unknown variant `sure`, expected one of `very_low`, `low`, `moderate`, `high`"
        );
        assert!(
            error("[tiers\n").starts_with("line 1, column "),
            "{}",
            error("[tiers\n")
        );
    }

    #[test]
    fn hedging_factor_takes_the_strongest_listed_cue() {
        let h = Config::default().hedging;
        assert_eq!(h.factor(false, &["may"]), 1.0);
        assert_eq!(h.factor(true, &["May", "suggest"]), h.cues["may"]);
        assert_eq!(
            h.factor(true, &["Remains  to be\ndetermined"]),
            h.cues["remains to be determined"]
        );
        assert_eq!(h.factor(true, &["not"]), h.default);
        assert_eq!(h.factor::<&str>(true, &[]), h.default);
    }

    #[test]
    fn recency_discounts_old_references_down_to_the_floor() {
        let r = Config::default().recency;
        assert_eq!(r.factor(Some(2020), Some(2026)), 1.0);
        assert_eq!(r.factor(None, Some(2026)), 1.0);
        assert_eq!(r.factor(Some(1990), None), 1.0);
        assert!((r.factor(Some(2011), Some(2026)) - 0.9).abs() < 1e-12);
        assert_eq!(r.factor(Some(1950), Some(2026)), r.floor);
        assert_eq!(r.factor(Some(2030), Some(2026)), 1.0);
    }
}
