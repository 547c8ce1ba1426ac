-- Ballots reach the public board in shuffled batches, so that nothing stored — transaction
-- ids, row order, identity values, times — ties an account's participation to its ballot
-- (docs/privacy.md, "Ballot secrecy at rest"). Keep in step with the other dialect's 0009.

-- Accepted ballots waiting for the next batch. No time and no arrival order: the key is the
-- tracker, and `revote` orders only the waiting ballots of one credential (0, 1, …), which the
-- batch must keep in that order (the last ballot of a credential counts).
create table consultation_ballot_pool (
    consultation_id text   not null constraint consultation_ballot_pool_consultation_fkey
                           references consultations (id) on delete cascade,
    tracker         text   not null,
    town_id         text   not null constraint consultation_ballot_pool_town_fkey references towns (id),
    credential      text   not null,
    ballot          text   not null,               -- canonical ballot JSON
    revote          bigint not null,
    constraint consultation_ballot_pool_pkey primary key (consultation_id, tracker),
    constraint consultation_ballot_pool_revote_key unique (consultation_id, credential, revote)
);

-- When the last batch was published (the next is due a publication interval later).
alter table consultations add column batch_published_at bigint;

-- A board ballot carries the time of its batch, not the time it was cast; receipts are signed
-- when given and not kept (a kept signature would give the exact time away to anyone who tries
-- each second against the public key). Earlier ballots get the same treatment: their times
-- rounded down to ten minutes, their signatures forgotten, their rows rewritten.
alter table consultation_ballots rename column received_at to published_at;
alter table consultation_ballots drop column receipt_signature;
update consultation_ballots set published_at = published_at - published_at % 600;
