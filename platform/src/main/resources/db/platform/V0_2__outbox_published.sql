-- Published events leave the outbox for this narrow log (no payload: it is in Kafka). Moving a row is a
-- delete plus a small insert, cheaper than rewriting the wide row in place (measured: docs/benchmarks.md).
-- Kept for frontline.outbox.retention, for audit and for answering "was event X published, when?".
create table outbox_published (
    event_id     uuid         not null,
    topic        varchar(200) not null,
    event_type   varchar(200) not null,
    subject      varchar(64)  not null,
    occurred_at  timestamptz  not null,
    created_at   timestamptz  not null,
    published_at timestamptz  not null
);
-- rows arrive in published_at order, so a BRIN index serves the pruning scan at almost no write cost
create index outbox_published_at on outbox_published using brin (published_at);
