-- Planning runs: the queue of asynchronous planner runs is this table. Every replica's worker claims QUEUED runs
-- with select … for update skip locked, keeps heartbeat_at fresh while it solves, and stores the result here; any
-- replica answers reads from it. A RUNNING run with an old heartbeat (its replica died) is re-queued by a cluster job.
create table planning_run (
    id                 uuid primary key,
    area               varchar(12)  not null,     -- a 12-digit community or a 6-digit district
    from_at            timestamptz  not null,
    to_at              timestamptz  not null,
    time_limit_seconds int          not null check (time_limit_seconds between 1 and 120),
    status             varchar(12)  not null,     -- QUEUED, RUNNING, DONE, FAILED, CANCELLED, PUBLISHED, DISCARDED
    requested_by       varchar(100) not null,
    requested_at       timestamptz  not null,
    attempts           int          not null default 0,
    claimed_by         varchar(100),
    started_at         timestamptz,
    heartbeat_at       timestamptz,
    finished_at        timestamptz,
    best_score         varchar(200),
    feasible           boolean,
    uncovered_minutes  bigint,
    result             text,                      -- JSON: the proposed plan (see PlanningService.PlanResult)
    error              varchar(500),
    decided_by         varchar(100),
    decided_at         timestamptz,
    version            bigint       not null default 0
);
create index planning_run_queue on planning_run (status, requested_at);
create index planning_run_area on planning_run (area, requested_at);
