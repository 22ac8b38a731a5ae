DROP TABLE idea_audience;
DROP TABLE organisation_interests;
