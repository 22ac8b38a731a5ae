DROP TRIGGER audit_log_no_early_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
