-- Early warning (issue 11): daily signal series, detectors (versioned), alerts with a lifecycle and a log.

-- One row per community, signal and city day (Asia/Shanghai): the day the fact happened, not the day it arrived.
-- Count signals add +1/-1 per event; level signals (uncovered hours, items below minimum) hold the day's value.
-- Roll-ups to an area prefix are sums over area_code like 'prefix%'.
create table signal_day (
    signal     varchar(40)    not null,
    area_code  varchar(12)    not null,
    day        date           not null,
    value      numeric(14, 2) not null default 0,
    updated_at timestamptz    not null default now(),
    primary key (signal, area_code, day)
);
create index signal_day_day on signal_day (signal, day, area_code);

-- The series (and days) touched since detection last looked at them. Written in the same transaction as the
-- signal change; drained by the detection run (for update skip locked), so two replicas never evaluate one twice.
create table signal_dirty (
    signal    varchar(40) not null,
    area_code varchar(12) not null,
    day       date        not null,
    marked_at timestamptz not null default now(),
    primary key (signal, area_code, day)
);

-- A detector: one method on one signal for the communities under an area prefix (4, 6, 9 or 12 digits); the most
-- specific area wins for a community. Statistical (EARS_C1, EARS_C2, EARS_C3, CUSUM) or a threshold rule (RULE).
-- params: the method's parameters (README "Detectors"). Every change adds a row to detector_version.
create table detector (
    id         uuid primary key,
    area_code  varchar(12)  not null,
    signal     varchar(40)  not null,
    method     varchar(20)  not null,
    name       varchar(100) not null,
    level      varchar(10)  not null,
    params     jsonb        not null default '{}'::jsonb,
    enabled    boolean      not null default true,
    version    integer      not null,
    updated_by varchar(100) not null,
    updated_at timestamptz  not null,
    constraint detector_level check (level in ('BLUE', 'YELLOW', 'ORANGE', 'RED')),
    constraint detector_method check (method in ('EARS_C1', 'EARS_C2', 'EARS_C3', 'CUSUM', 'RULE')),
    constraint detector_name unique (area_code, signal, name)
);
create index detector_signal on detector (signal, area_code);

create table detector_version (
    detector_id uuid         not null references detector (id),
    version     integer      not null,
    method      varchar(20)  not null,
    level       varchar(10)  not null,
    params      jsonb        not null,
    enabled     boolean      not null,
    changed_by  varchar(100) not null,
    changed_at  timestamptz  not null,
    primary key (detector_id, version)
);

-- Alerts: from a hand-raised alert of the foundation slice to the lifecycle OPEN → ACKNOWLEDGED → RESPONDING →
-- RECOVERING → CLOSED (stage = the phase: WARNING, RESPONSE, RECOVERY, CLOSED).
alter table alert rename column community_code to area_code;
alter index alert_community rename to alert_area;
alter table alert
    add column status          varchar(20),
    add column signal          varchar(40),
    add column detector_id     uuid references detector (id),
    add column detector_version integer,
    add column method          varchar(20),
    add column observed        numeric(14, 2),
    add column threshold       numeric(14, 4),
    add column observed_day    date,
    add column firings         integer     not null default 1,
    add column first_seen      timestamptz,
    add column last_seen       timestamptz,
    add column escalation_tier varchar(10) not null default 'COMMUNITY',
    add column escalated_to    varchar(12),
    add column escalated_at    timestamptz,
    add column ack_due_at      timestamptz,
    add column acknowledged_by varchar(100),
    add column acknowledged_at timestamptz,
    add column closed_by       varchar(100),
    add column closed_at       timestamptz,
    add column updated_at      timestamptz,
    add column version         bigint      not null default 0;
update alert set status = case stage when 'WARNING' then 'OPEN' when 'RESPONSE' then 'RESPONDING'
                                     when 'RECOVERY' then 'RECOVERING' else 'CLOSED' end,
                 first_seen = raised_at, last_seen = raised_at, updated_at = raised_at;
alter table alert alter column status set not null,
                  alter column first_seen set not null,
                  alter column last_seen set not null,
                  alter column updated_at set not null,
                  add constraint alert_status check (status in ('OPEN', 'ACKNOWLEDGED', 'RESPONDING', 'RECOVERING', 'CLOSED')),
                  add constraint alert_level check (level in ('BLUE', 'YELLOW', 'ORANGE', 'RED')),
                  add constraint alert_tier check (escalation_tier in ('COMMUNITY', 'DISTRICT', 'CITY'));
-- no alert fatigue: one open alert per (area, signal); a firing updates it
create unique index alert_open_per_signal on alert (area_code, signal) where status <> 'CLOSED' and signal is not null;
create index alert_unacknowledged on alert (ack_due_at) where status = 'OPEN';
create index alert_closed on alert (area_code, signal, closed_at desc) where status = 'CLOSED';

-- Who did what and when: transitions, firings, level changes, escalations and free-text notes.
create table alert_log (
    id          bigserial primary key,
    alert_id    uuid         not null references alert (id),
    at          timestamptz  not null,
    actor       varchar(100) not null,
    kind        varchar(20)  not null,
    from_status varchar(20),
    to_status   varchar(20),
    text        varchar(2000),
    constraint alert_log_kind check (kind in ('RAISED', 'FIRED', 'LEVEL', 'TRANSITION', 'ESCALATED', 'NOTE'))
);
create index alert_log_alert on alert_log (alert_id, id);
