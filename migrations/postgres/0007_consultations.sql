-- Consultations: Belenios-compatible consultative ballots (PostgreSQL dialect). Keep in step with
-- migrations/sqlite/0007_consultations.sql: same tables, columns, constraint names and
-- meaning. Timestamps are Unix seconds (UTC). docs/consultations.md explains the data model and
-- the trust model; the whole issue's tables are here even where the first slice leaves them
-- empty, so later slices add behaviour, not schema rewrites.
--
-- Privacy at rest: accounts are linked to *participation* (consultation_participation), never
-- to a ballot. No table maps an account or an email to a public credential, and no table holds
-- a private credential.

-- A town's Ed25519 keys that sign ballot receipts. The public key is published; a retired key
-- still verifies the receipts it signed.
create table receipt_keys (
    id          text   not null constraint receipt_keys_pkey primary key,  -- uuid
    town_id     text   not null constraint receipt_keys_town_fkey references towns (id),
    public_key  bytea  not null,                   -- 32 bytes
    private_key bytea  not null,                   -- PKCS#8 document (ring)
    created_at  bigint not null,
    retired_at  bigint
);
create index receipt_keys_town_idx on receipt_keys (town_id, created_at);

-- A consultation (one Belenios election). The set-up columns are frozen once it leaves
-- `draft` (`frozen_at` set); the Belenios election JSON and its fingerprint exist only once
-- the trustees' keys do (end of the key ceremony).
create table consultations (
    id                text    not null constraint consultations_pkey primary key,  -- uuid
    town_id           text    not null constraint consultations_town_fkey references towns (id),
    -- The Belenios election uuid (base58, 14 characters like belenios-tool's): salt of the
    -- credentials, name of the archive `<uuid>.bel`. Unique on the installation.
    election_uuid     text    not null constraint consultations_election_uuid_key unique,
    title_fr          text    not null,
    title_en          text    not null,
    description_fr    text    not null default '',
    description_en    text    not null default '',
    status            text    not null default 'draft'
                      constraint consultations_status_check check (status in
                      ('draft', 'key_ceremony', 'open', 'closed', 'tallying', 'published')),
    opens_at          bigint  not null,
    closes_at         bigint  not null,
    -- Who may vote: every verified resident, those of consultation_districts, or the uploaded
    -- consultation_voter_list.
    eligibility       text    not null
                      constraint consultations_eligibility_check check (eligibility in
                      ('all_verified', 'districts', 'list')),
    -- The Belenios group of the election.
    group_name        text    not null default 'BELENIOS-2048'
                      constraint consultations_group_check check (group_name in
                      ('BELENIOS-2048', 'RFC-3526-2048')),
    -- `officials`: a Pedersen block of consultation_trustees, any `threshold` of which decrypt.
    -- `server_single`: one key held by the server (explicit choice, trials only: no privacy
    -- against the operator).
    trustee_mode      text    not null
                      constraint consultations_trustee_mode_check check (trustee_mode in
                      ('officials', 'server_single')),
    threshold         bigint,
    -- Results by district are published only where every cell has at least this many voters.
    breakdown_min_voters bigint not null default 10,
    created_by        text,           -- staff account id (plain text: kept after deletion)
    frozen_at         bigint,         -- the set-up was frozen (left `draft`)
    -- Exact bytes of the Belenios election JSON and of the trustees JSON, and the election
    -- fingerprint (unpadded base64 SHA-256 of the election bytes): set at the end of the key
    -- ceremony, never rewritten.
    election_json     text,
    trustees_json     text,
    fingerprint       text,
    -- The town's receipt key that signs this consultation's receipts (set when it opens).
    receipt_key_id    text    constraint consultations_receipt_key_fkey references receipt_keys (id),
    opened_at         bigint,
    closed_at         bigint,
    published_at      bigint,
    created_at        bigint  not null,
    updated_at        bigint  not null,
    constraint consultations_times_check check (closes_at > opens_at),
    constraint consultations_threshold_check check (
        (trustee_mode = 'officials' and threshold is not null and threshold >= 1)
        or (trustee_mode = 'server_single' and threshold is null)),
    constraint consultations_breakdown_check check (breakdown_min_voters >= 1),
    constraint consultations_frozen_check check (status = 'draft' or frozen_at is not null)
);
create index consultations_town_idx on consultations (town_id, status, opens_at);

-- The questions, in ballot order. Belenios homomorphic questions: `single` is min = max = 1;
-- `multiple` chooses between min and max answers. A blank vote (when allowed) is an extra
-- leading slot of the Belenios question.
create table consultation_questions (
    consultation_id text    not null constraint consultation_questions_consultation_fkey
                            references consultations (id) on delete cascade,
    town_id         text    not null constraint consultation_questions_town_fkey references towns (id),
    position        bigint  not null,                -- 0-based
    text_fr         text    not null,
    text_en         text    not null,
    kind            text    not null constraint consultation_questions_kind_check check (kind in ('single', 'multiple')),
    min_choices     bigint  not null,
    max_choices     bigint  not null,
    blank_allowed   boolean not null default false,
    answers         text    not null,                -- JSON array of {"fr":S,"en":S}, in order
    constraint consultation_questions_pkey primary key (consultation_id, position),
    constraint consultation_questions_bounds_check check (
        min_choices >= 0 and min_choices <= max_choices and max_choices >= 1
        and (kind = 'multiple' or (min_choices = 1 and max_choices = 1)))
);

-- Eligibility `districts`: the districts (as repo::residency records them) whose verified
-- residents may vote.
create table consultation_districts (
    consultation_id text not null constraint consultation_districts_consultation_fkey
                         references consultations (id) on delete cascade,
    town_id         text not null constraint consultation_districts_town_fkey references towns (id),
    district        text not null,
    constraint consultation_districts_pkey primary key (consultation_id, district)
);

-- Eligibility `list`: the uploaded voter list (replaced as a whole at each upload, while the
-- consultation is a draft).
create table consultation_voter_list (
    consultation_id text   not null constraint consultation_voter_list_consultation_fkey
                           references consultations (id) on delete cascade,
    town_id         text   not null constraint consultation_voter_list_town_fkey references towns (id),
    email           text   not null,                 -- normalised: trimmed, lowercase
    weight          bigint not null default 1,
    line            bigint not null,                 -- line of the uploaded file, for reports
    constraint consultation_voter_list_pkey primary key (consultation_id, email),
    constraint consultation_voter_list_weight_check check (weight >= 1)
);

-- The trustees: officials of a Pedersen block in certificate order, or the one server-held
-- Single trustee. The server's private key is stored only in the `server_single` mode, which
-- is the documented trade-off of that mode.
create table consultation_trustees (
    consultation_id    text   not null constraint consultation_trustees_consultation_fkey
                              references consultations (id) on delete cascade,
    town_id            text   not null constraint consultation_trustees_town_fkey references towns (id),
    position           bigint not null,              -- 1-based: Belenios `--trustee-id`
    kind               text   not null constraint consultation_trustees_kind_check check (kind in ('official', 'server')),
    -- The official's account; null for the server (or after the account was erased).
    user_id            text   constraint consultation_trustees_user_fkey references users (id) on delete set null,
    display_name       text   not null,             -- shown publicly as the key holder
    server_private_key text,                         -- decimal Z_q, `server` only
    created_at         bigint not null,
    constraint consultation_trustees_pkey primary key (consultation_id, position),
    constraint consultation_trustees_user_key unique (consultation_id, user_id),
    constraint consultation_trustees_server_key_check check (kind = 'server' or server_private_key is null)
);
create index consultation_trustees_user_idx on consultation_trustees (user_id);

-- Key-ceremony messages, exactly as exchanged (the JSON of pedersen.rs / belenios-tool):
-- step 1 `cert` by trustee i; step 3 `polynomial` by trustee i; step 4 `vinput` for trustee j
-- (assembled by the server); step 5 `voutput` by trustee j; step 6 `threshold` parameters
-- (trustee_position 0: the server, for the whole block). A Single trustee's public key (with
-- its proof) is step 1 of kind `public_key`. Private keys and seeds never come here.
create table consultation_ceremony_messages (
    consultation_id  text   not null constraint consultation_ceremony_messages_consultation_fkey
                            references consultations (id) on delete cascade,
    town_id          text   not null constraint consultation_ceremony_messages_town_fkey references towns (id),
    step             bigint not null constraint consultation_ceremony_messages_step_check check (step between 1 and 6),
    trustee_position bigint not null,              -- author (1, 3, 5) or recipient (4); 0 for 6
    kind             text   not null constraint consultation_ceremony_messages_kind_check check (kind in
                            ('cert', 'public_key', 'polynomial', 'vinput', 'voutput', 'threshold')),
    payload          text   not null,
    submitted_by     text,                         -- account id of the trustee (plain text)
    created_at       bigint not null,
    constraint consultation_ceremony_messages_pkey primary key (consultation_id, step, trustee_position)
);

