-- Creating requests sent with an `Idempotency-Key` header: the first answer, kept a day, so that
-- a client retrying after a lost answer (a node died, the network dropped) gets it again and
-- nothing is created twice. Written in the transaction that creates; the key is unique per
-- account. Keep in step with the other dialect's 0011.
create table idempotency_keys (
    user_id     text   not null constraint idempotency_keys_user_fkey references users (id) on delete cascade,
    key         text   not null,
    town_id     text   not null constraint idempotency_keys_town_fkey references towns (id),
    route       text   not null,               -- e.g. 'POST /api/v1/requests'
    fingerprint text   not null,               -- hex SHA-256 of what was asked: a key reused for something else is refused
    status      bigint not null,               -- HTTP status of the first answer
    body        text   not null,               -- its JSON body ('' when the route recomputes it)
    created_at  bigint not null,
    constraint idempotency_keys_pkey primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
