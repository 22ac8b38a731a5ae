ALTER TABLE pledges DROP COLUMN created_by_api_key_id;
DROP TABLE api_keys;
