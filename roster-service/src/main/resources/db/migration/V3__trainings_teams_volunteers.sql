-- Trainings and drills (演练): a session held on a day in an area; attending it grants a qualification.
create table training (
    id                   uuid primary key,
    kind                 varchar(20)  not null,          -- TRAINING or DRILL
    title                varchar(200) not null,
    area_code            varchar(12)  not null,          -- a community or a prefix (street, district, city)
    held_on              date         not null,
    grants_qualification varchar(40)  references qualification_type (code),
    validity_months      int          check (validity_months > 0),
    recorded_by          varchar(100) not null,
    recorded_at          timestamptz  not null
);
create index training_area on training (area_code, held_on);

-- Who attended: once per person and training.
create table training_attendance (
    training_id uuid         not null references training (id),
    person_id   uuid         not null references person (id),
    recorded_by varchar(100) not null,
    recorded_at timestamptz  not null,
    primary key (training_id, person_id)
);

-- The expiry notice sent for a person's qualification (QualificationExpiring), so a rerun sends nothing new.
create table qualification_notice (
    qualification_id uuid        primary key references person_qualification (id) on delete cascade,
    notified_at      timestamptz not null
);
create index person_qualification_latest on person_qualification (person_id, qualification_code, issued_on);

-- Emergency teams (应急队伍) of a community; members may be lent from the same district with consent.
create table team (
    id             uuid primary key,
    community_code varchar(12)  not null,
    name           varchar(120) not null,
    purpose        varchar(400),
    created_by     varchar(100) not null,
    created_at     timestamptz  not null,
    version        bigint       not null default 0
);
create index team_community on team (community_code);

create table team_member (
    team_id   uuid not null references team (id),
    person_id uuid not null references person (id),
    primary key (team_id, person_id)
);
create index team_member_person on team_member (person_id);
