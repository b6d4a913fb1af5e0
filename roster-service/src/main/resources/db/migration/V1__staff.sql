create table staff_member (
    id             uuid primary key,
    community_code varchar(12)  not null,
    kind           varchar(20)  not null,
    display_name   varchar(100) not null,
    registered_by  varchar(100) not null,
    registered_at  timestamptz  not null
);
create index staff_member_community on staff_member (community_code);
