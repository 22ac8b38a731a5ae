CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    organisation_id TEXT REFERENCES organisations (id),
    email TEXT,
    message TEXT,
    invited_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((organisation_id IS NULL) <> (email IS NULL))
);
CREATE UNIQUE INDEX invitations_idea_organisation ON invitations (idea_id, organisation_id);
CREATE UNIQUE INDEX invitations_idea_email ON invitations (idea_id, email);
CREATE INDEX invitations_idea_created ON invitations (idea_id, created_at);

-- Things that happen once in an idea's life: target_reached, deadline_reminder.
CREATE TABLE idea_milestones (
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    milestone TEXT NOT NULL,
    reached_at TIMESTAMP NOT NULL,
    PRIMARY KEY (idea_id, milestone)
);

-- A missing row means the default: daily digests.
CREATE TABLE notification_preferences (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    last_digest_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);

-- Notifications owed to a digest, written with the notification.
CREATE TABLE email_digest_queue (
    notification_id TEXT PRIMARY KEY NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX email_digest_queue_user ON email_digest_queue (user_id, created_at);

-- Every email to send; a sender claims a row, delivers it and marks it sent.
CREATE TABLE email_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    to_address TEXT NOT NULL,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    claimed_at TIMESTAMP,
    claim TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at TIMESTAMP,
    failed_at TIMESTAMP
);
CREATE INDEX email_outbox_unsent ON email_outbox (sent_at, created_at);

-- Addresses without an account that asked for no more email.
CREATE TABLE email_suppressions (
    address TEXT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL
);
