-- A counter that moves, in the committing transaction, whenever a table public lists read
-- changes: the SQLite twin of PostgreSQL's NOTIFY triggers (2026-11-30-000010). The change
-- watcher polls it, so per-process caches of public lists are invalidated by changes to what
-- they show, and not by every commit (a sign-in's throttle rows, a read receipt, an email
-- sent), as `PRAGMA data_version` did.
CREATE TABLE list_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO list_changes (id, version) VALUES (1, 0);

CREATE TRIGGER ideas_inserted AFTER INSERT ON ideas
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER ideas_updated AFTER UPDATE ON ideas
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER ideas_deleted AFTER DELETE ON ideas
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER idea_service_areas_inserted AFTER INSERT ON idea_service_areas
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER idea_service_areas_updated AFTER UPDATE ON idea_service_areas
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER idea_service_areas_deleted AFTER DELETE ON idea_service_areas
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_inserted AFTER INSERT ON organisations
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_updated AFTER UPDATE ON organisations
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_deleted AFTER DELETE ON organisations
  BEGIN UPDATE list_changes SET version = version + 1 WHERE id = 1; END;
