-- supplies-service, issue 10: the item catalogue, the stock ledger with lots, consumption and cover, counts,
-- requisitions, transfers and what allocation and the forecast need. The formulas are in the service README.

-- Sites belong to an area: a community store to its community (12 digits), a district depot to its district
-- (6 digits), a city depot to its city (4 digits). One store per community.
alter table stock_site rename column community_code to area_code;
alter table stock_site drop constraint stock_site_name_unique;
update stock_site set area_code = left(area_code, 6) where kind = 'DISTRICT_DEPOT';
alter table stock_site add constraint stock_site_name_unique unique (area_code, name);
alter table stock_site add constraint stock_site_kind_area check (
    (kind = 'COMMUNITY_STORE' and length(area_code) = 12)
    or (kind = 'DISTRICT_DEPOT' and length(area_code) = 6)
    or (kind = 'CITY_DEPOT' and length(area_code) = 4));
create unique index stock_site_one_store on stock_site (area_code) where kind = 'COMMUNITY_STORE';

create table item (
    code       varchar(40)  primary key,
    name       varchar(120) not null,
    unit       varchar(20)  not null,
    pack_size  integer      not null check (pack_size > 0),
    critical   boolean      not null,
    seeded     boolean      not null default false,
    created_by varchar(100) not null,
    created_at timestamptz  not null default now()
);

insert into item (code, name, unit, pack_size, critical, seeded, created_by) values
    ('n95-respirator', 'N95 respirator', 'piece', 20, true, true, 'migration'),
    ('surgical-mask', 'Surgical mask', 'piece', 50, true, true, 'migration'),
    ('isolation-gown', 'Isolation gown', 'piece', 10, true, true, 'migration'),
    ('face-shield', 'Face shield', 'piece', 10, true, true, 'migration'),
    ('nitrile-gloves', 'Nitrile gloves', 'pair', 50, true, true, 'migration'),
    ('goggles', 'Protective goggles', 'piece', 10, false, true, 'migration'),
    ('shoe-covers', 'Shoe covers', 'pair', 100, false, true, 'migration'),
    ('disinfectant', 'Chlorine disinfectant, 500 ml', 'bottle', 12, true, true, 'migration'),
    ('hand-sanitiser', 'Hand sanitiser, 500 ml', 'bottle', 12, false, true, 'migration'),
    ('thermometer', 'Infrared thermometer', 'piece', 1, true, true, 'migration'),
    ('antigen-test-kit', 'Antigen test kit', 'kit', 20, true, true, 'migration'),
    ('biohazard-bag', 'Biohazard waste bag', 'piece', 50, false, true, 'migration');

-- One row per item held at a site: the derived balance (the sum of its ledger postings, kept in the same
-- transaction as each posting and locked while posting, so concurrent issues serialise and never oversell),
-- what is on its way, the levels, the rates and the level last announced.
create table stock (
    site_id          uuid         not null references stock_site (id),
    item_code        varchar(40)  not null references item (code),
    area_code        varchar(12)  not null,
    on_hand          bigint       not null default 0 check (on_hand >= 0),
    in_transit       bigint       not null default 0 check (in_transit >= 0),
    min_days         numeric(6, 1),
    max_days         numeric(6, 1),
    emergency_days   numeric(6, 1),
    rate             numeric(14, 3) not null default 0,
    rate_on          date,
    forecast_rate    numeric(14, 3) not null default 0,
    level            varchar(20)  not null default 'OK',
    first_day        date,
    updated_at       timestamptz  not null,
    version          bigint       not null default 0,
    primary key (site_id, item_code)
);
create index stock_area on stock (area_code, item_code);

create table stock_lot (
    site_id             uuid        not null,
    item_code           varchar(40) not null,
    lot_code            varchar(60) not null,
    expires_on          date,
    on_hand             bigint      not null check (on_hand >= 0),
    first_received_at   timestamptz not null,
    expiry_announced_at timestamptz,
    primary key (site_id, item_code, lot_code),
    foreign key (site_id, item_code) references stock (site_id, item_code)
);
create index stock_lot_expiry on stock_lot (expires_on) where on_hand > 0;

