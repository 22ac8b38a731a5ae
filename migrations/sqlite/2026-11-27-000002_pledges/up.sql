ALTER TABLE organisations ADD COLUMN self_approval_limit_pence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN active_bp BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN ledger_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN closed_at TIMESTAMP;

CREATE TABLE pledges (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    share_bp BIGINT NOT NULL,
    pending_share_bp BIGINT,
    status TEXT NOT NULL,
    business_case_version INTEGER NOT NULL,
    condition_min_others INTEGER,
    condition_met BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    approved_by TEXT REFERENCES users (id),
    rejection_reason TEXT,
    final_share_bp BIGINT,
    final_amount_pence BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX pledges_idea_status ON pledges (idea_id, status, created_at);
CREATE INDEX pledges_organisation ON pledges (organisation_id, created_at);

CREATE TABLE ledger_entries (
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    seq BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    pledge_id TEXT,
    organisation_id TEXT,
    bp_delta BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (idea_id, seq)
);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
