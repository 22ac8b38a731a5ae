//! The business case being written. The API stores a business case only whole, so the answers
//! are kept in the browser, section by section, as typed, and sent together once every
//! section is complete. Each section's module holds its answers, how they are seeded from a
//! saved version and how they are checked and turned into the wire type.

mod check;
mod commercial;
mod economic;
mod financial;
mod management;
pub mod paths;
pub mod store;
mod stored;
mod strategic;
mod terms;

use std::fmt;
use std::str::FromStr;

use cc2i_shared::business_case::{BusinessCase, BusinessCaseVersion};
use serde::{Deserialize, Serialize};

pub use commercial::CommercialDraft;
pub use economic::{EconomicDraft, OptionDraft};
pub use financial::{CostLineDraft, FinancialDraft};
pub use management::{ManagementDraft, MilestoneDraft, RiskDraft};
pub use strategic::StrategicDraft;
pub use terms::{percent_answer, CreditDraft, TermsDraft};

use crate::form_errors::FormErrors;

/// One page of the business case: the five cases, then the terms and SLA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSection {
    /// Why change is needed.
    Strategic,
    /// The options and the preferred one.
    Economic,
    /// How it is bought.
    Commercial,
    /// What it costs.
    Financial,
    /// How it is delivered.
    Management,
    /// The contract and SLA.
    Terms,
}

impl CaseSection {
    /// Every section, in the order of the task list.
    pub const ALL: [CaseSection; 6] = [
        CaseSection::Strategic,
        CaseSection::Economic,
        CaseSection::Commercial,
        CaseSection::Financial,
        CaseSection::Management,
        CaseSection::Terms,
    ];

    /// Its part of the address and the API's key for it.
    pub fn slug(self) -> &'static str {
        match self {
            CaseSection::Strategic => "strategic",
            CaseSection::Economic => "economic",
            CaseSection::Commercial => "commercial",
            CaseSection::Financial => "financial",
            CaseSection::Management => "management",
            CaseSection::Terms => "terms",
        }
    }

    /// Its name, as a task and a page heading.
    pub fn title(self) -> &'static str {
        match self {
            CaseSection::Strategic => "Strategic case",
            CaseSection::Economic => "Economic case",
            CaseSection::Commercial => "Commercial case",
            CaseSection::Financial => "Financial case",
            CaseSection::Management => "Management case",
            CaseSection::Terms => "Terms and SLA",
        }
    }
}

impl fmt::Display for CaseSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for CaseSection {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        CaseSection::ALL
            .into_iter()
            .find(|section| section.slug() == s)
            .ok_or(())
    }
}

/// The whole business case as typed, with which sections are done and what the API said
/// about the last attempt to save it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct CaseDraft {
    /// The version these answers started from, if any.
    pub based_on: Option<i32>,
    /// Stage and strategic case.
    pub strategic: StrategicDraft,
    /// Economic case.
    pub economic: EconomicDraft,
    /// Commercial case.
    pub commercial: CommercialDraft,
    /// Financial case.
    pub financial: FinancialDraft,
    /// Management case.
    pub management: ManagementDraft,
    /// Terms and SLA.
    pub terms: TermsDraft,
    /// Sections saved with "Save and continue" whose answers passed the checks.
    pub done: Vec<CaseSection>,
    /// The API's field errors from the last save: (path, message).
    pub problems: Vec<(String, String)>,
}

impl CaseDraft {
    /// A fresh draft: nothing answered, one empty entry in each list.
    pub fn blank() -> Self {
        CaseDraft {
            strategic: StrategicDraft::blank(),
            economic: EconomicDraft::blank(),
            financial: FinancialDraft::blank(),
            management: ManagementDraft::blank(),
            terms: TermsDraft::blank(),
            ..CaseDraft::default()
        }
    }

    /// The answers of a saved version, every section done.
    pub fn from_version(version: &BusinessCaseVersion) -> Self {
        let case = &version.content;
        CaseDraft {
            based_on: Some(version.version),
            strategic: StrategicDraft::from_case(case.stage, &case.strategic),
            economic: EconomicDraft::from_case(&case.economic),
            commercial: CommercialDraft::from_case(&case.commercial),
            financial: FinancialDraft::from_case(&case.financial),
            management: ManagementDraft::from_case(&case.management),
            terms: TermsDraft::from_terms(&case.terms),
            done: CaseSection::ALL.to_vec(),
            problems: Vec::new(),
        }
    }

    /// Whether a section is done and the API found nothing wrong in it.
    pub fn is_complete(&self, section: CaseSection) -> bool {
        self.done.contains(&section)
            && !self
                .problems
                .iter()
                .any(|(path, _)| paths::section_of(path) == Some(section))
    }

    /// Whether every section is complete.
    pub fn all_complete(&self) -> bool {
        CaseSection::ALL.into_iter().all(|s| self.is_complete(s))
    }

    /// Drops a section's empty list entries (keeping one where at least one is needed).
    pub fn tidy(&mut self, section: CaseSection) {
        match section {
            CaseSection::Strategic => self.strategic.tidy(),
            CaseSection::Economic => self.economic.tidy(),
            CaseSection::Commercial => {}
            CaseSection::Financial => self.financial.tidy(),
            CaseSection::Management => self.management.tidy(),
            CaseSection::Terms => self.terms.tidy(),
        }
    }

    /// What is wrong with a section's answers, keyed by input id; empty when nothing is.
    pub fn check(&self, section: CaseSection) -> FormErrors {
        match section {
            CaseSection::Strategic => self.strategic.check().err(),
            CaseSection::Economic => self.economic.check().err(),
            CaseSection::Commercial => self.commercial.check().err(),
            CaseSection::Financial => self.financial.check().err(),
            CaseSection::Management => self.management.check().err(),
            CaseSection::Terms => self.terms.check().err(),
        }
        .unwrap_or_default()
    }

    /// Marks a section done after its answers passed the checks, forgetting what the API
    /// said about it before.
    pub fn complete(&mut self, section: CaseSection) {
        if !self.done.contains(&section) {
            self.done.push(section);
        }
        self.problems
            .retain(|(path, _)| paths::section_of(path) != Some(section));
    }

    /// The request body, or every section's errors.
    pub fn to_case(&self) -> Result<BusinessCase, FormErrors> {
        let strategic = self.strategic.check();
        let economic = self.economic.check();
        let commercial = self.commercial.check();
        let financial = self.financial.check();
        let management = self.management.check();
        let terms = self.terms.check();
        match (
            strategic, economic, commercial, financial, management, terms,
        ) {
            (
                Ok((stage, strategic)),
                Ok(economic),
                Ok(commercial),
                Ok(financial),
                Ok(management),
                Ok(terms),
            ) => Ok(BusinessCase {
                stage,
                strategic,
                economic,
                commercial,
                financial,
                management,
                terms,
            }),
            (s, e, c, f, m, t) => {
                let mut errors = FormErrors::default();
                for section in [s.err(), e.err(), c.err(), f.err(), m.err(), t.err()]
                    .into_iter()
                    .flatten()
                {
                    errors.extend(section);
                }
                Err(errors)
            }
        }
    }
}
