-- Surge: extra shifts proposed for a community when an alert is raised for it (or rises to a higher level).
-- The rule is data: for each alert level, which duties, at which local times, with which headcount, every day
-- of the surge period (roster.surge.days, from the day after the alert). Levels are not cumulative: each level
-- lists all of its shifts.
create table surge_rule (
    level       varchar(10) not null,              -- YELLOW, ORANGE, RED (BLUE proposes nothing)
    duty_code   varchar(40) not null references duty (code),
    start_time  time        not null,
    end_time    time        not null,              -- 00:00 = midnight
    headcount   int         not null check (headcount between 1 and 50),
    primary key (level, duty_code, start_time)
);

insert into surge_rule (level, duty_code, start_time, end_time, headcount) values
    ('YELLOW', 'screener',               '08:00', '16:00', 1),
    ('YELLOW', 'temperature-checkpoint', '08:00', '16:00', 1),
    ('ORANGE', 'screener',               '08:00', '16:00', 2),
    ('ORANGE', 'screener',               '16:00', '00:00', 1),
    ('ORANGE', 'temperature-checkpoint', '08:00', '16:00', 2),
    ('ORANGE', 'disinfection',           '08:00', '12:00', 1),
    ('ORANGE', 'information-officer',    '08:00', '16:00', 1),
    ('RED',    'screener',               '08:00', '16:00', 3),
    ('RED',    'screener',               '16:00', '00:00', 2),
    ('RED',    'temperature-checkpoint', '08:00', '16:00', 2),
    ('RED',    'temperature-checkpoint', '16:00', '00:00', 1),
    ('RED',    'disinfection',           '08:00', '12:00', 2),
    ('RED',    'emergency-responder',    '08:00', '20:00', 2),
    ('RED',    'information-officer',    '08:00', '16:00', 1),
    ('RED',    'psychological-counsellor', '09:00', '17:00', 1);

create table surge_proposal (
    id             uuid primary key,
    alert_id       uuid         not null,
    community_code varchar(12)  not null,
    level          varchar(10)  not null,
    status         varchar(12)  not null,          -- PROPOSED, ACCEPTED, DISMISSED, SUPERSEDED
    first_day      date         not null,
    days           int          not null,
    created_at     timestamptz  not null,
    decided_by     varchar(100),
    decided_at     timestamptz,
    version        bigint       not null default 0,
    unique (alert_id, level)
);
create index surge_proposal_community on surge_proposal (community_code, created_at);

create table surge_proposal_shift (
    id          uuid primary key,
    proposal_id uuid        not null references surge_proposal (id),
    duty_code   varchar(40) not null,
    start_at    timestamptz not null,
    end_at      timestamptz not null,
    headcount   int         not null,
    shift_id    uuid                                -- the draft shift made when the proposal was accepted
);
create index surge_proposal_shift_proposal on surge_proposal_shift (proposal_id);
