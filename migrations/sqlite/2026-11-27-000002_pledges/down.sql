DROP TABLE idempotency_keys;
DROP TRIGGER ledger_entries_no_delete;
DROP TRIGGER ledger_entries_no_update;
DROP TABLE ledger_entries;
DROP TABLE pledges;
ALTER TABLE ideas DROP COLUMN closed_at;
ALTER TABLE ideas DROP COLUMN ledger_seq;
ALTER TABLE ideas DROP COLUMN active_bp;
ALTER TABLE organisations DROP COLUMN self_approval_limit_pence;
