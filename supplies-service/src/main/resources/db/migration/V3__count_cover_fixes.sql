-- The site ledger list reads a site's postings newest first (posted_at desc, id desc) with a keyset cursor.
create index ledger_posting_site_time on ledger_posting (site_id, posted_at, id);
-- Nothing reads the ledger by area (lists go through the site); the index only cost every insert.
drop index if exists ledger_posting_area;

-- The city day a store's forecast (planned shifts × usage norms) was last applied. The forecast window moves
-- with the day independently of postings (which refresh only the rate), so the daily job re-applies every store
-- whose forecast_on is before today; a norm change clears it for the stores it touches.
alter table stock_site add column forecast_on date;

-- ensure_month_partitions: creating a partition takes an ACCESS EXCLUSIVE lock on the parent; never queue behind
-- a long reader (and so block every posting behind us): give up after 5 s and try again at the next run.
create or replace function ensure_month_partitions(parent text, months_ahead integer) returns integer
language plpgsql
set lock_timeout = '5s' -- for the function's statements only; restored when it returns
as $$
declare
    first_month date := date_trunc('month', now() at time zone 'UTC')::date;
    m date;
    created integer := 0;
    name text;
begin
    for i in 0..months_ahead loop
        m := (first_month + make_interval(months => i))::date;
        name := parent || '_' || to_char(m, 'YYYY_MM');
        if to_regclass(name) is null then
            begin
                execute format('create table %I partition of %I for values from (%L) to (%L)', name, parent,
                               m::timestamp at time zone 'UTC', (m + interval '1 month')::timestamp at time zone 'UTC');
                created := created + 1;
            exception when others then
                -- a lock timeout, or the default partition already holds rows of that month (they stay there,
                -- still correct)
                raise warning 'partition % of % not created: %', name, parent, sqlerrm;
            end;
        end if;
    end loop;
    return created;
end $$;
