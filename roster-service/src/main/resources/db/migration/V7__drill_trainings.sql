-- A drill alert-service completed (DrillCompleted) is recorded as a training once: its drill id is the natural key,
-- so a re-sent copy of the event (a new event id) records nothing more.
alter table training add column drill_id uuid;
create unique index training_drill on training (drill_id) where drill_id is not null;
