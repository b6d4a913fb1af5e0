-- Test results (antigen / PCR).
create table test_result (
    id             uuid primary key,
    resident_id    uuid         not null references resident (id),
    community_code varchar(12)  not null,
    kind           varchar(10)  not null,
    result         varchar(10)  not null,
    sampled_at     timestamptz  not null,
    recorded_by    varchar(100) not null,
    created_at     timestamptz  not null
);
create index test_result_community on test_result (community_code, sampled_at desc);
create index test_result_resident on test_result (resident_id, sampled_at desc);

-- The OIDC account (preferred_username) of a resident who reports for themself.
alter table resident add column account varchar(100);
create unique index resident_account on resident (account) where account is not null;
