DROP TRIGGER organisations_changed ON organisations;
DROP TRIGGER idea_service_areas_changed ON idea_service_areas;
DROP TRIGGER ideas_changed ON ideas;
DROP FUNCTION cc2i_notify_change();