-- The ledger, append-only. It grows by millions a day in a large city, so it is partitioned by month of
-- posted_at; ensure_month_partitions() creates the months ahead (here and from a cluster job), the default
-- partition only catches what no month holds.
create table ledger_posting (
    id            uuid        not null,
    posted_at     timestamptz not null,
    site_id       uuid        not null,
    item_code     varchar(40) not null,
    lot_code      varchar(60) not null,
    area_code     varchar(12) not null,
    kind          varchar(20) not null,
    quantity      bigint      not null,
    lot_balance   bigint      not null check (lot_balance >= 0),
    stock_balance bigint      not null check (stock_balance >= 0),
    city_date     date        not null,
    reason        varchar(40),
    note          varchar(500),
    reference_id  uuid,
    duty_code     varchar(40),
    posted_by     varchar(100) not null,
    primary key (id, posted_at)
) partition by range (posted_at);
create table ledger_posting_default partition of ledger_posting default;
create index ledger_posting_stock on ledger_posting (site_id, item_code, posted_at);
create index ledger_posting_area on ledger_posting (area_code, posted_at);
create index ledger_posting_reference on ledger_posting (reference_id) where reference_id is not null;

create or replace function ensure_month_partitions(parent text, months_ahead integer) returns integer
language plpgsql as $$
declare
    first_month date := date_trunc('month', now() at time zone 'UTC')::date;
    m date;
    created integer := 0;
    name text;
begin
    for i in 0..months_ahead loop
        m := (first_month + make_interval(months => i))::date;
        name := parent || '_' || to_char(m, 'YYYY_MM');
        if to_regclass(name) is null then
            begin
                execute format('create table %I partition of %I for values from (%L) to (%L)', name, parent,
                               m::timestamp at time zone 'UTC', (m + interval '1 month')::timestamp at time zone 'UTC');
                created := created + 1;
            exception when others then
                -- e.g. the default partition already holds rows of that month: they stay there, still correct
                raise warning 'partition % of % not created: %', name, parent, sqlerrm;
            end;
        end if;
    end loop;
    return created;
end $$;
select ensure_month_partitions('ledger_posting', 2);

-- What happened to an item at a site on one city day: the consumption-rate window reads these rows.
-- low = the lowest balance of the day (0 = a stock-out day, skipped by the moving average).
create table stock_day (
    site_id   uuid        not null,
    item_code varchar(40) not null,
    city_date date        not null,
    issued    bigint      not null default 0,
    received  bigint      not null default 0,
    opening   bigint      not null,
    closing   bigint      not null,
    low       bigint      not null,
    primary key (site_id, item_code, city_date)
);

-- A physical count uploaded as a sheet: previewed, then posted on confirmation.
create table stock_count (
    id           uuid         primary key,
    site_id      uuid         not null references stock_site (id),
    area_code    varchar(12)  not null,
    status       varchar(20)  not null,
    file_name    varchar(200),
    uploaded_by  varchar(100) not null,
    uploaded_at  timestamptz  not null,
    confirmed_by varchar(100),
    confirmed_at timestamptz,
    version      bigint       not null default 0
);
create index stock_count_area on stock_count (area_code, uploaded_at);
create table stock_count_line (
    count_id           uuid        not null references stock_count (id),
    line_no            integer     not null,
    item_code          varchar(40) not null references item (code),
    lot_code           varchar(60) not null,
    expires_on         date,
    counted            bigint      not null check (counted >= 0),
    on_hand_at_preview bigint      not null,
    posted_variance    bigint,
    primary key (count_id, line_no)
);

