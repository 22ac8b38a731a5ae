DROP TABLE clock_offsets;
DROP TABLE account_requests;
DROP TABLE account_tokens;
ALTER TABLE users DROP COLUMN email_verified_at;
