create table screening_record (
    id                  uuid primary key,
    community_code      varchar(12)  not null,
    resident_id         uuid         not null,
    channel             varchar(20)  not null,
    temperature_celsius numeric(4, 1) not null,
    outcome             varchar(20)  not null,
    screened_at         timestamptz  not null,
    recorded_by         varchar(100) not null,
    created_at          timestamptz  not null default now()
);
create index screening_record_community on screening_record (community_code, screened_at desc);
create index screening_record_resident on screening_record (resident_id, screened_at desc);
