-- Since the relay moves a published row to outbox_published (V0_2), every row left in the outbox is pending:
-- the partial index on pending ids had become a second copy of the primary key, written and deleted again
-- for every event. The relay claims by primary key order instead.
drop index if exists outbox_pending;
