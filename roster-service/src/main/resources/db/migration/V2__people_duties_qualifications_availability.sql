-- People: the foundation's staff_member becomes person (staff and volunteers).
alter table staff_member rename to person;
alter index staff_member_community rename to person_community;
alter table person rename column registered_by to recorded_by;
alter table person add column unit_code varchar(12);            -- employer (community, district or city), staff only
alter table person add column phone varchar(32);
alter table person add column skills varchar(400);              -- free text, comma separated
alter table person add column lend_consent boolean not null default false;
alter table person add column login_subject varchar(100);       -- the volunteer's own login (token sub)
alter table person add column active boolean not null default true;
alter table person add column version bigint not null default 0;
create unique index person_login_subject on person (login_subject) where login_subject is not null;

create table qualification_type (
    code            varchar(40) primary key,
    name            varchar(120) not null,
    validity_months int          not null check (validity_months > 0)
);

create table duty (
    code        varchar(40) primary key,
    name        varchar(120) not null,
    risk_level  int          not null check (risk_level between 1 and 3),
    seeded      boolean      not null default false,
    created_by  varchar(100) not null,
    created_at  timestamptz  not null default now()
);

create table duty_qualification (
    duty_code          varchar(40) not null references duty (code),
    qualification_code varchar(40) not null references qualification_type (code),
    primary key (duty_code, qualification_code)
);

create table person_qualification (
    id                 uuid primary key,
    person_id          uuid         not null references person (id),
    qualification_code varchar(40)  not null references qualification_type (code),
    issued_on          date         not null,
    expires_on         date,
    source             varchar(20)  not null,       -- RECORDED or TRAINING
    training_id        uuid,
    recorded_by        varchar(100) not null,
    recorded_at        timestamptz  not null,
    check (expires_on is null or expires_on >= issued_on)
);
create index person_qualification_person on person_qualification (person_id);
create index person_qualification_expiry on person_qualification (expires_on);

-- Recurring weekly availability, local times in the city's zone; end 00:00 means midnight.
create table availability_window (
    id          uuid primary key,
    person_id   uuid     not null references person (id),
    day_of_week smallint not null check (day_of_week between 1 and 7),
    start_time  time     not null,
    end_time    time     not null,
    check (end_time > start_time or end_time = '00:00')
);
create index availability_window_person on availability_window (person_id);

create table absence (
    id          uuid primary key,
    person_id   uuid         not null references person (id),
    from_at     timestamptz  not null,
    to_at       timestamptz  not null,
    reason      varchar(20)  not null,             -- SICK, LEAVE, OTHER
    recorded_by varchar(100) not null,
    recorded_at timestamptz  not null,
    check (to_at > from_at)
);
create index absence_person on absence (person_id, from_at);

insert into qualification_type (code, name, validity_months) values
    ('infection-control', 'Infection-control training', 12),
    ('ppe', 'Personal protective equipment (donning and doffing)', 12),
    ('first-aid', 'First aid', 24),
    ('disinfection', 'Disinfection procedures', 12),
    ('psych-counselling', 'Psychological counselling', 36);

-- The posts of a community (reference data). Risk: 1 low, 2 medium, 3 high.
insert into duty (code, name, risk_level, seeded, created_by) values
    ('information-officer', 'Information officer', 1, true, 'migration'),
    ('observer', 'Observer', 1, true, 'migration'),
    ('publicity', 'Publicity', 1, true, 'migration'),
    ('screener', 'Screener at a fever post', 3, true, 'migration'),
    ('liaison', 'Liaison', 1, true, 'migration'),
    ('guard', 'Guard', 1, true, 'migration'),
    ('tutor', 'Tutor', 1, true, 'migration'),
    ('emergency-responder', 'Emergency responder', 3, true, 'migration'),
    ('coordinator', 'Coordinator', 1, true, 'migration'),
    ('psychological-counsellor', 'Psychological counsellor', 1, true, 'migration'),
    ('temperature-checkpoint', 'Temperature checkpoint', 2, true, 'migration'),
    ('disinfection', 'Disinfection', 2, true, 'migration');

insert into duty_qualification (duty_code, qualification_code) values
    ('screener', 'infection-control'),
    ('screener', 'ppe'),
    ('temperature-checkpoint', 'ppe'),
    ('disinfection', 'ppe'),
    ('disinfection', 'disinfection'),
    ('emergency-responder', 'first-aid'),
    ('emergency-responder', 'ppe'),
    ('psychological-counsellor', 'psych-counselling');
