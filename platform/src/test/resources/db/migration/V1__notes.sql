create table note (
    id             uuid primary key,
    community_code varchar(12)  not null,
    text           varchar(200) not null,
    seq            integer      not null,
    created_at     timestamptz  not null
);
-- what the consumer side applied: one row per event, counts how often each note arrived
create table note_copy (
    note_id    uuid primary key,
    applied    integer not null
);
