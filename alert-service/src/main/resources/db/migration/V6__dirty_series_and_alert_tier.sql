-- signal_dirty keyed by series (signal, area_code) with the earliest changed day, so a detection page counts series,
-- not changed days (a series with 56 changed days took a whole page before). Detection claims the oldest marks first
-- (order by marked_at ... for update skip locked): the index serves that order.
create table signal_dirty_new (
    signal    varchar(40) not null,
    area_code varchar(12) not null,
    day       date        not null,
    marked_at timestamptz not null default now(),
    primary key (signal, area_code)
);

insert into signal_dirty_new (signal, area_code, day, marked_at)
select signal, area_code, min(day), min(marked_at) from signal_dirty group by signal, area_code;

drop table signal_dirty;
alter table signal_dirty_new rename to signal_dirty;
alter table signal_dirty rename constraint signal_dirty_new_pkey to signal_dirty_pkey;

create index signal_dirty_marked_at on signal_dirty (marked_at);

-- An alert starts at its own area's tier (AlertService.startingTier): district- and city-wide alerts raised before
-- this change sat at COMMUNITY and "escalated" to themselves.
update alert set escalation_tier = 'DISTRICT' where length(area_code) = 6 and escalation_tier = 'COMMUNITY';
update alert set escalation_tier = 'CITY' where length(area_code) = 4 and escalation_tier in ('COMMUNITY', 'DISTRICT');

-- Every stock crossing at a community store (signal_stock keeps only the latest per item): a day's
-- items-below-minimum / items-stock-out is the count as of the end of that day, so a late crossing rewrites its own
-- day and the later days from this history (README "Signals"), never today's count onto an old day.
create table signal_stock_crossing (
    site_id    uuid        not null,
    item_code  varchar(40) not null,
    crossed_at timestamptz not null,
    area_code  varchar(12) not null,
    critical   boolean     not null,
    level      varchar(20) not null,
    primary key (site_id, item_code, crossed_at)
);
create index signal_stock_crossing_area on signal_stock_crossing (area_code, crossed_at);
insert into signal_stock_crossing (site_id, item_code, crossed_at, area_code, critical, level)
select site_id, item_code, crossed_at, area_code, critical, level from signal_stock;
