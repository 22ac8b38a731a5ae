DROP TABLE email_suppressions;
DROP TABLE email_outbox;
DROP TABLE email_digest_queue;
DROP TABLE notification_preferences;
DROP TABLE idea_milestones;
DROP TABLE invitations;
