DROP TABLE idempotency_keys;
DROP TABLE ledger_entries;
DROP FUNCTION ledger_entries_append_only();
DROP TABLE pledges;
ALTER TABLE ideas DROP COLUMN closed_at;
ALTER TABLE ideas DROP COLUMN ledger_seq;
ALTER TABLE ideas DROP COLUMN active_bp;
ALTER TABLE organisations DROP COLUMN self_approval_limit_pence;
