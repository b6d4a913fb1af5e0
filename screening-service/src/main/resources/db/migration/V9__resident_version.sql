-- Optimistic locking of a resident's record: a field app edits a resident offline and sends the version it
-- edited; a write based on an older version is refused (409 with the current record), nothing is overwritten.
alter table resident add column version bigint not null default 0;
