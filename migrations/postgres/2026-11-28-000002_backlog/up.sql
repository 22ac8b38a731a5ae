-- The funders' backlog: requirements, one vote per organisation per requirement, and every
-- status a requirement has had. The idea's voting_model column exists since the ideas migration.
CREATE TABLE requirements (
    id TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    status_note TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX requirements_idea ON requirements (idea_id, created_at);

CREATE TABLE requirement_votes (
    requirement_id TEXT NOT NULL REFERENCES requirements (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    voted_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (requirement_id, organisation_id)
);
CREATE INDEX requirement_votes_idea ON requirement_votes (idea_id);

CREATE TABLE requirement_status_changes (
    id TEXT PRIMARY KEY NOT NULL,
    requirement_id TEXT NOT NULL REFERENCES requirements (id),
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    status TEXT NOT NULL,
    note TEXT,
    changed_by TEXT NOT NULL REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX requirement_status_changes_idea ON requirement_status_changes (idea_id, changed_at);
