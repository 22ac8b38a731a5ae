//! Single sign-on through an organisation's own OpenID Connect provider (Microsoft Entra ID,
//! Google Workspace and others): its settings, and starting a sign-in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// The most email domains one provider vouches for.
pub const MAX_DOMAINS: usize = 20;

/// An organisation's identity provider, as its owner sets it (after stepping up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoSettingsInput {
    /// The provider's issuer URL (its discovery document is at
    /// `/.well-known/openid-configuration` under it).
    #[validate(length(
        min = 8,
        max = 500,
        message = "Enter the issuer URL, like https://login.microsoftonline.com/TENANT-ID/v2.0"
    ))]
    #[schema(
        min_length = 8,
        max_length = 500,
        example = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
    )]
    pub issuer: String,
    /// The client (application) id CC2i is registered with at the provider.
    #[validate(length(min = 1, max = 200, message = "Enter the client id"))]
    #[schema(min_length = 1, max_length = 200)]
    pub client_id: String,
    /// The client secret: needed the first time; leave it out to keep the one saved. Stored
    /// encrypted and never shown again.
    #[serde(default)]
    #[validate(length(min = 1, max = 500, message = "Enter the client secret"))]
    #[schema(min_length = 1, max_length = 500)]
    pub client_secret: Option<String>,
    /// The email domains the provider vouches for: people at them sign in through it.
    #[validate(length(min = 1, max = 20, message = "Enter between 1 and 20 email domains"))]
    #[schema(schema_with = domains_schema)]
    pub domains: Vec<String>,
    /// Members must sign in through the provider (password sign-in is refused for them,
    /// except the break-glass owner).
    #[serde(default)]
    pub require_sso: bool,
    /// With `require_sso`: the owner who may still sign in with a password and a second
    /// factor when the provider is down.
    #[serde(default)]
    #[validate(email(message = "must be an email address"), length(max = 254))]
    #[schema(max_length = 254, format = "email")]
    pub break_glass_email: Option<String>,
}

fn domains_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(253))
                .examples(["kirklees.gov.uk"]),
        )
        .min_items(Some(1))
        .max_items(Some(MAX_DOMAINS))
        .build()
}

/// An organisation's identity provider, as saved (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SsoSettings {
    /// The organisation.
    pub organisation_id: String,
    /// The issuer URL.
    pub issuer: String,
    /// The client id.
    pub client_id: String,
    /// The email domains it vouches for.
    pub domains: Vec<String>,
    /// Members must sign in through it.
    pub require_sso: bool,
    /// The owner who may still sign in with a password and a second factor.
    pub break_glass_email: Option<String>,
    /// When the settings last changed.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::wasm_dates::moment")
    )]
    pub updated_at: DateTime<Utc>,
}

/// An organisation's single sign-on: the redirect URI to register at the provider, and the
/// provider once set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SsoConfiguration {
    /// The redirect URI to register at the provider (for a web application).
    pub redirect_uri: String,
    /// The provider, once set up.
    pub provider: Option<SsoSettings>,
}

/// Start signing in through one's organisation: the email address picks the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoStart {
    /// Your work email address.
    #[validate(
        email(message = "Enter your work email address, like name@council.gov.uk"),
        length(max = 254)
    )]
    #[schema(max_length = 254, format = "email")]
    pub email: String,
}

/// Where to send the browser to sign in at the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SsoRedirect {
    /// The provider's authorization URL (code flow with PKCE, `state` and `nonce`).
    pub authorization_url: String,
}

/// True when the ID token's `amr` (RFC 8176) says more than one factor was used: `mfa`, a
/// one-time code, a hardware key, a smart card or biometrics.
pub fn amr_is_multi_factor(amr: &[String]) -> bool {
    const STRONG: [&str; 8] = ["mfa", "otp", "hwk", "sc", "fpt", "face", "iris", "retina"];
    amr.iter().any(|m| STRONG.contains(&m.as_str()))
}

/// The domain of an email address, lower case.
pub fn email_domain(email: &str) -> Option<String> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// A domain as saved: lower case, no trailing dot; `None` unless it looks like a public DNS
/// name (labels of letters, digits and hyphens, at least one dot).
pub fn normalise_domain(raw: &str) -> Option<String> {
    let d = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels_ok = d.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    (d.contains('.') && d.len() <= 253 && labels_ok).then_some(d)
}

/// Mailbox domains many unrelated people share (webmail, internet providers, NHSmail): no
/// one organisation's provider may vouch for them.
pub const SHARED_MAILBOX_DOMAINS: [&str; 22] = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "mail.com",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "talktalk.net",
    "nhs.net",
];

/// True for a domain in [`SHARED_MAILBOX_DOMAINS`].
pub fn is_shared_mailbox_domain(domain: &str) -> bool {
    SHARED_MAILBOX_DOMAINS.contains(&domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_alone_is_not_multi_factor() {
        let amr = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(!amr_is_multi_factor(&amr(&["pwd"])));
        assert!(!amr_is_multi_factor(&[]));
        assert!(amr_is_multi_factor(&amr(&["pwd", "mfa"])));
        assert!(amr_is_multi_factor(&amr(&["pwd", "otp"])));
        assert!(amr_is_multi_factor(&amr(&["hwk"])));
    }

    #[test]
    fn domains_are_lower_case_dns_names() {
        assert_eq!(
            normalise_domain(" Kirklees.GOV.uk. "),
            Some("kirklees.gov.uk".into())
        );
        assert_eq!(normalise_domain("localhost"), None);
        assert_eq!(normalise_domain("a..b"), None);
        assert_eq!(normalise_domain("-x.gov.uk"), None);
        assert_eq!(
            email_domain("Pat@Kirklees.gov.uk"),
            Some("kirklees.gov.uk".into())
        );
        assert_eq!(email_domain("nobody"), None);
        assert!(is_shared_mailbox_domain("gmail.com"));
        assert!(!is_shared_mailbox_domain("kirklees.gov.uk"));
    }
}
