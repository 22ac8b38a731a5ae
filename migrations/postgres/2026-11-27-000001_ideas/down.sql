DROP TABLE business_case_versions;
DROP TABLE idea_service_areas;
DROP TABLE ideas;
