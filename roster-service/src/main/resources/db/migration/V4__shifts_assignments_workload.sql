-- Shifts of a community's duties, who works them, and what the workload warnings already said.
create table shift (
    id                 uuid primary key,
    community_code     varchar(12)  not null,
    duty_code          varchar(40)  not null references duty (code),
    start_at           timestamptz  not null,
    end_at             timestamptz  not null,
    required_headcount int          not null check (required_headcount between 1 and 50),
    status             varchar(20)  not null,           -- DRAFT, PUBLISHED, CANCELLED
    plan_id            uuid,                            -- the plan that proposed it, if any
    created_by         varchar(100) not null,
    created_at         timestamptz  not null,
    -- the staffing numbers last announced in ShiftStaffingChanged (null: never announced)
    announced_required  int,
    announced_assigned  int,
    announced_qualified int,
    version            bigint       not null default 0,
    check (end_at > start_at)
);
create index shift_community_start on shift (community_code, start_at);
create index shift_start on shift (start_at);

create table assignment (
    id             uuid primary key,
    shift_id       uuid         not null references shift (id),
    person_id      uuid         not null references person (id),
    assigned_by    varchar(100) not null,
    assigned_at    timestamptz  not null,
    checked_in_at  timestamptz,
    checked_out_at timestamptz,
    version        bigint       not null default 0,
    check (checked_out_at is null or (checked_in_at is not null and checked_out_at > checked_in_at))
);
create unique index assignment_shift_person on assignment (shift_id, person_id);
create index assignment_person on assignment (person_id);

-- WorkloadExceeded is said once per person and city week.
create table workload_warning (
    person_id  uuid        not null references person (id),
    week_start date        not null,
    hours      numeric(6, 2) not null,
    emitted_at timestamptz not null,
    primary key (person_id, week_start)
);
