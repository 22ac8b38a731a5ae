-- The audit log: one row per security-relevant or administrative action. Append-only: the
-- database refuses every UPDATE and TRUNCATE, and a DELETE of a row whose expiry has not
-- passed (so only the retention job can remove rows, and only old ones). People appear by
-- user id only.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT NULL,
    organisation_id TEXT NULL,
    action TEXT NOT NULL,
    target_type TEXT NULL,
    target_id TEXT NULL,
    before_value TEXT NULL,
    after_value TEXT NULL,
    request_id TEXT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_expiry ON audit_log (expires_at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.expires_at <= (now() AT TIME ZONE 'UTC') THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit entries are kept until they expire';
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
