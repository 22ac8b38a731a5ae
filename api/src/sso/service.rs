//! The rules of single sign-on: who may set a provider and for which domains, and whose
//! account a provider's answer signs in. Each runs in one transaction.

use chrono::NaiveDateTime;

use super::provider::Asserted;
use super::repo::{self, ProviderRow};
use super::secret_box::SecretBox;
use crate::auth::rows::UserRow;
use crate::auth::AuthUser;
use crate::db::{utc, AnyConnection};
use crate::error::ApiError;
use crate::organisations::{access, members};
use cc2i_shared::sso::{
    email_domain, is_shared_mailbox_domain, normalise_domain, SsoConfiguration, SsoSettings,
    SsoSettingsInput,
};
use cc2i_shared::{OrgRole, PlatformRole};

/// The password hash of an account made by a first sign-in through a provider: no password
/// matches it (until the person sets one through "Forgotten your password?").
pub const NO_PASSWORD: &str = "!sso";

/// The redirect URI to register at providers.
pub fn redirect_uri(public_url: &str) -> String {
    format!(
        "{}/api/v1/auth/sso/callback",
        public_url.trim_end_matches('/')
    )
}

/// The settings as shown (never the secret).
fn view(conn: &mut AnyConnection, row: &ProviderRow) -> Result<SsoSettings, ApiError> {
    let break_glass_email = match &row.break_glass_user_id {
        Some(id) => crate::auth::repo::find_by_id(conn, id)?.map(|u| u.email),
        None => None,
    };
    Ok(SsoSettings {
        organisation_id: row.organisation_id.clone(),
        issuer: row.issuer.clone(),
        client_id: row.client_id.clone(),
        domains: repo::domains(conn, &row.organisation_id)?,
        require_sso: row.require_sso,
        break_glass_email,
        updated_at: utc(row.updated_at),
    })
}

/// The organisation's configuration as shown: the redirect URI, and its provider if any.
pub fn configuration(
    conn: &mut AnyConnection,
    org_id: &str,
    public_url: &str,
) -> Result<SsoConfiguration, ApiError> {
    let provider = match repo::provider(conn, org_id)? {
        Some(row) => Some(view(conn, &row)?),
        None => None,
    };
    Ok(SsoConfiguration {
        redirect_uri: redirect_uri(public_url),
        provider,
    })
}

/// 404 for people outside the organisation; 403 for members who are not owners. Platform
/// staff may look (`for_change` false) but not change.
pub fn ensure_owner(
    conn: &mut AnyConnection,
    user: &AuthUser,
    org_id: &str,
    for_change: bool,
) -> Result<(), ApiError> {
    let role = access::member_role(conn, org_id, user)?;
    match role {
        Some(OrgRole::Owner) => Ok(()),
        Some(r) if !for_change && r.can_manage() => Ok(()),
        None if !for_change => Ok(()),
        _ => Err(ApiError::Forbidden(
            "Only the organisation's owners can change how its people sign in.".into(),
        )),
    }
}

