-- Residency verification (PostgreSQL dialect). Keep in step with migrations/sqlite/0004_residency.sql:
-- same tables, columns, constraint names and meaning. Timestamps are Unix seconds (UTC).

-- One census import by a town administrator. The latest row describes the census in force.
create table census_imports (
    id            text   not null constraint census_imports_pkey primary key,  -- uuid
    town_id       text   not null constraint census_imports_town_fkey references towns (id),
    imported_by   text,                        -- administrator's account id (plain text: kept after deletion)
    file_name     text   not null,
    rows_imported bigint not null,
    created_at    bigint not null
);
create index census_imports_town_idx on census_imports (town_id, created_at);

-- The town's census, replaced as a whole at each import (delete + insert in one transaction).
-- Names are stored normalized (lowercase, no accents, single spaces): only used for matching.
create table census_entries (
    id          bigint  generated always as identity constraint census_entries_pkey primary key,
    town_id     text    not null constraint census_entries_town_fkey references towns (id),
    import_id   text    not null constraint census_entries_import_fkey references census_imports (id),
    reference   text,                          -- the town's reference number, unique per town
    last_name   text    not null,              -- normalized
    first_name  text    not null,              -- normalized
    birth_date  text,                          -- 'YYYY-MM-DD'
    address     text    not null,
    district    text    not null,
    created_at  bigint  not null,
    constraint census_entries_town_reference_key unique (town_id, reference)
);
create index census_entries_town_name_idx on census_entries (town_id, last_name, first_name);

-- An account's verified residency: present = verified until `expires_at`.
create table residency (
    user_id          text   not null constraint residency_pkey primary key
                            constraint residency_user_fkey references users (id) on delete cascade,
    town_id          text   not null constraint residency_town_fkey references towns (id),
    district         text   not null,
    method           text   not null constraint residency_method_check check (method in ('census', 'manual')),
    census_reference text,                     -- the matched census row's reference, if any
    -- The matched census person (normalized names, birth date, reference): one person verifies
    -- one account only. Null for manual verifications.
    census_key       text,
    verified_by      text,                     -- staff account id for a manual verification
    reason           text,                     -- the staff member's reason (manual)
    verified_at      bigint not null,
    expires_at       bigint not null,
    -- Set when staff revoke the verification: it then reads as not verified and the account
    -- cannot verify itself from the census again (only staff can, by hand).
    revoked_at       bigint,
    constraint residency_town_census_key unique (town_id, census_key)
);
create index residency_town_idx on residency (town_id, district);
