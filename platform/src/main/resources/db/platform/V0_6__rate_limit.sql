-- Rate limits (org.frontline.platform.ratelimit): one row per limit and caller (the token's subject), counting the
-- caller's requests in the current window. Every replica upserts the same row, so all replicas share one limit. A
-- window starts at the caller's first request after the previous one ended and lasts the limit's configured window;
-- rows whose window ended are deleted by RateLimitPruner (once across replicas). Holds no request data.
create table rate_limit (
    limit_name  varchar(100) not null,
    caller      varchar(200) not null,
    window_end  timestamptz  not null,
    requests    integer      not null,
    primary key (limit_name, caller)
);
create index rate_limit_window_end on rate_limit (window_end);
