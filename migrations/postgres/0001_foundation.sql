-- Voix foundation schema (PostgreSQL dialect). Keep in step with migrations/sqlite/0001_foundation.sql:
-- same tables, columns, constraint names and meaning. Timestamps are Unix seconds (UTC).

-- A town (commune) served by this installation. Every other row belongs to exactly one town.
create table towns (
    id            text    not null constraint towns_pkey primary key,  -- uuid
    slug          text    not null constraint towns_slug_key unique,   -- short name used by the CLI
    name          text    not null,                                    -- shown in pages and emails
    primary_color text    not null default '#1d4e89',                  -- '#rrggbb'
    accent_color  text    not null default '#b34000',
    logo          bytea,                                                -- PNG or SVG bytes, optional
    logo_mime     text,
    is_default    boolean not null default false,                      -- used for unknown host names
    created_at    bigint  not null
);
-- At most one default town.
create unique index towns_one_default on towns (is_default) where is_default;

-- Host names that select a town (lowercase, no port).
create table town_hosts (
    host    text not null constraint town_hosts_pkey primary key,
    town_id text not null constraint town_hosts_town_fkey references towns (id) on delete cascade
);

-- Accounts. The same email may hold separate accounts in two towns.
create table users (
    id                text    not null constraint users_pkey primary key,  -- uuid
    town_id           text    not null constraint users_town_fkey references towns (id),
    email             text    not null,                      -- normalised: trimmed, lowercase
    display_name      text    not null,
    password_hash     text    not null,                      -- argon2id PHC string
    language          text    not null default 'fr',         -- 'fr' | 'en'
    role              text    not null default 'resident',   -- see protocol::api::Role
    email_verified_at bigint,                                -- null until the link is followed
    disabled          boolean not null default false,
    created_at        bigint  not null,
    updated_at        bigint  not null,
    constraint users_town_email_key unique (town_id, email)
);

-- Server-side sessions. Only the SHA-256 of the cookie's token is stored.
create table sessions (
    token_hash   bytea   not null constraint sessions_pkey primary key,
    user_id      text   not null constraint sessions_user_fkey references users (id) on delete cascade,
    created_at   bigint not null,
    last_seen_at bigint not null,   -- drives the idle timeout
    expires_at   bigint not null    -- absolute timeout
);
create index sessions_user_idx on sessions (user_id);

-- Single-use link tokens (email verification, password reset). Only their SHA-256 is stored.
create table auth_tokens (
    token_hash bytea   not null constraint auth_tokens_pkey primary key,
    user_id    text   not null constraint auth_tokens_user_fkey references users (id) on delete cascade,
    purpose    text   not null,     -- 'verify_email' | 'password_reset'
    created_at bigint not null,
    expires_at bigint not null,
    used_at    bigint
);
create index auth_tokens_user_idx on auth_tokens (user_id);

-- The durable email outbox: a row is written in the same transaction as the change that causes
-- the message, and a worker delivers it with retries.
create table outbox (
    id              bigint  generated always as identity constraint outbox_pkey primary key,
    town_id         text    not null constraint outbox_town_fkey references towns (id),
    user_id         text    constraint outbox_user_fkey references users (id) on delete cascade,
    recipient       text    not null,
    subject         text    not null,
    body_text       text    not null,
    body_html       text    not null,
    message_id      text    not null constraint outbox_message_id_key unique,  -- RFC 5322 Message-ID
    status          text    not null default 'pending',   -- 'pending' | 'sent' | 'dead'
    attempts        bigint  not null default 0,
    next_attempt_at bigint  not null,
    locked_until    bigint,            -- a worker's lease on the row while it sends
    last_error      text,
    created_at      bigint  not null,
    sent_at         bigint
);
create index outbox_due_idx on outbox (status, next_attempt_at);

-- Fixed-window counters for throttling (login, register, password reset), shared by all nodes.
create table throttle (
    key          text   not null constraint throttle_pkey primary key,
    window_start bigint not null,
    hits         bigint not null
);
