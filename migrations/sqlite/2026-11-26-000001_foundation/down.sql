DROP TABLE login_failures;
DROP TABLE memberships;
DROP TABLE organisation_service_areas;
DROP TABLE organisations;
DROP TABLE users;
