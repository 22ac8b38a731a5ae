//! The fixed vocabularies of PRODUCT.md: organisation kinds, UK regions and service areas.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a snake_case wire enum with its codes, labels and a list of every value.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case code used on the wire and in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a snake_case code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// What sort of legal body an organisation is.
    OrgKind {
        LocalAuthority = "local_authority": "Local authority",
        HousingAssociation = "housing_association": "Housing association",
        NhsBody = "nhs_body": "NHS body",
        CentralGovernment = "central_government": "Central government",
        Education = "education": "Education",
        EmergencyService = "emergency_service": "Emergency service",
        ThirdSector = "third_sector": "Third sector",
        Sme = "sme": "SME",
        Other = "other": "Other",
    }
}

vocabulary! {
    /// A UK ITL1 region.
    Region {
        NorthEast = "north_east": "North East",
        NorthWest = "north_west": "North West",
        YorkshireAndTheHumber = "yorkshire_and_the_humber": "Yorkshire and The Humber",
        EastMidlands = "east_midlands": "East Midlands",
        WestMidlands = "west_midlands": "West Midlands",
        EastOfEngland = "east_of_england": "East of England",
        London = "london": "London",
        SouthEast = "south_east": "South East",
        SouthWest = "south_west": "South West",
        Wales = "wales": "Wales",
        Scotland = "scotland": "Scotland",
        NorthernIreland = "northern_ireland": "Northern Ireland",
    }
}

vocabulary! {
    /// What an organisation works on and an idea serves.
    ServiceArea {
        AdultSocialCare = "adult_social_care": "Adult social care",
        ChildrensServices = "childrens_services": "Children's services",
        Housing = "housing": "Housing",
        RevenuesAndBenefits = "revenues_and_benefits": "Revenues and benefits",
        Waste = "waste": "Waste",
        Planning = "planning": "Planning",
        HighwaysAndTransport = "highways_and_transport": "Highways and transport",
        EnvironmentalHealth = "environmental_health": "Environmental health",
        LibrariesAndCulture = "libraries_and_culture": "Libraries and culture",
        CustomerContact = "customer_contact": "Customer contact",
        HealthCare = "health_care": "Health care",
        PublicHealth = "public_health": "Public health",
        EducationAndSkills = "education_and_skills": "Education and skills",
        CommunitySafety = "community_safety": "Community safety",
        DemocracyAndGovernance = "democracy_and_governance": "Democracy and governance",
        FinanceAndProcurement = "finance_and_procurement": "Finance and procurement",
        Workforce = "workforce": "Workforce",
        DigitalInfrastructure = "digital_infrastructure": "Digital infrastructure",
        DataAndAnalytics = "data_and_analytics": "Data and analytics",
        IdentityAndAccess = "identity_and_access": "Identity and access",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde_and_from_code() {
        for area in ServiceArea::ALL {
            let json = serde_json::to_string(area).unwrap();
            assert_eq!(json, format!("\"{}\"", area.code()));
            assert_eq!(ServiceArea::from_code(area.code()), Some(*area));
        }
        assert_eq!(ServiceArea::ALL.len(), 20);
        assert_eq!(Region::ALL.len(), 12);
        assert_eq!(OrgKind::ALL.len(), 9);
    }

    #[test]
    fn unknown_code_is_refused() {
        assert!(serde_json::from_str::<Region>("\"atlantis\"").is_err());
        assert_eq!(OrgKind::from_code("council"), None);
    }
}
