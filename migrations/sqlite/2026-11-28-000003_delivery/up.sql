-- Delivery: when an idea started delivery and was delivered.
CREATE TABLE idea_delivery (
    idea_id TEXT PRIMARY KEY NOT NULL REFERENCES ideas (id),
    started_at TIMESTAMP NOT NULL,
    started_by TEXT NOT NULL REFERENCES users (id),
    delivered_at TIMESTAMP
);
CREATE INDEX idea_delivery_delivered ON idea_delivery (delivered_at, idea_id);

CREATE TABLE delivery_milestones (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    due_date TEXT NOT NULL,
    payment_bp BIGINT NOT NULL,
    status TEXT NOT NULL,
    submission BIGINT NOT NULL,
    evidence TEXT,
    submitted_at TIMESTAMP,
    decided_at TIMESTAMP,
    paid_pence BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX delivery_milestones_idea ON delivery_milestones (idea_id, due_date, created_at);

CREATE TABLE milestone_submissions (
    milestone_id TEXT NOT NULL REFERENCES delivery_milestones (id),
    submission BIGINT NOT NULL,
    evidence TEXT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users (id),
    submitted_at TIMESTAMP NOT NULL,
    outcome TEXT,
    decided_at TIMESTAMP,
    PRIMARY KEY (milestone_id, submission)
);

-- One decision per funding organisation per submission.
CREATE TABLE milestone_decisions (
    milestone_id TEXT NOT NULL REFERENCES delivery_milestones (id),
    submission BIGINT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    pledge_id TEXT NOT NULL REFERENCES pledges (id),
    decision TEXT NOT NULL,
    note TEXT,
    decided_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (milestone_id, submission, organisation_id)
);

-- What each funder was paid when a milestone was accepted (also in the ledger).
CREATE TABLE milestone_payments (
    milestone_id TEXT NOT NULL REFERENCES delivery_milestones (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    pledge_id TEXT NOT NULL REFERENCES pledges (id),
    amount_pence BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (milestone_id, organisation_id)
);
CREATE INDEX milestone_payments_organisation ON milestone_payments (organisation_id, created_at);

-- Re-use: adoptions of delivered ideas, with maker-checker approval.
CREATE TABLE adoptions (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    fee_pence BIGINT,
    rebate_pence BIGINT,
    proposer_pence BIGINT,
    adopter_number BIGINT,
    created_by TEXT NOT NULL REFERENCES users (id),
    approved_by TEXT REFERENCES users (id),
    rejection_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP
);
CREATE INDEX adoptions_idea ON adoptions (idea_id, status, created_at);
CREATE INDEX adoptions_organisation ON adoptions (organisation_id, created_at);

-- Each original funder's re-use dividend from an approved adoption (also in the ledger).
CREATE TABLE adoption_rebates (
    adoption_id TEXT NOT NULL REFERENCES adoptions (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    pledge_id TEXT NOT NULL REFERENCES pledges (id),
    amount_pence BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (adoption_id, organisation_id)
);
CREATE INDEX adoption_rebates_organisation ON adoption_rebates (organisation_id, created_at);

CREATE TRIGGER milestone_payments_no_update BEFORE UPDATE ON milestone_payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER milestone_payments_no_delete BEFORE DELETE ON milestone_payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER adoption_rebates_no_update BEFORE UPDATE ON adoption_rebates
BEGIN SELECT RAISE(ABORT, 'rebates are append-only'); END;
CREATE TRIGGER adoption_rebates_no_delete BEFORE DELETE ON adoption_rebates
BEGIN SELECT RAISE(ABORT, 'rebates are append-only'); END;
