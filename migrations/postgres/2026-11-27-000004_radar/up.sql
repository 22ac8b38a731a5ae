CREATE TABLE organisation_interests (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    service_area TEXT NOT NULL,
    PRIMARY KEY (organisation_id, service_area)
);

CREATE TABLE idea_audience (
    idea_id TEXT NOT NULL REFERENCES ideas (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    notified_at TIMESTAMP NOT NULL,
    PRIMARY KEY (idea_id, organisation_id)
);
