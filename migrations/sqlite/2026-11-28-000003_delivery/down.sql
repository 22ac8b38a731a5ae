DROP TABLE adoption_rebates;
DROP TABLE adoptions;
DROP TABLE milestone_payments;
DROP TABLE milestone_decisions;
DROP TABLE milestone_submissions;
DROP TABLE delivery_milestones;
DROP TABLE idea_delivery;
