create table stock_site (
    id             uuid primary key,
    community_code varchar(12)  not null,
    kind           varchar(20)  not null,
    name           varchar(120) not null,
    registered_by  varchar(100) not null,
    registered_at  timestamptz  not null,
    constraint stock_site_name_unique unique (community_code, name)
);