-- The electorate fixed when credentials are generated: who receives a credential (and the
-- opening announcement), with the weight and district used for turnout and breakdowns. It
-- does not say which credential anyone received.
create table consultation_voters (
    consultation_id    text   not null constraint consultation_voters_consultation_fkey
                              references consultations (id) on delete cascade,
    town_id            text   not null constraint consultation_voters_town_fkey references towns (id),
    email              text   not null,
    user_id            text   constraint consultation_voters_user_fkey references users (id) on delete set null,
    weight             bigint not null default 1,
    district           text,
    credential_sent_at bigint,                     -- credential mail queued
    announced_at       bigint,                     -- opening announcement queued (throttled batches)
    constraint consultation_voters_pkey primary key (consultation_id, email),
    constraint consultation_voters_weight_check check (weight >= 1)
);
create index consultation_voters_user_idx on consultation_voters (user_id);

-- Public credentials `g^s` (decimal), as published in the archive. Read in `public_credential`
-- order, never in insertion order, so the list cannot be matched with consultation_voters.
-- `district` is set only when results are broken down by district (per-district tallies).
create table consultation_credentials (
    consultation_id   text   not null constraint consultation_credentials_consultation_fkey
                             references consultations (id) on delete cascade,
    town_id           text   not null constraint consultation_credentials_town_fkey references towns (id),
    public_credential text   not null,
    weight            bigint not null default 1,
    district          text,
    constraint consultation_credentials_pkey primary key (consultation_id, public_credential),
    constraint consultation_credentials_weight_check check (weight >= 1)
);

