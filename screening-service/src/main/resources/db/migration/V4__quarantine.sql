-- Quarantine and health-monitoring periods, daily check-ins, and the days found missed.
create table quarantine (
    id                uuid primary key,
    resident_id       uuid         not null references resident (id),
    community_code    varchar(12)  not null,
    kind              varchar(20)  not null,
    start_date        date         not null,
    planned_end_date  date         not null,
    status            varchar(10)  not null,
    end_reason        varchar(20),
    ended_on          date,
    note              varchar(500),
    recorded_by       varchar(100) not null,
    created_at        timestamptz  not null
);
create index quarantine_community on quarantine (community_code, status);
create unique index quarantine_one_active on quarantine (resident_id) where status = 'ACTIVE';

create table quarantine_check_in (
    id                  uuid primary key,
    quarantine_id       uuid         not null references quarantine (id),
    day                 date         not null,
    temperature_celsius numeric(4, 1) not null,
    symptoms            varchar(300) not null default '',
    recorded_by         varchar(100) not null,
    checked_in_at       timestamptz  not null,
    unique (quarantine_id, day)
);

create table quarantine_missed_day (
    quarantine_id uuid not null references quarantine (id),
    day           date not null,
    detected_at   timestamptz not null,
    primary key (quarantine_id, day)
);
