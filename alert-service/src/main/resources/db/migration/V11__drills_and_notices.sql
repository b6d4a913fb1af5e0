-- Drills and notices (alert-service README "Drills and notices").
-- A drill may renew a roster qualification for its attendees (DrillCompleted.grantsQualification): the kebab-case
-- qualification type code, kept from the start of the drill to its completion.
alter table plan_activation add column grants_qualification varchar(60);

-- the drill list: drills of an area, newest first
create index plan_activation_drill on plan_activation (area_code, activated_at desc) where drill;
