//! Sector radar: how well an idea fits an organisation, with reasons a person can read.
//! Pure and deterministic, so the server ranks and the browser explains with one rule.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::idea::Idea;
use crate::taxonomy::{OrgKind, Region, ServiceArea};

/// An open idea recommended to an organisation, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Recommendation {
    /// The idea.
    pub idea: Idea,
    /// How well it fits; higher is better.
    pub score: u32,
    /// Why, strongest first.
    pub reasons: Vec<String>,
}

/// An organisation an idea was shown to when it was published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AudienceMember {
    /// The organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// How well the idea fitted it.
    pub score: i32,
    /// Why.
    pub reasons: Vec<String>,
    /// When its members were told.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub notified_at: DateTime<Utc>,
    /// Whether it has pledged since.
    pub pledged: bool,
    /// Whether the proposer invited it (then `notified_at` is the first of the
    /// announcement and the invitation).
    #[serde(default)]
    pub invited: bool,
}

/// Paging through recommendations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecommendationQuery {
    /// The `next_cursor` of the previous page: 1 to 18 digits.
    #[validate(length(max = 18, message = "is not a cursor from this list"))]
    #[param(max_length = 18, pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100, message = "must be between 1 and 100"))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The score from which a newly published idea is announced to an organisation.
pub const AUDIENCE_THRESHOLD: u32 = 30;

/// What matching knows about an organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgProfile {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: OrgKind,
    /// Its region.
    pub region: Region,
    /// What it works on.
    pub service_areas: Vec<ServiceArea>,
    /// Further areas it has said it is interested in.
    pub interested_in: Vec<ServiceArea>,
    /// The service areas of ideas it has pledged to before.
    pub pledged_areas: Vec<ServiceArea>,
}

/// What matching knows about an idea.
#[derive(Debug, Clone, PartialEq)]
pub struct IdeaProfile {
    /// The proposing organisation.
    pub proposer_id: String,
    /// Its kind.
    pub proposer_kind: OrgKind,
    /// Its region.
    pub region: Region,
    /// What the idea serves.
    pub service_areas: Vec<ServiceArea>,
    /// The organisations that have pledged, with their kinds.
    pub funders: Vec<(String, OrgKind)>,
}

/// A fit: higher is better; reasons strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// The score.
    pub score: u32,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// Regions that share a border (ITL1), for the lower-weighted "nearby" reason.
pub fn neighbours(region: Region) -> &'static [Region] {
    use Region::*;
    match region {
        NorthEast => &[NorthWest, YorkshireAndTheHumber, Scotland],
        NorthWest => &[
            NorthEast,
            YorkshireAndTheHumber,
            EastMidlands,
            WestMidlands,
            Wales,
            Scotland,
        ],
        YorkshireAndTheHumber => &[NorthEast, NorthWest, EastMidlands],
        EastMidlands => &[
            NorthWest,
            YorkshireAndTheHumber,
            WestMidlands,
            EastOfEngland,
            SouthEast,
        ],
        WestMidlands => &[NorthWest, EastMidlands, SouthEast, SouthWest, Wales],
        EastOfEngland => &[EastMidlands, London, SouthEast],
        London => &[EastOfEngland, SouthEast],
        SouthEast => &[EastMidlands, WestMidlands, EastOfEngland, London, SouthWest],
        SouthWest => &[WestMidlands, SouthEast, Wales],
        Wales => &[NorthWest, WestMidlands, SouthWest],
        Scotland => &[NorthEast, NorthWest],
        NorthernIreland => &[],
    }
}

fn plural(kind: OrgKind, n: usize) -> String {
    let label = kind.label().to_lowercase();
    let label = label.replace("nhs", "NHS").replace("sme", "SME");
    match (n, label.as_str()) {
        (1, _) => format!("1 {label}"),
        (_, "third sector") => format!("{n} third-sector organisations"),
        (_, "education") => format!("{n} education providers"),
        (_, "central government") => format!("{n} central government bodies"),
        (_, "other") => format!("{n} other organisations"),
        (_, "NHS body") => format!("{n} NHS bodies"),
        (_, l) => format!("{n} {l}s"),
    }
}

