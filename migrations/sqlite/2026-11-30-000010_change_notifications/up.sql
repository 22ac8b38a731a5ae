-- SQLite needs no triggers: the change watcher polls PRAGMA data_version, which moves with
-- every commit by another connection. This twin keeps both backends' migration lists equal.
SELECT 1;
