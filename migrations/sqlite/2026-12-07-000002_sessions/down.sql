ALTER TABLE login_failures DROP COLUMN account;
DROP TABLE sessions;
