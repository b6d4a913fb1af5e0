-- The city picture (issue 13): daily figures per area, rolled up along the area-code hierarchy, built only from
-- the four topics (see gateway/README.md "KPIs" for each metric's exact definition). Replaces the activity counter.
drop table if exists community_activity;

-- Every area the picture knows: a community when its first fact arrives, with its street, district, city and
-- province prefixes. Names are optional data a coordinator sets (PUT /api/v1/areas/{code}); events carry codes only.
create table area (
    code          varchar(12)  primary key,
    parent        varchar(12),
    level         varchar(10)  not null,
    name          varchar(120),
    name_en       varchar(120),
    constraint area_level check (level in ('province', 'city', 'district', 'street', 'community'))
);
create index area_parent on area (parent, code);

-- One row per area, metric and day. An area's row holds its own facts plus those of every area below it (the
-- roll-up is written with the fact, so no read ever sums communities). How a day reads depends on the metric
-- (org.frontline.gateway.picture.Metric.Kind):
--   FLOW   the figure of that day is the row of that day (screenings that day, uncovered hours that day);
--   LEVEL  rows are changes; the figure on a day is the sum of the rows up to and including it (in quarantine);
--   LOWEST the figure on a day is the latest row at or before it (lowest days of cover; null = none known).
create table kpi_day (
    area_code  varchar(12)    not null,
    metric     varchar(40)    not null,
    day        date           not null,
    value      numeric(18, 2),
    primary key (area_code, metric, day)
);

-- What the projection must remember about one fact to apply the next event about it exactly (a shift's day and
-- staffing, an alert's level and whether it is open, a campaign's numbers, whether a missed check-in still counts).
-- kind: FEVER, MISSED, SHIFT, CAMPAIGN, STOCK, ALERT. state: the fields the kind needs (jsonb).
create table fact_state (
    kind       varchar(20)  not null,
    fact_id    varchar(100) not null,
    area_code  varchar(12)  not null,
    day        date,
    at         timestamptz,
    state      jsonb        not null,
    primary key (kind, fact_id)
);
create index fact_state_open_alerts on fact_state (area_code varchar_pattern_ops) where kind = 'ALERT';

-- Days of cover of one item at one site at the end of each day it changed (the latest StockChanged of the day),
-- for the LOWEST metric: the lowest among critical items of an area on a day.
create table stock_cover_day (
    site_id        uuid          not null,
    item_code      varchar(40)   not null,
    day            date          not null,
    area_code      varchar(12)   not null,
    critical       boolean       not null,
    days_of_cover  numeric(12, 2),
    changed_at     timestamptz   not null,
    primary key (site_id, item_code, day)
);
create index stock_cover_day_area on stock_cover_day (area_code varchar_pattern_ops, day);

-- The projection as a whole: the newest event it reflects (by the event's own time) and when it last applied one;
-- the state of the last rebuild (POST /api/v1/admin/projection/rebuild).
create table projection_state (
    id               smallint     primary key default 1,
    newest_event_at  timestamptz,
    last_applied_at  timestamptz,
    events_applied   bigint       not null default 0,
    rebuild_status   varchar(20),
    rebuild_started  timestamptz,
    rebuild_finished timestamptz,
    rebuild_events   bigint,
    rebuild_error    varchar(500),
    constraint projection_state_one check (id = 1)
);
insert into projection_state (id) values (1);

-- What changed, in commit order, for the live stream (GET /api/v1/stream, Last-Event-ID = id). Rows are written
-- under a transaction-level advisory lock, so ids become visible in increasing order and a reader that has seen
-- id N never misses a smaller id committed later. kind: kpi (the figures of area_code on day changed), alert (an
-- alert event; payload holds it), rebuilt (the whole picture was rebuilt). Pruned after a retention period.
create table picture_change (
    id         bigserial    primary key,
    at         timestamptz  not null default now(),
    area_code  varchar(12)  not null,
    kind       varchar(10)  not null,
    day        date,
    payload    jsonb        not null default '{}'::jsonb,
    constraint picture_change_kind check (kind in ('kpi', 'alert', 'rebuilt'))
);
create index picture_change_area on picture_change (area_code varchar_pattern_ops, id);

-- Report templates as data: rows (the areas of a level), columns (metrics), filters and the date rule; every
-- change is a new version; a report renders the latest version unless asked for another.
create table report_template (
    name        varchar(60)   not null,
    version     integer       not null,
    title       varchar(200)  not null,
    definition  jsonb         not null,
    created_by  varchar(100)  not null,
    created_at  timestamptz   not null default now(),
    primary key (name, version)
);
