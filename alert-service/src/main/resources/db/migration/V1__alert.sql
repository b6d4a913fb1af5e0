create table alert (
    id             uuid primary key,
    community_code varchar(12)  not null,
    level          varchar(10)  not null,
    stage          varchar(20)  not null,
    title          varchar(200) not null,
    description    varchar(2000),
    raised_by      varchar(100) not null,
    raised_at      timestamptz  not null
);
create index alert_community on alert (community_code, raised_at desc);
