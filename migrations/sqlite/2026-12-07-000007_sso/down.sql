DROP TABLE sso_identities;
DROP TABLE sso_logins;
DROP TABLE sso_domains;
DROP TABLE sso_providers;
