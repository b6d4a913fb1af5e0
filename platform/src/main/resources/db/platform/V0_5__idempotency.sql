-- Idempotency keys of retried writes (org.frontline.platform.idempotency): a key belongs to the writer who
-- sent it (the token's subject) and to the kind of write, never to a community. The fingerprint is a hash of
-- the request, so the same key with a different request is refused (422) instead of answered with the
-- stored response. Pruned after frontline.idempotency.retention.
create table idempotency_key (
    writer       varchar(200) not null,
    operation    varchar(100) not null,
    idem_key     varchar(200) not null,
    fingerprint  varchar(64)  not null,
    response     text,
    created_at   timestamptz  not null default now(),
    primary key (writer, operation, idem_key)
);
create index idempotency_key_created_at on idempotency_key using brin (created_at);
