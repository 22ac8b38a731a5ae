-- Adding someone to an organisation asks them first: an invitation they accept or decline
-- (14 days). At most one pending invitation per person and organisation.
CREATE TABLE membership_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    invited_by TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL DEFAULT 'pending',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP NULL
);
CREATE UNIQUE INDEX membership_invitations_pending
    ON membership_invitations (organisation_id, user_id) WHERE status = 'pending';
CREATE INDEX membership_invitations_user ON membership_invitations (user_id, status);
