-- Idempotency keys belong to the writer who sent them (the token's subject), not to a community: two writers
-- who pick the same key ("day-2026-11-29") are two requests. The fingerprint of the request lets a reused key
-- with a different body be refused (422) instead of answered with the earlier record.
alter table screening_record add column writer varchar(200);
alter table screening_record add column request_fingerprint varchar(64);
-- Rows stored before this version have no subject: their writer is 'legacy:' and the login (recorded_by), which
-- no token subject can equal. A phone retrying a queued screening after the upgrade sends it with its new subject;
-- ScreeningService looks the key up under 'legacy:<login>' too, so the retry is the earlier record, not a second.
-- Earlier keys were per community: the same worker may have used one key in two communities; keep both rows
-- matchable by giving the later ones a writer of their own ('legacy:<login>#<community>').
update screening_record s set writer = case when d.n = 1 then 'legacy:' || d.recorded_by
                                            else 'legacy:' || d.recorded_by || '#' || d.community_code end
from (select id, recorded_by, community_code,
             row_number() over (partition by recorded_by, idempotency_key order by created_at, id) as n
      from screening_record where idempotency_key is not null) d
where s.id = d.id;
drop index screening_record_idempotency;
create unique index screening_record_writer_key on screening_record (writer, idempotency_key)
    where idempotency_key is not null;

-- Corrections and retractions: the row holds the current values; each superseded version is kept here.
alter table screening_record add column revision integer not null default 1;
alter table screening_record add column retracted boolean not null default false;
create table screening_revision (
    screening_id        uuid         not null references screening_record (id),
    revision            integer      not null,
    temperature_celsius numeric(4, 1) not null,
    symptoms            varchar(300) not null,
    travel_history      boolean      not null,
    contact_with_case   boolean      not null,
    outcome             varchar(20)  not null,
    recorded_by         varchar(100) not null,
    recorded_at         timestamptz  not null,
    -- what replaced this version, by whom, why
    change              varchar(12)  not null,
    changed_by          varchar(100) not null,
    changed_at          timestamptz  not null,
    reason              varchar(500) not null,
    primary key (screening_id, revision)
);

alter table test_result add column revision integer not null default 1;
alter table test_result add column retracted boolean not null default false;
create table test_result_revision (
    test_result_id uuid         not null references test_result (id),
    revision       integer      not null,
    kind           varchar(10)  not null,
    result         varchar(10)  not null,
    sampled_at     timestamptz  not null,
    recorded_by    varchar(100) not null,
    recorded_at    timestamptz  not null,
    change         varchar(12)  not null,
    changed_by     varchar(100) not null,
    changed_at     timestamptz  not null,
    reason         varchar(500) not null,
    primary key (test_result_id, revision)
);

-- Key rotation of ID-number hashes: the id of the key each hash was made with.
alter table resident add column id_number_key_id varchar(40);
update resident set id_number_key_id = 'k1' where id_number_hash is not null;

-- Optimistic locking: a release racing the scan changes a period once.
alter table quarantine add column version bigint not null default 0;

-- Stable paging: lists order by their time and then id.
create index screening_record_community_page on screening_record (community_code, screened_at desc, id desc);
drop index screening_record_community;
create index resident_name on resident (community_code, name, id);

-- The latest visit of a household: by visited_at, then by arrival order (two visits at the same time, e.g. a
-- phone recording to the minute, must not be ordered by a random id).
alter table campaign_visit add column seq bigint generated always as identity;
create index campaign_visit_latest on campaign_visit (campaign_id, household_id, visited_at desc, seq desc);
drop index campaign_visit_household;
