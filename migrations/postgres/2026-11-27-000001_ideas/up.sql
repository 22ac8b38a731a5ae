CREATE TABLE ideas (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    deadline TIMESTAMP NOT NULL,
    currency TEXT NOT NULL DEFAULT 'GBP',
    min_pledgers INTEGER NOT NULL,
    min_pledge_bp INTEGER NOT NULL,
    max_total_bp INTEGER NOT NULL,
    voting_model TEXT NOT NULL DEFAULT 'one_org_one_vote',
    rebate_bp INTEGER NOT NULL DEFAULT 0,
    business_case_version INTEGER,
    target_cost_pence BIGINT NOT NULL DEFAULT 0,
    pledged_bp BIGINT NOT NULL DEFAULT 0,
    pledger_count BIGINT NOT NULL DEFAULT 0,
    review_feedback TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    published_at TIMESTAMP
);
CREATE INDEX ideas_status_published ON ideas (status, published_at, id);
CREATE INDEX ideas_status_deadline ON ideas (status, deadline, id);
CREATE INDEX ideas_status_pledged ON ideas (status, pledged_bp, id);
CREATE INDEX ideas_organisation ON ideas (organisation_id, created_at);

CREATE TABLE idea_service_areas (
    idea_id TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    service_area TEXT NOT NULL,
    PRIMARY KEY (idea_id, service_area)
);
CREATE INDEX idea_service_areas_area ON idea_service_areas (service_area, idea_id);

CREATE TABLE business_case_versions (
    idea_id TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    stage TEXT NOT NULL,
    content TEXT NOT NULL,
    target_cost_pence BIGINT NOT NULL,
    material_change BOOLEAN NOT NULL,
    change_summary TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (idea_id, version)
);
