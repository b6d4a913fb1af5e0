-- The read audit (org.frontline.screening.audit): one row per resident whose personal data a response carried —
-- who read (token subject, login, role), when, through which operation, which resident, in which community. Never
-- the data read. Written in the read's transaction (a list: one insert of all its rows); the largest table of the
-- service by row count (a work list of 5,000 households writes a row per resident), so narrow rows, no foreign keys,
-- and only the indexes its queries and its pruning need.
create table read_audit (
    id             bigint generated always as identity primary key,
    read_at        timestamptz  not null default now(),
    community_code varchar(12)  not null,
    resident_id    uuid         not null,
    actor_subject  varchar(200) not null,
    actor_login    varchar(200),
    actor_role     varchar(100) not null,
    operation      varchar(200) not null
);
-- GET /api/v1/audit/reads: an area (community prefix) over a time range, newest first
create index read_audit_community_time on read_audit (community_code, read_at desc, id desc);
-- ?residentId=: who read this resident
create index read_audit_resident on read_audit (resident_id, read_at desc);
-- pruning by age (rows arrive in time order: a BRIN index is tiny and enough)
create index read_audit_read_at on read_audit using brin (read_at);
