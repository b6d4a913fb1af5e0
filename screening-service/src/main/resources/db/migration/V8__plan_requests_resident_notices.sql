-- Requests from alert-service's response plans (README "Requests from response plans"): a campaign opened for a
-- plan's system action carries the request's id, so a re-sent copy of the request (a new event id) opens nothing more.
alter table campaign add column request_id uuid;
create unique index campaign_request on campaign (request_id) where request_id is not null;

-- Notices to residents (README "Notices to residents"): our copy of alert-service's NoticePublished, one row per
-- notice (a later copy of the same notice replaces it). area_code is a community or a shorter prefix: it covers
-- the residents whose community code starts with it.
create table resident_notice (
    id                   uuid primary key,
    area_code            varchar(12) not null,
    alert_id             uuid,
    headline_zh          text        not null,
    headline_en          text        not null,
    what_happened_zh     text        not null,
    what_happened_en     text        not null,
    what_to_do_zh        text        not null,
    what_to_do_en        text        not null,
    where_to_get_help_zh text        not null,
    where_to_get_help_en text        not null,
    published_at         timestamptz not null,
    expires_at           timestamptz,
    received_at          timestamptz not null
);
create index resident_notice_area on resident_notice (area_code, published_at desc, id);

-- A resident confirmed having read a notice: once (the first confirmation's time stays).
create table resident_notice_read (
    notice_id   uuid        not null references resident_notice (id),
    resident_id uuid        not null references resident (id),
    read_at     timestamptz not null,
    primary key (notice_id, resident_id)
);
create index resident_notice_read_resident on resident_notice_read (resident_id);
