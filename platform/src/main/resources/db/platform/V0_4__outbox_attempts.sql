-- A row the broker refuses (its topic does not exist, its payload is too large) must not hold up the rows behind
-- it. The relay sets such a row aside: attempts counts the refusals, last_error says why, and the row is not
-- claimed again before next_attempt_at. After frontline.outbox.max-attempts it is PARKED: kept with its reason,
-- never claimed again until an operator sets it back to PENDING (platform/README.md).
alter table outbox add column last_error text;
alter table outbox add column next_attempt_at timestamptz;
alter table outbox drop constraint outbox_status;
alter table outbox add constraint outbox_status check (status in ('PENDING', 'PUBLISHED', 'PARKED'));
