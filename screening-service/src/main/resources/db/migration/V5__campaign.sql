-- Door-to-door campaigns (排查任务): a target set of households and the visits made to them.
create table campaign (
    id             uuid primary key,
    community_code varchar(12)  not null,
    grid           varchar(40),
    title          varchar(200) not null,
    status         varchar(10)  not null,
    created_by     varchar(100) not null,
    created_at     timestamptz  not null,
    closed_at      timestamptz
);
create index campaign_community on campaign (community_code, status);

create table campaign_target (
    campaign_id  uuid not null references campaign (id),
    household_id uuid not null references household (id),
    primary key (campaign_id, household_id)
);

create table campaign_visit (
    id           uuid primary key,
    campaign_id  uuid        not null references campaign (id),
    household_id uuid        not null references household (id),
    result       varchar(20) not null,
    visited_at   timestamptz not null,
    visited_by   varchar(100) not null
);
create index campaign_visit_household on campaign_visit (campaign_id, household_id, visited_at desc);
