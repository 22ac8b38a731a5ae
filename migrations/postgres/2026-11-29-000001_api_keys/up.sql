-- Organisation API keys: the secret is shown once and stored only as its SHA-256 (hex).
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    revoked_by TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
CREATE INDEX api_keys_organisation ON api_keys (organisation_id, created_at);

-- The key that made a pledge, when a machine made it (it always waits for a person).
ALTER TABLE pledges ADD COLUMN created_by_api_key_id TEXT REFERENCES api_keys (id);
