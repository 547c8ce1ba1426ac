-- Ballots waiting for the board's next batch are stored sealed under a key kept outside the
-- database (backend/src/consultations/seal.rs), and their receipt mails are queued with the
-- batch: while ballots wait, no row shows which ballot an account cast. Keep in step with the
-- other dialect's 0012.

-- What waits now goes onto the board first (the migration has no key to seal it with), each
-- credential's ballots in their order; the time is the batch's, rounded like 0009's.
insert into consultation_ballots (consultation_id, town_id, tracker, credential, ballot, published_at)
select consultation_id, town_id, tracker, credential, ballot,
       extract(epoch from now())::bigint - extract(epoch from now())::bigint % 600
from consultation_ballot_pool
order by consultation_id, credential, revote
on conflict (consultation_id, tracker) do nothing;

drop table consultation_ballot_pool;

-- `lookup` is the tracker's keyed hash (the server finds a waiting ballot, a reader cannot);
-- `sealed` holds the ballot, its credential and tracker, the voter and the cast's time,
-- encrypted. No time and no order in clear.
create table consultation_ballot_pool (
    consultation_id text not null constraint consultation_ballot_pool_consultation_fkey
                         references consultations (id) on delete cascade,
    lookup          text not null,
    town_id         text not null constraint consultation_ballot_pool_town_fkey references towns (id),
    sealed          text not null,
    constraint consultation_ballot_pool_pkey primary key (consultation_id, lookup)
);

-- The fingerprint of the seal key the pool is sealed with: a node with another key file is
-- refused at start.
create table ballot_seal_key (
    only_row    integer not null constraint ballot_seal_key_pkey primary key
                        constraint ballot_seal_key_only_row_check check (only_row = 1),
    fingerprint text    not null
);

-- The last batch's time is the newest `published_at` of the board: publishing a batch writes
-- nothing to the consultation's row, which casts hold shared.
alter table consultations drop column batch_published_at;
