-- Browser sessions carried in an HttpOnly cookie. The cookie holds a random secret; only its
-- SHA-256 is stored. `id` is the public handle used to list and end sessions.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_version BIGINT NOT NULL,
    user_agent TEXT NOT NULL,
    ip TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    mfa_at TIMESTAMP NULL,
    ended_at TIMESTAMP NULL
);
CREATE INDEX sessions_user ON sessions (user_id, ended_at);

-- Failures recorded against an address name the account tried, so the address's limit counts
-- distinct accounts rather than one person's typos.
ALTER TABLE login_failures ADD COLUMN account TEXT NULL;
