DROP TABLE moderation_actions;
DROP TABLE reports;
DROP TABLE moderation_items;
DROP TABLE idea_follows;
DROP TABLE idea_updates;
DROP TABLE questions;
