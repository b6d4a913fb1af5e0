-- Signals (issue 11, work package S): what the signal consumers keep besides the daily series, so that corrections,
-- retractions, restaffing and stock crossings change a series exactly once and in any order of arrival.

-- A counted fact (a fever screening, a positive test) as this service counted it: its community and city day,
-- whether it is counted now, and the revision that said so. A change applies only if its revision is newer.
create table signal_fact (
    signal    varchar(40) not null,
    fact_id   uuid        not null,
    area_code varchar(12) not null,
    day       date        not null,
    counted   boolean     not null,
    revision  integer     not null,
    primary key (signal, fact_id)
);

-- A published shift's latest uncovered hours, max(0, required - assigned) x hours, on its start's city day; the
-- day's uncovered-shift-hours of a community is the sum over its shifts of that day. event_time: the ce_time of the
-- event that set it (an older redelivery is ignored).
create table signal_shift (
    shift_id        uuid primary key,
    area_code       varchar(12)    not null,
    day             date           not null,
    uncovered_hours numeric(14, 2) not null,
    event_time      timestamptz
);
create index signal_shift_day on signal_shift (area_code, day);

-- The current level of an item at a community store (OK, BELOW_MIN, EMERGENCY, STOCK_OUT) since its last crossing.
create table signal_stock (
    site_id    uuid        not null,
    item_code  varchar(40) not null,
    area_code  varchar(12) not null,
    critical   boolean     not null,
    level      varchar(20) not null,
    crossed_at timestamptz not null,
    primary key (site_id, item_code)
);
create index signal_stock_area on signal_stock (area_code, level);
