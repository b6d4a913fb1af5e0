-- GET /api/v1/audit/reads?actor=: what one reader read, by token subject or by login, newest first (each an index
-- range the list pages through by key, instead of a scan of the service's largest table).
create index if not exists read_audit_actor_subject on read_audit (actor_subject, read_at desc, id desc);
create index if not exists read_audit_actor_login on read_audit (actor_login, read_at desc, id desc);
