-- A row the broker refuses must not be lost, and must not be published out of order for a mere hiccup. The
-- relay sets such a row aside: attempts counts the refusals, last_error says why, first_refused_at says since
-- when, and the row is not claimed again before next_attempt_at.
--   * Refused for its topic (the topic is unknown, the service may not write there: normal for a short while
--     after a broker restart or an ACL change): topic_refused; all set-aside rows of the topic wait alike, and
--     newer rows of that topic are not claimed while an older one waits, so the topic keeps its order.
--   * Refused for itself (too large): only that row waits; the rows behind it go on.
-- After frontline.outbox.max-attempts refusals and at least frontline.outbox.park-after since the first one, it is
-- PARKED: kept with its reason, never claimed again until an operator sets it back to PENDING
-- (platform/README.md).
alter table outbox add column last_error text;
alter table outbox add column next_attempt_at timestamptz;
alter table outbox add column first_refused_at timestamptz;
alter table outbox add column topic_refused boolean not null default false;
alter table outbox drop constraint outbox_status;
alter table outbox add constraint outbox_status check (status in ('PENDING', 'PUBLISHED', 'PARKED'));
-- Only set-aside rows are in it (a normal row is never indexed here): the claim's look for an older waiting row
-- of the same topic is a probe of this small index.
create index outbox_topic_refused on outbox (topic, id) where topic_refused;
