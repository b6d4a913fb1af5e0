-- The site ledger list reads a site's postings newest first (posted_at desc, id desc) with a keyset cursor.
create index ledger_posting_site_time on ledger_posting (site_id, posted_at, id);
-- Nothing reads the ledger by area (lists go through the site); the index only cost every insert.
drop index if exists ledger_posting_area;

-- The city day a store's forecast (planned shifts × usage norms) was last applied. The forecast window moves
-- with the day independently of postings (which refresh only the rate), so the daily job re-applies every store
-- whose forecast_on is before today; a norm change clears it for the stores it touches.
alter table stock_site add column forecast_on date;

-- ensure_month_partitions: creating a partition takes an ACCESS EXCLUSIVE lock on the parent; never queue behind
-- a long reader (and so block every posting behind us): give up after 5 s (its exception block turns that into a
-- warning) and try again at the next run. The setting holds for the function's statements only.
alter function ensure_month_partitions(text, integer) set lock_timeout = '5s';
