-- Commits that change what public lists show notify every replica (NOTIFY is delivered only
-- on commit, once per transaction), so per-replica caches are invalidated through the database.
CREATE FUNCTION cc2i_notify_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('cc2i_changes', '');
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER ideas_changed AFTER INSERT OR UPDATE OR DELETE ON ideas
  FOR EACH STATEMENT EXECUTE FUNCTION cc2i_notify_change();
CREATE TRIGGER idea_service_areas_changed AFTER INSERT OR UPDATE OR DELETE ON idea_service_areas
  FOR EACH STATEMENT EXECUTE FUNCTION cc2i_notify_change();
CREATE TRIGGER organisations_changed AFTER INSERT OR UPDATE OR DELETE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION cc2i_notify_change();
