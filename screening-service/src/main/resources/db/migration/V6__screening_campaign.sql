-- A screening made during a door-to-door campaign names it, so lists can be filtered by campaign.
alter table screening_record add column campaign_id uuid references campaign (id);
create index screening_record_campaign on screening_record (campaign_id) where campaign_id is not null;
