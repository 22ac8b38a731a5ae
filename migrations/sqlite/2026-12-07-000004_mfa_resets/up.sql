-- A person's second factor removed by platform staff (a lost phone, no recovery codes left):
-- who did it, for whom and why. Kept with the account, never in the public ledger.
CREATE TABLE mfa_resets (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reset_by TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mfa_resets_user ON mfa_resets (user_id, created_at);
