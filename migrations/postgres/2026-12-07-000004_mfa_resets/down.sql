DROP TABLE mfa_resets;
