-- Service requests (GRC, Open311 GeoReport v2) (PostgreSQL dialect). Keep in step with
-- migrations/sqlite/0005_requests.sql: same tables, columns, constraint names and meaning.
-- Timestamps are Unix seconds (UTC); coordinates are WGS 84 in millionths of a degree.

-- A category of request (Open311 "service"), managed by staff.
create table categories (
    id             text    not null constraint categories_pkey primary key,  -- uuid
    town_id        text    not null constraint categories_town_fkey references towns (id),
    code           text    not null,            -- Open311 service_code: [a-z0-9_-]{1,40}
    group_name     text    not null default '', -- Open311 group
    name_fr        text    not null,
    name_en        text    not null,
    description_fr text    not null default '',
    description_en text    not null default '',
    keywords       text    not null default '', -- comma separated (Open311 keywords)
    -- The category's extra questions (Open311 service definition), a JSON array of
    -- protocol::requests::AttributeDef, validated by the server before it is stored.
    attributes     text    not null default '[]',
    active         boolean not null default true,
    created_at     bigint  not null,
    updated_at     bigint  not null,
    constraint categories_town_code_key unique (town_id, code)
);

-- The yearly sequence behind tracking numbers (`2026-000123`), one row per town and year.
create table request_numbers (
    town_id text   not null constraint request_numbers_town_fkey references towns (id),
    year    bigint not null,
    last    bigint not null,
    constraint request_numbers_pkey primary key (town_id, year)
);

-- A service request. `reporter_id` is null when the account was erased or for an Open311
-- submission without an account (then `contact_*` hold what the client sent).
create table service_requests (
    id             text    not null constraint service_requests_pkey primary key,  -- uuid
    town_id        text    not null constraint service_requests_town_fkey references towns (id),
    number         text    not null,            -- tracking number shown to people
    category_id    text    not null constraint service_requests_category_fkey references categories (id),
    reporter_id    text    constraint service_requests_reporter_fkey references users (id) on delete set null,
    api_key_id     text,                        -- the Open311 client that filed it, if any
    contact_email  text,
    contact_name   text,
    description    text    not null,
    address        text,
    lat_e6         bigint,
    lon_e6         bigint,
    attributes     text    not null default '{}',   -- JSON object: attribute code -> answer
    status         text    not null default 'submitted'
                   constraint service_requests_status_check check (status in
                   ('submitted', 'acknowledged', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate')),
    duplicate_of   text    constraint service_requests_duplicate_fkey references service_requests (id),
    assignee_id    text    constraint service_requests_assignee_fkey references users (id) on delete set null,
    team           text,
    language       text    not null default 'fr',  -- the reporter's language when filed
    -- Secret that a reply by email must carry (in the address or Message-ID) to be appended.
    reply_token    text    not null constraint service_requests_reply_token_key unique,
    -- Moderation of the description: set when staff hid it, with their reason.
    hidden_reason  text,
    followers      bigint  not null default 0,  -- "me too" count (request_followers rows)
    closed_at      bigint,                      -- when it entered resolved|closed|rejected|duplicate
    created_at     bigint  not null,
    updated_at     bigint  not null,
    constraint service_requests_town_number_key unique (town_id, number)
);
create index service_requests_queue_idx on service_requests (town_id, status, created_at);
create index service_requests_created_idx on service_requests (town_id, created_at, number);
create index service_requests_updated_idx on service_requests (town_id, updated_at, number);
create index service_requests_category_idx on service_requests (town_id, category_id, created_at);
create index service_requests_assignee_idx on service_requests (town_id, assignee_id, created_at);
create index service_requests_reporter_idx on service_requests (reporter_id, created_at);

-- Photos, stored re-encoded (metadata stripped). Up to 3 per request.
create table request_photos (
    id            text    not null constraint request_photos_pkey primary key,  -- uuid
    request_id    text    not null constraint request_photos_request_fkey references service_requests (id) on delete cascade,
    town_id       text    not null constraint request_photos_town_fkey references towns (id),
    position      bigint  not null,
    mime          text    not null,             -- image/jpeg | image/png | image/webp
    data          bytea    not null,
    width         bigint  not null,
    height        bigint  not null,
    hidden_reason text,
    created_at    bigint  not null,
    constraint request_photos_request_position_key unique (request_id, position)
);

-- The timeline: status changes, public updates, internal notes (staff only), comments by the
-- reporter (web or email), assignments. Never deleted; moderation hides a body with a reason.
create table request_events (
    id            bigint  generated always as identity constraint request_events_pkey primary key,
    request_id    text    not null constraint request_events_request_fkey references service_requests (id) on delete cascade,
    town_id       text    not null constraint request_events_town_fkey references towns (id),
    kind          text    not null constraint request_events_kind_check check (kind in
                  ('submitted', 'status', 'public_update', 'internal_note', 'comment', 'assignment', 'reopened')),
    actor_id      text,                         -- plain text: kept after the account is erased
    from_status   text,
    to_status     text,
    body          text    not null default '',
    source        text    not null default 'web',   -- 'web' | 'email' | 'open311'
    hidden_reason text,
    created_at    bigint  not null
);
create index request_events_request_idx on request_events (request_id, id);

-- "Me too": residents following a request get its public updates.
create table request_followers (
    request_id text   not null constraint request_followers_request_fkey references service_requests (id) on delete cascade,
    user_id    text   not null constraint request_followers_user_fkey references users (id) on delete cascade,
    created_at bigint not null,
    constraint request_followers_pkey primary key (request_id, user_id)
);
create index request_followers_user_idx on request_followers (user_id);

-- Residents flag abusive content for staff review.
create table content_flags (
    id          text   not null constraint content_flags_pkey primary key,  -- uuid
    town_id     text   not null constraint content_flags_town_fkey references towns (id),
    request_id  text   not null constraint content_flags_request_fkey references service_requests (id) on delete cascade,
    event_id    bigint,                      -- the flagged timeline entry, if any
    photo_id    text,                        -- the flagged photo, if any
    user_id     text   constraint content_flags_user_fkey references users (id) on delete set null,
    reason      text   not null,
    created_at  bigint not null,
    resolved_at bigint,
    resolved_by text
);
create index content_flags_town_idx on content_flags (town_id, resolved_at, created_at);

-- Open311 API keys. Only the SHA-256 of the key is stored.
create table api_keys (
    id         text   not null constraint api_keys_pkey primary key,  -- uuid
    town_id    text   not null constraint api_keys_town_fkey references towns (id),
    name       text   not null,
    key_hash   bytea   not null constraint api_keys_key_hash_key unique,
    created_at bigint not null,
    revoked_at bigint
);

-- Inbound email already handled (by Message-ID), so a crash between appending a reply and
-- moving it out of the inbox never appends it twice.
create table inbound_messages (
    message_id   text   not null constraint inbound_messages_pkey primary key,
    town_id      text,
    request_id   text,
    outcome      text   not null,   -- 'appended' | 'review'
    processed_at bigint not null
);

-- Blocked accounts can read but not file, comment, follow or flag.
alter table users add column blocked_at bigint;
alter table users add column blocked_reason text;

-- Where replies to a notification should go (plus-addressed with the request's reply token).
alter table outbox add column reply_to text;