/// The domains as saved: each a DNS name, none shared by unrelated people, each the domain
/// of a confirmed address of one of the organisation's owners (who so show it is theirs).
fn checked_domains(
    conn: &mut AnyConnection,
    org_id: &str,
    raw: &[String],
) -> Result<Vec<String>, ApiError> {
    let owners: Vec<String> = members::list(conn, org_id)?
        .into_iter()
        .filter(|m| m.role == OrgRole::Owner)
        .map(|m| m.user_id)
        .collect();
    let mut owner_domains = Vec::new();
    for id in &owners {
        if let Some(u) = crate::auth::repo::find_by_id(conn, id)? {
            if u.email_verified() {
                owner_domains.extend(email_domain(&u.email));
            }
        }
    }
    let mut domains: Vec<String> = Vec::new();
    for d in raw {
        let Some(domain) = normalise_domain(d) else {
            return Err(ApiError::field(
                "domains",
                format!(
                    "\"{}\" is not an email domain, like council.gov.uk",
                    d.trim()
                ),
            ));
        };
        if is_shared_mailbox_domain(&domain) {
            return Err(ApiError::field(
                "domains",
                format!("{domain} is shared by people of many organisations, so no one provider can vouch for it"),
            ));
        }
        if !owner_domains.contains(&domain) {
            return Err(ApiError::field(
                "domains",
                format!("No owner of the organisation has a confirmed email address at {domain}"),
            ));
        }
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    if let Some(taken) = repo::taken_domain(conn, org_id, &domains)? {
        return Err(ApiError::conflict(
            "sso_domain_taken",
            format!("Another organisation's sign-in service already vouches for {taken}."),
        ));
    }
    Ok(domains)
}

/// The break-glass owner: an owner of the organisation with a second factor.
fn break_glass(
    conn: &mut AnyConnection,
    org_id: &str,
    email: Option<&str>,
) -> Result<String, ApiError> {
    let field = "break_glass_email";
    let email = email.ok_or_else(|| {
        ApiError::field(
            field,
            "Enter the email address of the owner who may still sign in with a password",
        )
    })?;
    let user = crate::auth::repo::find_by_email(conn, email)?;
    let owner = match user {
        Some(u) if members::role_of(conn, org_id, &u.id)? == Some(OrgRole::Owner) => u,
        _ => {
            return Err(ApiError::field(
                field,
                "Enter the email address of an owner of this organisation",
            ))
        }
    };
    if !crate::auth::factors::enrolled(conn, &owner.id)? {
        return Err(ApiError::field(
            field,
            "The break-glass owner must have an authenticator app or a passkey",
        ));
    }
    Ok(owner.id)
}

/// Saves the organisation's provider (the issuer was already discovered): owners only, the
/// organisation verified, a secret the first time, domains checked, and with `require_sso` a
/// break-glass owner.
pub fn save(
    conn: &mut AnyConnection,
    sealer: &SecretBox,
    user: &AuthUser,
    org_id: &str,
    input: SsoSettingsInput,
    at: NaiveDateTime,
) -> Result<ProviderRow, ApiError> {
    ensure_owner(conn, user, org_id, true)?;
    let org = crate::organisations::repo::get_or_404(conn, org_id)?;
    if !org.verified {
        return Err(ApiError::conflict(
            "organisation_not_verified",
            "Single sign-on can be set up once the organisation is verified.",
        ));
    }
    let existing = repo::provider(conn, org_id)?;
    let client_secret = match (&input.client_secret, &existing) {
        (Some(secret), _) => sealer.seal(secret.trim()).map_err(ApiError::Internal)?,
        (None, Some(row)) => row.client_secret.clone(),
        (None, None) => return Err(ApiError::field("client_secret", "Enter the client secret")),
    };
    let domains = checked_domains(conn, org_id, &input.domains)?;
    let break_glass_user_id = if input.require_sso {
        Some(break_glass(
            conn,
            org_id,
            input.break_glass_email.as_deref(),
        )?)
    } else {
        None
    };
    let row = ProviderRow {
        organisation_id: org_id.to_string(),
        issuer: input.issuer.trim().to_string(),
        client_id: input.client_id.trim().to_string(),
        client_secret,
        require_sso: input.require_sso,
        break_glass_user_id,
        updated_by: user.id.clone(),
        created_at: existing.as_ref().map_or(at, |r| r.created_at),
        updated_at: at,
    };
    repo::save(conn, &row, &domains)?;
    Ok(row)
}

fn failed(code: &'static str, detail: &str) -> ApiError {
    ApiError::Denied {
        code,
        detail: detail.into(),
    }
}

/// The account the provider's answer signs in to: the one linked to the person (issuer and
/// subject), else the account with their address (only when the provider verified it, and
/// linked from then on), else a new one (its address verified only if the provider says so;
/// otherwise a verification link is emailed).
pub fn account_for(
    conn: &mut AnyConnection,
    org_id: &str,
    asserted: &Asserted,
    at: NaiveDateTime,
) -> Result<UserRow, ApiError> {
    let email = asserted.email.as_deref().map(str::trim).unwrap_or_default();
    let domain = email_domain(email).ok_or_else(|| {
        failed(
            "sso_email_missing",
            "Your organisation's sign-in service did not give your email address.",
        )
    })?;
    if !repo::domains(conn, org_id)?.contains(&domain) {
        return Err(failed(
            "sso_domain_not_vouched",
            "Your organisation's sign-in service does not vouch for addresses at your domain.",
        ));
    }
    let find = crate::auth::repo::find_by_id;
    if let Some(id) = repo::linked_user(conn, &asserted.issuer, &asserted.subject)? {
        if let Some(user) = find(conn, &id)? {
            repo::touch(conn, &asserted.issuer, &asserted.subject, at)?;
            return Ok(user);
        }
    }
    let user = match crate::auth::repo::find_by_email(conn, email)? {
        Some(_) if !asserted.email_verified => {
            return Err(failed(
                "sso_email_unverified",
                "Your organisation's sign-in service did not confirm your email address, so it cannot sign in to your CC2i account.",
            ))
        }
        Some(user) => {
            crate::auth::repo::mark_verified(conn, &user.id, at)?;
            user
        }
        None => {
            let name = asserted
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
            let verified = asserted.email_verified.then_some(at);
            let user = crate::auth::repo::insert(
                conn,
                email,
                &name,
                NO_PASSWORD.into(),
                PlatformRole::User,
                verified,
            )?;
            if verified.is_none() {
                crate::auth::account_service::resend_verification(conn, &user.id, at)?;
            }
            user
        }
    };
    repo::link(conn, &user.id, &asserted.issuer, &asserted.subject, at)?;
    find(conn, &user.id)?.ok_or(ApiError::Unauthorized)
}
