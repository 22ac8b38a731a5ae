DROP TABLE requirement_status_changes;
DROP TABLE requirement_votes;
DROP TABLE requirements;
