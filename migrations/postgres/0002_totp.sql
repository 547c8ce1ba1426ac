-- Second factor (TOTP, RFC 6238) and the append-only audit log (PostgreSQL dialect).
-- Keep in step with migrations/sqlite/0002_totp.sql: same tables, columns, constraint names.

-- One TOTP credential per account. `enabled_at` is null while the enrolment is pending (the
-- secret was shown but no code has confirmed it yet). `secret` is the raw 160-bit key: a secret
-- at rest (see docs/privacy.md), never logged. `last_step` is the last time step accepted, so a
-- code (or an earlier one) is never accepted twice.
create table totp_credentials (
    user_id    text   not null constraint totp_credentials_pkey primary key
                      constraint totp_credentials_user_fkey references users (id) on delete cascade,
    secret     bytea  not null,
    enabled_at bigint,
    last_step  bigint,
    created_at bigint not null
);

-- Single-use recovery codes. Only their SHA-256 is stored (the codes carry 80 random bits).
create table totp_recovery_codes (
    user_id    text   not null constraint totp_recovery_codes_user_fkey references users (id) on delete cascade,
    code_hash  bytea  not null,
    created_at bigint not null,
    used_at    bigint,
    constraint totp_recovery_codes_pkey primary key (user_id, code_hash)
);

-- Append-only log of sensitive administrative actions, hash-chained per town:
-- hash = SHA-256(prev_hash || canonical entry), prev_hash of a town's first entry = 32 zero bytes.
-- `actor_id` and `target` are plain text (no foreign key) so that deleting an account does not
-- rewrite history.
create table audit_log (
    id         bigint  generated always as identity constraint audit_log_pkey primary key,
    town_id    text    not null constraint audit_log_town_fkey references towns (id),
    actor_id   text,
    action     text    not null,
    target     text    not null,
    reason     text    not null,
    created_at bigint  not null,
    prev_hash  bytea   not null,
    hash       bytea   not null,
    -- Two entries can never extend the same predecessor: the chain stays linear.
    constraint audit_log_town_prev_key unique (town_id, prev_hash)
);
create index audit_log_town_idx on audit_log (town_id, id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_no_update before update on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_delete before delete on audit_log
    for each row execute function audit_log_append_only();