-- Requisitions: a community store asks a depot of its district (or city) for items.
create table requisition (
    id             uuid         primary key,
    site_id        uuid         not null references stock_site (id),
    community_code varchar(12)  not null,
    depot_id       uuid         not null references stock_site (id),
    depot_area     varchar(12)  not null,
    status         varchar(20)  not null,
    note           varchar(500),
    submitted_by   varchar(100) not null,
    submitted_at   timestamptz  not null,
    decided_by     varchar(100),
    decided_at     timestamptz,
    decision_note  varchar(500),
    transfer_id    uuid,
    version        bigint       not null default 0
);
create index requisition_community on requisition (community_code, submitted_at);
create index requisition_depot on requisition (depot_id, status);
create table requisition_line (
    requisition_id uuid        not null references requisition (id),
    item_code      varchar(40) not null references item (code),
    requested      bigint      not null check (requested > 0),
    approved       bigint      check (approved >= 0),
    primary key (requisition_id, item_code)
);
create table requisition_history (
    id             bigserial    primary key,
    requisition_id uuid         not null references requisition (id),
    status         varchar(20)  not null,
    changed_by     varchar(100) not null,
    changed_at     timestamptz  not null,
    note           varchar(500)
);
create index requisition_history_req on requisition_history (requisition_id, id);

-- Transfers between sites: dispatched (stock leaves the source, FEFO) → received (the quantity received may
-- differ; the difference is kept per line).
create table transfer (
    id             uuid         primary key,
    from_site_id   uuid         not null references stock_site (id),
    from_area      varchar(12)  not null,
    to_site_id     uuid         not null references stock_site (id),
    to_area        varchar(12)  not null,
    requisition_id uuid         references requisition (id),
    status         varchar(20)  not null,
    note           varchar(500),
    dispatched_by  varchar(100) not null,
    dispatched_at  timestamptz  not null,
    received_by    varchar(100),
    received_at    timestamptz,
    version        bigint       not null default 0
);
create index transfer_from on transfer (from_area, dispatched_at);
create index transfer_to on transfer (to_area, dispatched_at);
create table transfer_line (
    transfer_id uuid        not null references transfer (id),
    item_code   varchar(40) not null references item (code),
    lot_code    varchar(60) not null,
    expires_on  date,
    dispatched  bigint      not null check (dispatched > 0),
    received    bigint      check (received >= 0),
    primary key (transfer_id, item_code, lot_code)
);

-- The forecast: shifts planned in roster-service (roster.events) × a usage norm per duty and item.
create table usage_norm (
    duty_code  varchar(40)   not null,
    item_code  varchar(40)   not null references item (code),
    per_shift  numeric(8, 2) not null check (per_shift > 0),
    updated_by varchar(100)  not null,
    updated_at timestamptz   not null default now(),
    primary key (duty_code, item_code)
);
insert into usage_norm (duty_code, item_code, per_shift, updated_by) values
    ('screener', 'n95-respirator', 4, 'migration'),
    ('screener', 'isolation-gown', 2, 'migration'),
    ('screener', 'nitrile-gloves', 4, 'migration'),
    ('screener', 'face-shield', 1, 'migration'),
    ('screener', 'antigen-test-kit', 20, 'migration'),
    ('temperature-checkpoint', 'surgical-mask', 3, 'migration'),
    ('temperature-checkpoint', 'nitrile-gloves', 2, 'migration'),
    ('disinfection', 'disinfectant', 2, 'migration'),
    ('disinfection', 'isolation-gown', 1, 'migration'),
    ('disinfection', 'nitrile-gloves', 2, 'migration'),
    ('emergency-responder', 'n95-respirator', 3, 'migration'),
    ('emergency-responder', 'isolation-gown', 1, 'migration'),
    ('guard', 'surgical-mask', 2, 'migration'),
    ('observer', 'surgical-mask', 2, 'migration');

create table planned_shift (
    shift_id       uuid        primary key,
    community_code varchar(12) not null,
    duty_code      varchar(40) not null,
    start_at       timestamptz not null,
    end_at         timestamptz not null,
    required       integer     not null,
    updated_at     timestamptz not null
);
create index planned_shift_community on planned_shift (community_code, start_at);

-- What allocation weighs: a community's population (set by its district) and the people in quarantine now
-- (screening.events).
create table community_profile (
    community_code varchar(12)  primary key,
    population     integer      check (population >= 0),
    updated_by     varchar(100),
    updated_at     timestamptz  not null
);
create table active_quarantine (
    quarantine_id  uuid        primary key,
    community_code varchar(12) not null,
    started_on     date        not null
);
create index active_quarantine_community on active_quarantine (community_code);
