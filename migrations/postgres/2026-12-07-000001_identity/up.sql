-- Verified email: accounts created before this release keep working as verified (their
-- owners signed up under the old rules and may already act for organisations).
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP NULL;
UPDATE users SET email_verified_at = created_at;

-- Single-use links sent by email: verifying an address, resetting a password, confirming a
-- new address. Only the SHA-256 of the token is stored, and only once the email is built
-- (the token itself never reaches the database).
CREATE TABLE account_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    email TEXT NOT NULL,
    token_hash TEXT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NULL
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose, created_at);

-- Registration and password-reset requests, answered at once the same way whether or not
-- the address has an account and worked through afterwards (so neither the answer nor its
-- timing says whether the account exists).
CREATE TABLE account_requests (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('register', 'reset_password')),
    email TEXT NOT NULL,
    display_name TEXT NULL,
    password_hash TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP NULL
);
CREATE INDEX account_requests_pending ON account_requests (done_at, created_at);
CREATE INDEX account_requests_email ON account_requests (email, kind, created_at);

-- The test clock (CC2I_TEST_CLOCK=1 only): how far the service's notion of now is ahead of
-- the real time, the same for every replica.
CREATE TABLE clock_offsets (
    id INTEGER PRIMARY KEY NOT NULL,
    offset_ms BIGINT NOT NULL
);
INSERT INTO clock_offsets (id, offset_ms) VALUES (1, 0);
