-- Households and residents: the minimum of personal data needed to serve people.
create table household (
    id             uuid primary key,
    community_code varchar(12) not null,
    grid           varchar(40),
    building       varchar(40),
    unit           varchar(20),
    room           varchar(20),
    created_at     timestamptz not null
);
create index household_community on household (community_code);

create table resident (
    id              uuid primary key,
    household_id    uuid        not null references household (id),
    community_code  varchar(12) not null,
    -- duplicates are detected per city (first four digits of the code)
    city_code       varchar(4)  not null,
    name            varchar(100) not null,
    phone           varchar(20),
    -- keyed hash (HMAC-SHA256) of the national ID number; the number itself is never stored
    id_number_hash  varchar(64),
    birth_year      integer,
    sex             varchar(10),
    elderly_alone   boolean not null default false,
    chronic_illness boolean not null default false,
    pregnant        boolean not null default false,
    disability      boolean not null default false,
    created_at      timestamptz not null
);
create unique index resident_id_number on resident (city_code, id_number_hash) where id_number_hash is not null;
create index resident_community on resident (community_code);
create index resident_household on resident (household_id);

-- Screenings gain symptoms, exposure flags and an idempotency key for retried uploads.
alter table screening_record add column symptoms varchar(300) not null default '';
alter table screening_record add column travel_history boolean not null default false;
alter table screening_record add column contact_with_case boolean not null default false;
alter table screening_record add column idempotency_key varchar(100);
create unique index screening_record_idempotency on screening_record (community_code, idempotency_key)
    where idempotency_key is not null;