fn list(areas: &BTreeSet<ServiceArea>) -> String {
    let names: Vec<String> = areas.iter().map(|a| a.label().to_lowercase()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Walks every reason `idea` fits `org`, strongest rule first, giving each its weight and a
/// way to say it; `false` for its proposer and organisations that pledged. The one rule
/// behind both [`fit`] (with words) and [`score`] (without, for ranking thousands fast).
fn weigh(
    idea: &IdeaProfile,
    org: &OrgProfile,
    mut add: impl FnMut(u32, &dyn Fn() -> String),
) -> bool {
    if org.id == idea.proposer_id || idea.funders.iter().any(|(id, _)| *id == org.id) {
        return false;
    }
    let wanted = |a: &ServiceArea| idea.service_areas.contains(a);
    let own: BTreeSet<ServiceArea> = org.service_areas.iter().copied().filter(wanted).collect();
    if !own.is_empty() {
        add(30 * own.len() as u32, &|| {
            format!("Works on {}, which this idea serves", list(&own))
        });
    }
    let interested: BTreeSet<ServiceArea> = org
        .interested_in
        .iter()
        .copied()
        .filter(|a| wanted(a) && !own.contains(a))
        .collect();
    if !interested.is_empty() {
        add(15 * interested.len() as u32, &|| {
            format!("Interested in {}", list(&interested))
        });
    }
    let like_funders = idea.funders.iter().filter(|(_, k)| *k == org.kind).count();
    if like_funders > 0 {
        let verb = if like_funders == 1 { "has" } else { "have" };
        add((10 * like_funders as u32).min(30), &|| {
            format!("{} {verb} pledged", plural(org.kind, like_funders))
        });
    }
    if org.kind == idea.proposer_kind {
        add(15, &|| {
            format!(
                "Proposed by another {}",
                org.kind
                    .label()
                    .to_lowercase()
                    .replace("nhs", "NHS")
                    .replace("sme", "SME")
            )
        });
    }
    if org.region == idea.region {
        add(20, &|| {
            format!("In the same region ({})", idea.region.label())
        });
    } else if neighbours(org.region).contains(&idea.region) {
        add(8, &|| {
            format!(
                "Proposed in a neighbouring region ({})",
                idea.region.label()
            )
        });
    }
    let pledged: BTreeSet<ServiceArea> = org.pledged_areas.iter().copied().filter(wanted).collect();
    if !pledged.is_empty() {
        add((10 * pledged.len() as u32).min(20), &|| {
            format!("Has co-funded other {} ideas", list(&pledged))
        });
    }
    true
}

/// How well `idea` fits `org`; `None` for its proposer and for organisations that pledged.
pub fn fit(idea: &IdeaProfile, org: &OrgProfile) -> Option<Fit> {
    let mut parts: Vec<(u32, String)> = Vec::new();
    if !weigh(idea, org, |w, say| parts.push((w, say()))) {
        return None;
    }
    // Strongest reason first; equal weights keep the order above.
    parts.sort_by_key(|p| std::cmp::Reverse(p.0));
    Some(Fit {
        score: parts.iter().map(|p| p.0).sum(),
        reasons: parts.into_iter().map(|p| p.1).collect(),
    })
}

/// The score of [`fit`] without its words: `None` where `fit` is `None`.
pub fn score(idea: &IdeaProfile, org: &OrgProfile) -> Option<u32> {
    let mut total = 0;
    weigh(idea, org, |w, _| total += w).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrgKind as K;
    use Region as R;
    use ServiceArea as A;

    fn org(id: &str, kind: OrgKind, region: Region, areas: &[ServiceArea]) -> OrgProfile {
        OrgProfile {
            id: id.into(),
            kind,
            region,
            service_areas: areas.to_vec(),
            interested_in: vec![],
            pledged_areas: vec![],
        }
    }

    fn repairs() -> IdeaProfile {
        IdeaProfile {
            proposer_id: "together".into(),
            proposer_kind: K::HousingAssociation,
            region: R::NorthWest,
            service_areas: vec![A::Housing, A::CustomerContact],
            funders: vec![
                ("clarion".into(), K::HousingAssociation),
                ("riverside".into(), K::HousingAssociation),
                ("manchester".into(), K::LocalAuthority),
            ],
        }
    }

    #[test]
    fn a_housing_association_nearby_ranks_above_an_unrelated_organisation() {
        let near = fit(
            &repairs(),
            &org("onward", K::HousingAssociation, R::NorthWest, &[A::Housing]),
        )
        .unwrap();
        let far = fit(
            &repairs(),
            &org("uni", K::Education, R::London, &[A::EducationAndSkills]),
        )
        .unwrap();
        assert!(near.score > far.score);
        assert_eq!(far.score, 0);
        assert_eq!(
            near.reasons,
            [
                "Works on housing, which this idea serves",
                "2 housing associations have pledged",
                "In the same region (North West)",
                "Proposed by another housing association",
            ]
        );
        assert_eq!(near.score, 30 + 20 + 20 + 15);
    }

    #[test]
    fn the_proposer_and_existing_funders_are_excluded() {
        assert_eq!(
            fit(
                &repairs(),
                &org(
                    "together",
                    K::HousingAssociation,
                    R::NorthWest,
                    &[A::Housing]
                )
            ),
            None
        );
        assert_eq!(
            fit(
                &repairs(),
                &org("clarion", K::HousingAssociation, R::London, &[A::Housing])
            ),
            None
        );
    }

    #[test]
    fn neighbours_interests_and_past_pledges_add_smaller_weights() {
        let mut leeds = org(
            "leeds",
            K::LocalAuthority,
            R::YorkshireAndTheHumber,
            &[A::Waste],
        );
        leeds.interested_in = vec![A::CustomerContact];
        leeds.pledged_areas = vec![A::Housing, A::Housing];
        let f = fit(&repairs(), &leeds).unwrap();
        assert_eq!(
            f.reasons,
            [
                "Interested in customer contact",
                "1 local authority has pledged",
                "Has co-funded other housing ideas",
                "Proposed in a neighbouring region (North West)",
            ]
        );
        assert_eq!(f.score, 15 + 10 + 10 + 8);
    }

    #[test]
    fn scoring_is_deterministic_and_lists_read_naturally() {
        let a = org(
            "x",
            K::LocalAuthority,
            R::NorthWest,
            &[A::CustomerContact, A::Housing],
        );
        assert_eq!(fit(&repairs(), &a), fit(&repairs(), &a));
        assert_eq!(
            fit(&repairs(), &a).unwrap().reasons[0],
            "Works on housing and customer contact, which this idea serves"
        );
    }

    #[test]
    fn score_is_fit_without_the_words() {
        let mut cases = vec![
            org("onward", K::HousingAssociation, R::NorthWest, &[A::Housing]),
            org("uni", K::Education, R::London, &[A::EducationAndSkills]),
            org(
                "together",
                K::HousingAssociation,
                R::NorthWest,
                &[A::Housing],
            ),
            org(
                "x",
                K::LocalAuthority,
                R::Wales,
                &[A::CustomerContact, A::Housing],
            ),
        ];
        let mut leeds = org(
            "leeds",
            K::LocalAuthority,
            R::YorkshireAndTheHumber,
            &[A::Waste],
        );
        leeds.interested_in = vec![A::CustomerContact, A::Housing];
        leeds.pledged_areas = vec![A::Housing, A::CustomerContact, A::Housing];
        cases.push(leeds);
        for o in &cases {
            assert_eq!(
                score(&repairs(), o),
                fit(&repairs(), o).map(|f| f.score),
                "{}",
                o.id
            );
        }
    }

    #[test]
    fn every_region_is_its_neighbours_neighbour() {
        for &r in Region::ALL {
            for n in neighbours(r) {
                assert!(neighbours(*n).contains(&r), "{r:?} and {n:?}");
            }
        }
    }
}
