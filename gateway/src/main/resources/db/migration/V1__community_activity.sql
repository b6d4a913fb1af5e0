-- The first slice of the city picture: how many facts of each type every community produced.
create table community_activity (
    community_code varchar(12)  not null,
    event_type     varchar(200) not null,
    events         bigint       not null,
    last_event_at  timestamptz,
    primary key (community_code, event_type)
);
