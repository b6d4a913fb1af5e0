-- Emergency plans that run (alert-service README "Response plans"): plans as data, their activations (real or
-- drill), the tasks they create, a directory of roster-service's teams and duty holders, residents released from
-- quarantine (recovery follow-up), and notices to residents.

-- A plan belongs to an area (4-digit city template, 6-digit district, 12-digit community adaptation). Its checklist
-- (per level and phase) and recurring actions are the JSON definition (PlanDefinition); every change is a new
-- version kept in response_plan_version, and an activation records the version it ran.
create table response_plan (
    id uuid primary key,
    area_code varchar(12) not null,
    name varchar(60) not null,
    title varchar(200) not null,
    based_on uuid references response_plan (id),
    plan_version int not null,
    definition jsonb not null,
    active boolean not null default true,
    created_by varchar(100) not null,
    created_at timestamptz not null,
    updated_by varchar(100) not null,
    updated_at timestamptz not null,
    version bigint not null default 0,
    constraint response_plan_area_name unique (area_code, name)
);

create table response_plan_version (
    plan_id uuid not null references response_plan (id),
    plan_version int not null,
    title varchar(200) not null,
    definition jsonb not null,
    active boolean not null,
    changed_by varchar(100) not null,
    changed_at timestamptz not null,
    primary key (plan_id, plan_version)
);

-- One activation of a plan for an area: for an alert at a level (exactly once per alert and level), or a drill.
create table plan_activation (
    id uuid primary key,
    plan_id uuid not null references response_plan (id),
    plan_version int not null,
    area_code varchar(12) not null,
    level varchar(10) not null,
    alert_id uuid,
    drill boolean not null default false,
    title varchar(200) not null,
    -- ACTIVE (warning/response tasks), RECOVERY, COMPLETED, SUPERSEDED (a higher level of the same alert), CANCELLED
    status varchar(12) not null,
    activated_at timestamptz not null,
    activated_by varchar(100) not null,
    recovery_at timestamptz,
    completed_at timestamptz,
    superseded_by uuid,
    -- drills: who took part (roster person ids) and the report's score, fixed when the drill is completed
    attendee_ids uuid[],
    score numeric(5, 1),
    version bigint not null default 0
);
create unique index plan_activation_alert_level on plan_activation (alert_id, level) where alert_id is not null;
create index plan_activation_area on plan_activation (area_code, activated_at desc);
create index plan_activation_open on plan_activation (status) where status in ('ACTIVE', 'RECOVERY');

-- A task: one action of an activation (target_key '' ), one per released resident for a follow-up
-- (target_key = the resident id), or one period of a recurring action (activation_id null, target_key = the
-- period's first day). One task per alert, action and target across the alert's activations (a rise does not repeat
-- what a lower level already asked for).
create table plan_task (
    id uuid primary key,
    activation_id uuid references plan_activation (id),
    alert_id uuid,
    plan_id uuid not null references response_plan (id),
    plan_version int not null,
    area_code varchar(12) not null,
    action_key varchar(60) not null,
    target_key varchar(80) not null default '',
    -- WARNING, RESPONSE, RECOVERY
    phase varchar(10) not null,
    title varchar(300) not null,
    description varchar(2000),
    -- role:<role>, team:<purpose or name>, duty:<duty code>
    responsible varchar(100) not null,
    owner_team_id uuid,
    owner_ids uuid[] not null default '{}',
    -- SURGE_SHIFTS, RAISE_MIN_STOCK, OPEN_CAMPAIGN, or null for a task people carry out
    system_action varchar(20),
    resident_id uuid,
    drill boolean not null default false,
    -- OPEN, ACKNOWLEDGED, DONE, BLOCKED
    status varchar(12) not null,
    due_at timestamptz not null,
    created_at timestamptz not null,
    acknowledged_at timestamptz,
    acknowledged_by varchar(100),
    done_at timestamptz,
    done_by varchar(100),
    note varchar(2000),
    blocked_at timestamptz,
    blocked_by varchar(100),
    blocked_reason varchar(2000),
    finding_alert_id uuid,
    -- overdue escalation: the tier it stands before now and when the next step is due
    overdue_at timestamptz,
    escalation_tier varchar(10),
    escalated_to varchar(12),
    next_escalation_at timestamptz,
    version bigint not null default 0
);
create unique index plan_task_activation_action on plan_task (activation_id, action_key, target_key)
    where activation_id is not null;
create unique index plan_task_alert_action on plan_task (alert_id, action_key, target_key) where alert_id is not null;
create unique index plan_task_recurring on plan_task (plan_id, action_key, target_key) where activation_id is null;
create index plan_task_area on plan_task (area_code, due_at);
create index plan_task_activation on plan_task (activation_id);
create index plan_task_due on plan_task (due_at) where status <> 'DONE';

create table task_log (
    id bigserial primary key,
    task_id uuid not null references plan_task (id),
    at timestamptz not null,
    actor varchar(100) not null,
    -- CREATED, ACKNOWLEDGED, DONE, BLOCKED, OVERDUE, ESCALATED, NOTE
    kind varchar(12) not null,
    from_status varchar(12),
    to_status varchar(12),
    text varchar(2000)
);
create index task_log_task on task_log (task_id, id);

-- roster-service's emergency teams and who holds which duty, from roster.events (TeamMembersChanged,
-- PersonDutiesChanged): the newest fact (changed_at) wins, so a late older one changes nothing.
create table roster_team (
    team_id uuid primary key,
    community_code varchar(12) not null,
    team_name varchar(200) not null,
    purpose varchar(500),
    member_ids uuid[] not null,
    changed_at timestamptz not null
);
create index roster_team_community on roster_team (community_code);

create table roster_person (
    person_id uuid primary key,
    community_code varchar(12) not null,
    active boolean not null,
    -- [{"dutyCode": "psychological-counsellor", "validUntil": "2027-05-01" | null}]
    duties jsonb not null,
    changed_at timestamptz not null
);
create index roster_person_community on roster_person (community_code);

-- residents released from quarantine (QuarantineEnded): the recovery follow-ups are made per released resident
create table released_resident (
    quarantine_id uuid primary key,
    resident_id uuid not null,
    community_code varchar(12) not null,
    reason varchar(20) not null,
    ended_on date not null,
    received_at timestamptz not null
);
create index released_resident_community on released_resident (community_code, ended_on);

-- a notice to the residents of an area, in Chinese and English; also the CAP instruction of its alert
create table notice (
    id uuid primary key,
    area_code varchar(12) not null,
    alert_id uuid,
    headline_zh varchar(200) not null,
    headline_en varchar(200) not null,
    what_happened_zh varchar(2000) not null,
    what_happened_en varchar(2000) not null,
    what_to_do_zh varchar(2000) not null,
    what_to_do_en varchar(2000) not null,
    where_to_get_help_zh varchar(1000) not null,
    where_to_get_help_en varchar(1000) not null,
    published_by varchar(100) not null,
    published_at timestamptz not null,
    expires_at timestamptz
);
create index notice_area on notice (area_code, published_at desc);
create index notice_alert on notice (alert_id, published_at desc) where alert_id is not null;
