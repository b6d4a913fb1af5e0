-- Detection claims a series with a lease instead of deleting its mark (README "Alerts", detection run): the mark is
-- deleted only after the series was evaluated, and only if nothing marked it again meanwhile (changed_at), so a
-- replica that crashes mid-evaluation loses nothing — another takes the series once the lease has passed.
alter table signal_dirty
    add column changed_at    timestamptz not null default now(),
    add column claimed_until timestamptz;
