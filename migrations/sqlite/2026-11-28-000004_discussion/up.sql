-- Public questions about an idea, asked for an organisation, answered once by the proposer.
CREATE TABLE questions (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    asked_by TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    answer TEXT,
    answered_by TEXT REFERENCES users (id),
    answered_at TIMESTAMP,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX questions_idea ON questions (idea_id, id);

-- Updates from the proposing organisation: audience 'public' or 'funders'.
CREATE TABLE idea_updates (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('public', 'funders')),
    posted_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX idea_updates_idea ON idea_updates (idea_id, id);

-- People told about an idea's public updates.
CREATE TABLE idea_follows (
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX idea_follows_user ON idea_follows (user_id);

-- The moderation state of every question and update, written with it. Only reports of the
-- current round count; a moderator's restore starts a new round.
CREATE TABLE moderation_items (
    target_type TEXT NOT NULL CHECK (target_type IN ('question', 'update')),
    target_id TEXT NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    round INTEGER NOT NULL DEFAULT 1,
    report_count INTEGER NOT NULL DEFAULT 0,
    hidden BOOLEAN NOT NULL DEFAULT 0,
    hidden_reason TEXT,
    hidden_by TEXT REFERENCES users (id),
    hidden_at TIMESTAMP,
    flagged_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (target_type, target_id)
);
CREATE INDEX moderation_items_queue ON moderation_items (flagged_at, target_id);

-- Reports; organisation_id is the verified organisation the report counts for (NULL: the one
-- shared voice of people without a verified organisation).
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES users (id),
    organisation_id TEXT REFERENCES organisations (id),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    FOREIGN KEY (target_type, target_id) REFERENCES moderation_items (target_type, target_id)
);
CREATE UNIQUE INDEX reports_once_per_round ON reports (target_type, target_id, round, reporter_id);

-- Every hide and restore, by moderators (actor_id) or by reports (actor_id NULL).
CREATE TABLE moderation_actions (
    id TEXT PRIMARY KEY NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('hide', 'restore', 'hide_by_reports')),
    reason TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    FOREIGN KEY (target_type, target_id) REFERENCES moderation_items (target_type, target_id)
);
CREATE INDEX moderation_actions_target ON moderation_actions (target_type, target_id, created_at);