-- The bulletin board: every accepted ballot, exact bytes, in order (`id`). The last ballot of
-- a credential counts. No account, email or address here.
create table consultation_ballots (
    id                bigint  generated always as identity constraint consultation_ballots_pkey primary key,
    consultation_id   text    not null constraint consultation_ballots_consultation_fkey
                              references consultations (id) on delete cascade,
    town_id           text    not null constraint consultation_ballots_town_fkey references towns (id),
    tracker           text    not null,            -- smart ballot tracker: B64(SHA256(ballot))
    credential        text    not null,            -- the ballot's public credential
    ballot            text    not null,            -- canonical ballot JSON
    received_at       bigint  not null,            -- the time the receipt signs
    receipt_signature text    not null,            -- base64 Ed25519 over uuid, fingerprint, tracker, time
    constraint consultation_ballots_tracker_key unique (consultation_id, tracker)
);
create index consultation_ballots_credential_idx on consultation_ballots (consultation_id, credential, id);

-- Who took part (for eligibility, revoting and turnout), never what they chose: no time, no
-- ballot reference. (SQLite stores it WITHOUT ROWID, in key order; see docs/consultations.md
-- for what PostgreSQL's heap order still reveals.)
create table consultation_participation (
    consultation_id text not null constraint consultation_participation_consultation_fkey
                         references consultations (id) on delete cascade,
    user_id         text not null constraint consultation_participation_user_fkey references users (id) on delete cascade,
    town_id         text not null constraint consultation_participation_town_fkey references towns (id),
    constraint consultation_participation_pkey primary key (consultation_id, user_id)
);

-- Encrypted tallies and results. `scope` is '' for the whole electorate (the archive's tally)
-- or a district name for a breakdown tally.
create table consultation_tallies (
    consultation_id text   not null constraint consultation_tallies_consultation_fkey
                           references consultations (id) on delete cascade,
    town_id         text   not null constraint consultation_tallies_town_fkey references towns (id),
    scope           text   not null default '',
    encrypted_tally text   not null,               -- JSON [[{"alpha","beta"}…]…]
    num_tallied     bigint not null,
    total_weight    bigint not null,
    result          text,                          -- JSON {"result":[[…]…]} once decrypted
    computed_at     bigint not null,
    decrypted_at    bigint,
    constraint consultation_tallies_pkey primary key (consultation_id, scope)
);

-- Partial decryptions, each verified on arrival, per trustee and tally scope.
create table consultation_partial_decryptions (
    consultation_id  text   not null constraint consultation_partial_decryptions_consultation_fkey
                            references consultations (id) on delete cascade,
    town_id          text   not null constraint consultation_partial_decryptions_town_fkey references towns (id),
    scope            text   not null default '',
    trustee_position bigint not null,              -- Belenios `owner`
    payload          text   not null,              -- {"decryption_factors":…,"decryption_proofs":…}
    submitted_by     text,                         -- account id (plain text), null for the server
    created_at       bigint not null,
    constraint consultation_partial_decryptions_pkey primary key (consultation_id, scope, trustee_position)
);

-- Private messages of consultations (a voter's credential, a ballot receipt) carry a secret or
-- link an account to a ballot tracker. Their Message-ID starts with `<voix.private.`: once
-- delivered they leave the outbox at once (the 30-day retention of delivered mail does not
-- apply), and a message that dies keeps its row (the failure stays visible) without its body.
create function outbox_private_sent() returns trigger language plpgsql as $$
begin
    delete from outbox where id = new.id;
    return null;
end
$$;
create trigger outbox_private_sent after update of status on outbox
for each row when (new.status = 'sent' and new.message_id like '<voix.private.%')
execute function outbox_private_sent();
create function outbox_private_dead() returns trigger language plpgsql as $$
begin
    new.body_text := '';
    new.body_html := '';
    return new;
end
$$;
create trigger outbox_private_dead before update of status on outbox
for each row when (new.status = 'dead' and new.message_id like '<voix.private.%')
execute function outbox_private_dead();
