-- The staff queue's free-text filter reads one column folded by the application (lower case,
-- no diacritics: backend/src/requests/search.rs). Rows filed before this migration are
-- filled in by the application at start-up (`repo::requests::fill_search_text`).
alter table service_requests add column search_text text not null default '';

-- A trigram index serves `search_text like '%word%'` for rare words, where the alternative is
-- reading every row of the town. pg_trgm ships with PostgreSQL and is a trusted extension
-- (13+): a database owner may create it.
create extension if not exists pg_trgm;
create index service_requests_search_idx on service_requests using gin (search_text gin_trgm_ops);
