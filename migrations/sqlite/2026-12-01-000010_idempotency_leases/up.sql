-- An Idempotency-Key being worked on right now, by any replica. Claimed in its own short
-- committed transaction before the work starts; deleted by the transaction that stores the
-- key's answer. A replica that dies mid-request leaves the row behind, and it stops counting
-- at locked_until.
CREATE TABLE idempotency_leases (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    holder TEXT NOT NULL,
    locked_until TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_leases_locked_until ON idempotency_leases (locked_until);
