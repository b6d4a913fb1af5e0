-- Webhook notifications and the CAP message chain (alert-service README "Notifications", "CAP feed").

create table subscription (
    id uuid primary key,
    url varchar(2000) not null,
    area_prefix varchar(12) not null,
    min_level varchar(10) not null,
    -- comma-separated event kinds (AlertRaised, AlertUpdated, ...)
    event_kinds varchar(200) not null,
    description varchar(500),
    -- the HMAC key; shown only when created or rotated
    secret varchar(200) not null,
    active boolean not null default true,
    created_by varchar(100) not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deactivated_at timestamptz,
    version bigint not null default 0
);
create index subscription_active_area on subscription (area_prefix) where active;

create table delivery (
    id uuid primary key,
    subscription_id uuid not null references subscription (id),
    alert_id uuid,
    -- AlertRaised ... AlertClosed, Digest or Ping
    event_kind varchar(40) not null,
    body text not null,
    -- PENDING, IN_FLIGHT, DELIVERED, FAILED, CANCELLED
    status varchar(12) not null,
    attempts int not null default 0,
    next_attempt_at timestamptz not null,
    claimed_until timestamptz,
    claim_token uuid,
    last_status_code int,
    last_error varchar(500),
    created_at timestamptz not null,
    finished_at timestamptz,
    -- a digest's city day: one digest per subscription and day
    digest_day date,
    constraint delivery_one_digest unique (subscription_id, digest_day)
);
create index delivery_due on delivery (next_attempt_at) where status in ('PENDING', 'IN_FLIGHT');
create index delivery_subscription on delivery (subscription_id, created_at desc);

create table delivery_attempt (
    id bigserial primary key,
    delivery_id uuid not null references delivery (id),
    attempt int not null,
    attempted_at timestamptz not null,
    status_code int,
    error varchar(500),
    duration_ms bigint not null
);
create index delivery_attempt_delivery on delivery_attempt (delivery_id, attempt);

-- low-level alert events waiting for their subscription's daily digest (city day of the event)
create table digest_item (
    id bigserial primary key,
    subscription_id uuid not null references subscription (id),
    city_day date not null,
    event_kind varchar(40) not null,
    alert_id uuid not null,
    -- the event's envelope, as an immediate delivery would have sent it
    item text not null,
    created_at timestamptz not null
);
create index digest_item_due on digest_item (city_day, subscription_id);

-- every published change of an alert is a CAP message: identifier urn:frontline:alert:<alert>:<seq>
create table cap_message (
    alert_id uuid not null,
    seq int not null,
    event_kind varchar(40) not null,
    sent timestamptz not null,
    primary key (alert_id, seq)
);
