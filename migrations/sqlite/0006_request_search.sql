-- The staff queue's free-text filter reads one column folded by the application (lower case,
-- no diacritics: backend/src/requests/search.rs). Rows filed before this migration are
-- filled in by the application at start-up (`repo::requests::fill_search_text`).
alter table service_requests add column search_text text not null default '';

-- SQLite has no trigram index on a column; an FTS5 table with the trigram tokenizer plays its
-- part: it finds the few requests holding a rare word (a tracking number, a street) without
-- reading every row. The application probes it first and, for common words, reads the queue
-- in order and filters `search_text` instead (repo::requests::text_plan).
-- `search_text` never changes once set (number, description and address are immutable), so the
-- triggers only add rows: on filing, and when start-up fills the text of older requests.
create virtual table request_search using fts5(
    search_text,
    request_id unindexed,
    tokenize = 'trigram'
);

create trigger request_search_insert after insert on service_requests
when new.search_text <> ''
begin
    insert into request_search (search_text, request_id) values (new.search_text, new.id);
end;

create trigger request_search_fill after update of search_text on service_requests
when old.search_text = '' and new.search_text <> ''
begin
    insert into request_search (search_text, request_id) values (new.search_text, new.id);
end;

create trigger request_search_delete after delete on service_requests
begin
    delete from request_search where request_id = old.id;
end;
