//! The commercial case as typed.

use cc2i_shared::business_case::CommercialCase;
use serde::Serialize;

use super::check::Check;
use crate::form_errors::FormErrors;
use crate::vocabulary::{code_of, DATA_PROTECTION_ROLES};

/// Procurement route, contract length, licence, IP and data protection role.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct CommercialDraft {
    /// Like "G-Cloud 14".
    pub procurement_route: String,
    /// Months, as typed.
    pub contract_length_months: String,
    /// Like "MIT".
    pub licence: String,
    /// Who owns the IP.
    pub ip_ownership: String,
    /// The role's code.
    pub data_protection_role: String,
}

impl CommercialDraft {
    /// The answers of a saved version.
    pub fn from_case(case: &CommercialCase) -> Self {
        CommercialDraft {
            procurement_route: case.procurement_route.clone(),
            contract_length_months: case.contract_length_months.to_string(),
            licence: case.licence.clone(),
            ip_ownership: case.ip_ownership.clone(),
            data_protection_role: code_of(&DATA_PROTECTION_ROLES, &case.data_protection_role)
                .to_owned(),
        }
    }

    /// The case, or what is wrong.
    pub fn check(&self) -> Result<CommercialCase, FormErrors> {
        let mut check = Check::default();
        let procurement_route = check.text(
            "commercial.procurement_route",
            &self.procurement_route,
            "Enter the procurement route",
        );
        let contract_length_months = check.whole(
            "commercial.contract_length_months",
            &self.contract_length_months,
            "the contract length in months",
            "24",
        );
        let licence = check.text(
            "commercial.licence",
            &self.licence,
            "Enter the licence of what is built",
        );
        let ip_ownership = check.text(
            "commercial.ip_ownership",
            &self.ip_ownership,
            "Enter who owns the intellectual property",
        );
        let role = check.choice(
            "commercial.data_protection_role",
            &self.data_protection_role,
            &DATA_PROTECTION_ROLES,
            "Select the supplier’s data protection role",
        );
        check.finish(role.map(|data_protection_role| CommercialCase {
            procurement_route,
            contract_length_months,
            licence,
            ip_ownership,
            data_protection_role,
        }))
    }
}
