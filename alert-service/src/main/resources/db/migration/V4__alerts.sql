-- Alerts work package (issue 11): residents per community (rate rules), and each (detector, day) an alert counted.

-- Residents of a community, for rules that count per 10,000 residents. A community without a row: a rate rule on
-- it does not fire (logged once per replica).
create table population (
    community_code varchar(12)  primary key,
    residents      integer      not null,
    updated_by     varchar(100) not null,
    updated_at     timestamptz  not null,
    constraint population_residents check (residents > 0)
);

-- An open alert counts each (detector, day) firing once: repeated detection runs and repeated firings of the same
-- day add nothing. detector_version: the version that fired for that day.
create table alert_firing (
    alert_id         uuid        not null references alert (id),
    detector_id      uuid        not null references detector (id),
    day              date        not null,
    detector_version integer     not null,
    observed         numeric(14, 2),
    threshold        numeric(14, 4),
    fired_at         timestamptz not null,
    primary key (alert_id, detector_id, day)
);
-- the detectors that apply to a community: those on its signal whose area is a prefix of it
create index detector_area on detector (area_code);
-- the alert list by status within an area
create index alert_status_area on alert (status, area_code);
