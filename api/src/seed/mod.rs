//! Realistic demo data for an empty database: organisations of every kind and region, with
//! people in them, some verified.

mod ideas;
pub mod progress;
pub mod scale;

pub use scale::{seed_scale, Scale, Seeded};

use diesel::prelude::*;

use crate::audit::{self, Ctx, Entry};
use crate::auth::password::PasswordHasher;
use crate::auth::repo as users;
use crate::db::schema::{organisations, users as users_table};
use crate::db::{now, write_transaction, AnyConnection};
use crate::error::ApiError;
use crate::organisations::{members, repo as orgs};
use cc2i_shared::{
    CreateOrganisation, OrgKind as K, OrgRole, PlatformRole, Region as R, ServiceArea as A,
};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "cc2i demo password";
/// The demo platform admin.
pub const DEMO_ADMIN: &str = "admin@cc2i.example";
/// The authenticator-app secret (base32) of every demo person who must have a second factor
/// (the admin, and owners and admins of verified organisations): add it to any authenticator
/// app, or work the code out with `oathtool --totp -b`. Demo data only, like the password.
pub const DEMO_TOTP_SECRET: &str = "CC2IDEMOCC2IDEMOCC2IDEMOCC2IDEMO";

struct DemoOrg {
    name: &'static str,
    kind: K,
    region: R,
    identifier: &'static str,
    website: &'static str,
    areas: &'static [A],
    verified: bool,
    people: &'static [(&'static str, &'static str, OrgRole)],
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "Kirklees Council",
        kind: K::LocalAuthority,
        region: R::YorkshireAndTheHumber,
        identifier: "GB-LAE-KIR",
        website: "https://www.kirklees.gov.uk",
        areas: &[A::CustomerContact, A::RevenuesAndBenefits, A::Waste],
        verified: true,
        people: &[
            ("Priya Shah", "priya.shah@kirklees.example", OrgRole::Owner),
            (
                "David Holroyd",
                "david.holroyd@kirklees.example",
                OrgRole::Admin,
            ),
            ("Amy Walsh", "amy.walsh@kirklees.example", OrgRole::Member),
        ],
    },
    DemoOrg {
        name: "Manchester City Council",
        kind: K::LocalAuthority,
        region: R::NorthWest,
        identifier: "GB-LAE-MAN",
        website: "https://www.manchester.gov.uk",
        areas: &[A::Housing, A::AdultSocialCare, A::CustomerContact],
        verified: true,
        people: &[
            (
                "Tom Gallagher",
                "tom.gallagher@manchester.example",
                OrgRole::Owner,
            ),
            (
                "Nadia Rahman",
                "nadia.rahman@manchester.example",
                OrgRole::Admin,
            ),
        ],
    },
    DemoOrg {
        name: "Bristol City Council",
        kind: K::LocalAuthority,
        region: R::SouthWest,
        identifier: "GB-LAE-BST",
        website: "https://www.bristol.gov.uk",
        areas: &[A::Planning, A::HighwaysAndTransport],
        verified: true,
        people: &[("Ellie Marsh", "ellie.marsh@bristol.example", OrgRole::Owner)],
    },
    DemoOrg {
        name: "Essex County Council",
        kind: K::LocalAuthority,
        region: R::EastOfEngland,
        identifier: "GB-LAE-ESS",
        website: "https://www.essex.gov.uk",
        areas: &[A::ChildrensServices, A::AdultSocialCare],
        verified: true,
        people: &[("Gareth Pryce", "gareth.pryce@essex.example", OrgRole::Owner)],
    },
    DemoOrg {
        name: "Brighton and Hove City Council",
        kind: K::LocalAuthority,
        region: R::SouthEast,
        identifier: "GB-LAE-BNH",
        website: "https://www.brighton-hove.gov.uk",
        areas: &[A::Housing, A::PublicHealth],
        verified: false,
        people: &[(
            "Jo Fenwick",
            "jo.fenwick@brighton-hove.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Cardiff Council",
        kind: K::LocalAuthority,
        region: R::Wales,
        identifier: "GB-PLA-CRF",
        website: "https://www.cardiff.gov.uk",
        areas: &[
            A::EducationAndSkills,
            A::LibrariesAndCulture,
            A::CustomerContact,
        ],
        verified: true,
        people: &[("Rhys Evans", "rhys.evans@cardiff.example", OrgRole::Owner)],
    },
    DemoOrg {
        name: "Glasgow City Council",
        kind: K::LocalAuthority,
        region: R::Scotland,
        identifier: "GB-LAS-GLG",
        website: "https://www.glasgow.gov.uk",
        areas: &[A::EnvironmentalHealth, A::Waste],
        verified: false,
        people: &[(
            "Morag Campbell",
            "morag.campbell@glasgow.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Belfast City Council",
        kind: K::LocalAuthority,
        region: R::NorthernIreland,
        identifier: "GB-LANI-BEL",
        website: "https://www.belfastcity.gov.uk",
        areas: &[A::LibrariesAndCulture, A::Planning],
        verified: false,
        people: &[(
            "Ciaran Doherty",
            "ciaran.doherty@belfast.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Leeds Teaching Hospitals NHS Trust",
        kind: K::NhsBody,
        region: R::YorkshireAndTheHumber,
        identifier: "GB-NHS-RR8",
        website: "https://www.leedsth.nhs.uk",
        areas: &[A::HealthCare, A::DataAndAnalytics],
        verified: true,
        people: &[(
            "Dr Hannah Kaur",
            "hannah.kaur@leedsth.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Royal Devon University Healthcare NHS Foundation Trust",
        kind: K::NhsBody,
        region: R::SouthWest,
        identifier: "GB-NHS-RH8",
        website: "https://www.royaldevon.nhs.uk",
        areas: &[A::HealthCare, A::Workforce],
        verified: false,
        people: &[(
            "Simon Trelawny",
            "simon.trelawny@royaldevon.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Clarion Housing Association",
        kind: K::HousingAssociation,
        region: R::London,
        identifier: "GB-SHPE-LH4401",
        website: "https://www.myclarionhousing.com",
        areas: &[A::Housing, A::CustomerContact],
        verified: true,
        people: &[(
            "Grace Okafor",
            "grace.okafor@clarion.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Together Housing Group",
        kind: K::HousingAssociation,
        region: R::NorthWest,
        identifier: "GB-SHPE-L4035",
        website: "https://www.togetherhousing.co.uk",
        areas: &[A::Housing, A::CommunitySafety],
        verified: true,
        people: &[(
            "Liam Brennan",
            "liam.brennan@togetherhousing.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Citizens Advice Newcastle",
        kind: K::ThirdSector,
        region: R::NorthEast,
        identifier: "GB-CHC-1000147",
        website: "https://www.citizensadvicenewcastle.org.uk",
        areas: &[A::RevenuesAndBenefits, A::CustomerContact],
        verified: true,
        people: &[(
            "Kate Robson",
            "kate.robson@canewcastle.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "LookingLocal Ltd",
        kind: K::Sme,
        region: R::YorkshireAndTheHumber,
        identifier: "GB-COH-01234567",
        website: "https://www.lookinglocal.gov.uk",
        areas: &[
            A::CustomerContact,
            A::DigitalInfrastructure,
            A::IdentityAndAccess,
        ],
        verified: true,
        people: &[(
            "Guy Giles",
            "guy.giles@lookinglocal.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "West Midlands Fire Service",
        kind: K::EmergencyService,
        region: R::WestMidlands,
        identifier: "GB-GOR-PB363",
        website: "https://www.wmfs.net",
        areas: &[A::CommunitySafety, A::DataAndAnalytics],
        verified: false,
        people: &[("Marcus Bell", "marcus.bell@wmfs.example", OrgRole::Owner)],
    },
    DemoOrg {
        name: "University of Nottingham",
        kind: K::Education,
        region: R::EastMidlands,
        identifier: "GB-UKPRN-10007154",
        website: "https://www.nottingham.ac.uk",
        areas: &[A::EducationAndSkills, A::DataAndAnalytics],
        verified: true,
        people: &[(
            "Prof. Anita Desai",
            "anita.desai@nottingham.example",
            OrgRole::Owner,
        )],
    },
    DemoOrg {
        name: "Government Digital Service",
        kind: K::CentralGovernment,
        region: R::London,
        identifier: "GB-GOR-D1198",
        website: "https://www.gov.uk/government/organisations/government-digital-service",
        areas: &[A::IdentityAndAccess, A::DigitalInfrastructure],
        verified: false,
        people: &[("Sam Whitfield", "sam.whitfield@gds.example", OrgRole::Owner)],
    },
];

/// A newcomer who registered through the service but has not confirmed their address yet:
/// they can sign in and look around, and their account page asks them to confirm (the link is
/// in the outbox, `data/outbox/*.eml`, when no SMTP server is set).
pub const DEMO_NEWCOMER: (&str, &str) = ("Jo Newcombe", "jo.newcombe@example.gov.uk");

/// A demo person with an invitation to join Kirklees Council waiting on their account page.
pub const DEMO_INVITEE: &str = "gareth.pryce@essex.example";

/// The demo logins to print: (email, organisation or role).
pub fn demo_logins() -> Vec<(String, String)> {
    let mut out = vec![
        (
            DEMO_ADMIN.to_string(),
            "CC2i platform admin (authenticator app)".to_string(),
        ),
        (
            DEMO_NEWCOMER.1.to_string(),
            "registered, email address not confirmed yet (the link is in data/outbox)".to_string(),
        ),
    ];
    for org in ORGS {
        for (_, email, role) in org.people {
            let status = if org.verified {
                "verified"
            } else {
                "not verified"
            };
            let app = if org.verified && role.can_manage() {
                ", authenticator app"
            } else {
                ""
            };
            let invited = if *email == DEMO_INVITEE {
                "; invited to join Kirklees Council"
            } else {
                ""
            };
            out.push((
                email.to_string(),
                format!("{} of {} ({status}{app}{invited})", role.label(), org.name),
            ));
        }
    }
    out
}

/// Seeds the demo data into an empty database; returns false (and does nothing) otherwise.
pub fn seed_demo(conn: &mut AnyConnection, passwords: &PasswordHasher) -> Result<bool, String> {
    let has_data = |conn: &mut AnyConnection| -> Result<bool, ApiError> {
        let orgs: i64 = organisations::table.count().get_result(conn)?;
        let people: i64 = users_table::table
            .filter(users_table::platform_role.ne(PlatformRole::Admin.code()))
            .count()
            .get_result(conn)?;
        Ok(orgs + people > 0)
    };
    if has_data(conn).map_err(|e| format!("cannot read the database: {e}"))? {
        return Ok(false);
    }
    let hash = || passwords.hash(DEMO_PASSWORD);
    let mut hashes = Vec::new();
    // Everyone in ORGS, the admin and the newcomer.
    for _ in 0..ORGS.iter().map(|o| o.people.len()).sum::<usize>() + 2 {
        hashes.push(hash()?);
    }
    write_transaction(conn, move |conn| {
        let admin = match users::find_by_email(conn, DEMO_ADMIN)? {
            Some(admin) => admin,
            None => users::insert(
                conn,
                DEMO_ADMIN,
                "CC2i demo admin",
                hashes.pop().unwrap_or_default(),
                PlatformRole::Admin,
                Some(now()),
            )?,
        };
        if !crate::auth::totp::enrolled(conn, &admin.id)? {
            crate::auth::totp::enrol_confirmed(conn, &admin.id, DEMO_TOTP_SECRET, now())?;
        }
        for org in ORGS {
            let mut people = org.people.iter();
            let Some((owner_name, owner_email, _)) = people.next() else {
                continue;
            };
            let owner = users::insert(
                conn,
                owner_email,
                owner_name,
                hashes.pop().unwrap_or_default(),
                PlatformRole::User,
                Some(now()),
            )?;
            let created = orgs::insert(
                conn,
                CreateOrganisation {
                    name: org.name.into(),
                    kind: org.kind,
                    region: org.region,
                    identifier: org.identifier.into(),
                    website: Some(org.website.into()),
                    description: Some(format!(
                        "{} works with partners across the sector on shared digital services.",
                        org.name
                    )),
                    service_areas: org.areas.to_vec(),
                },
                &owner.id,
            )?;
            for (name, email, role) in people {
                let user = users::insert(
                    conn,
                    email,
                    name,
                    hashes.pop().unwrap_or_default(),
                    PlatformRole::User,
                    Some(now()),
                )?;
                members::add(conn, &created.id, &user.id, *role)?;
                let joined = Entry::new("member.added", "user", &user.id)
                    .org(&created.id)
                    .after(serde_json::json!({"role": role}));
                audit::record(conn, &Ctx::seeded(&user.id), joined, now())?;
                if org.verified && role.can_manage() {
                    crate::auth::totp::enrol_confirmed(conn, &user.id, DEMO_TOTP_SECRET, now())?;
                    let entry = Entry::new("mfa.totp_added", "user", &user.id);
                    audit::record(conn, &Ctx::seeded(&user.id), entry, now())?;
                }
            }
            if org.verified {
                crate::auth::totp::enrol_confirmed(conn, &owner.id, DEMO_TOTP_SECRET, now())?;
                orgs::verify(conn, &created.id, &admin.id)?;
                let entry = Entry::new("organisation.verified", "organisation", &created.id)
                    .org(&created.id)
                    .change(
                        serde_json::json!({"verified": false}),
                        serde_json::json!({"verified": true}),
                    );
                audit::record(conn, &Ctx::seeded(&admin.id), entry, now())?;
            }
            for idea in ideas::IDEAS.iter().filter(|i| i.proposer == org.name) {
                ideas::seed_idea(conn, idea, &created.id, &owner.id)?;
            }
        }
        // Kirklees Council's owner invites someone from another council to join; it waits for
        // their answer on their account page.
        let kirklees_owner = users::find_by_email(conn, "priya.shah@kirklees.example")?
            .ok_or_else(|| ApiError::Internal("the Kirklees owner is missing".into()))?;
        let kirklees = organisations::table
            .filter(organisations::identifier.eq("GB-LAE-KIR"))
            .select(organisations::id)
            .first::<String>(conn)?;
        let mut inviter = crate::auth::AuthUser::of(&kirklees_owner, None, Some(now()), now());
        inviter.has_second_factor = true;
        let invitation = crate::organisations::membership_invitations::invite(
            conn,
            &kirklees,
            &inviter,
            DEMO_INVITEE,
            OrgRole::Member,
            now(),
        )?;
        let entry = Entry::new("member.invited", "user", &invitation.user_id)
            .org(&kirklees)
            .after(serde_json::json!({"role": invitation.role, "invitation_id": invitation.id}));
        audit::record(conn, &Ctx::seeded(&kirklees_owner.id), entry, now())?;
        // Registered the way anyone registers: the request, then the account and its link.
        let (name, email) = DEMO_NEWCOMER;
        let request = crate::auth::requests::Request::Register {
            display_name: name.into(),
            password_hash: hashes.pop().unwrap_or_default(),
        };
        let id = crate::auth::requests::store(conn, email, request, now())?;
        crate::auth::requests::process(conn, &id, now())?;
        Ok(())
    })
    .map_err(|e| format!("cannot seed demo data: {e}"))?;
    Ok(true)
}
