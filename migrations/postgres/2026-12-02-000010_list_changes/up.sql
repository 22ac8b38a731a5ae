-- PostgreSQL needs no counter: its change watcher listens for the NOTIFY that the triggers of
-- 2026-11-30-000010 send on commit. This twin keeps both backends' migration lists equal.
SELECT 1;
