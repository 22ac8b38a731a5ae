-- Single sign-on: an organisation's OpenID Connect provider. The client secret is kept
-- encrypted (AES-256-GCM, base64 of nonce and ciphertext) with a key from the environment.
CREATE TABLE sso_providers (
    organisation_id TEXT PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    require_sso BOOLEAN NOT NULL DEFAULT FALSE,
    break_glass_user_id TEXT NULL REFERENCES users (id),
    updated_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The email domains a provider vouches for: one provider per domain.
CREATE TABLE sso_domains (
    domain TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES sso_providers (organisation_id) ON DELETE CASCADE
);

-- A sign-in sent to a provider, until it comes back (ten minutes, once): the state (as
-- SHA-256), the nonce and the PKCE verifier.
CREATE TABLE sso_logins (
    id TEXT PRIMARY KEY NOT NULL,
    state_hash TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES sso_providers (organisation_id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NULL
);

-- A CC2i account linked to a person at a provider, by issuer and subject.
CREATE TABLE sso_identities (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);
