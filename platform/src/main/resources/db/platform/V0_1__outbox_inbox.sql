-- Platform tables, shared by every service's own database. Services number their migrations from V1;
-- the platform keeps V0_x so its tables come first.

-- Transactional outbox: events written in the same transaction as the state change, published by the relay.
create table outbox (
    id           bigserial primary key,
    event_id     uuid         not null,
    topic        varchar(200) not null,
    record_key   varchar(64)  not null,
    event_type   varchar(200) not null,
    source       varchar(100) not null,
    subject      varchar(64)  not null,
    occurred_at  timestamptz  not null,
    -- kept as text, not jsonb, so the bytes that reach Kafka are exactly those recorded
    payload      text         not null,
    status       varchar(16)  not null default 'PENDING',
    attempts     integer      not null default 0,
    created_at   timestamptz  not null default now(),
    published_at timestamptz,
    constraint outbox_status check (status in ('PENDING', 'PUBLISHED'))
);
-- The relay finds pending rows through this partial index. Deliberately no other index: marking a row
-- published rewrites it, and every extra index would be written again for each event (measured:
-- docs/benchmarks.md). Pruning scans by id order instead.
create index outbox_pending on outbox (id) where status = 'PENDING';

-- Inbox: ids of events a consumer has applied, written in the same transaction as the effect.
create table inbox (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    event_type   varchar(200),
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
create index inbox_processed_at on inbox (processed_at);
