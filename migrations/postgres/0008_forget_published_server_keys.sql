-- A server-held decryption key (`server_single`) is needed only until the result is
-- published; since then Voix forgets it in the publishing transaction. This clears the keys of
-- consultations published before that change. Copies may remain in older backups and, until
-- vacuumed or overwritten, in the database files (docs/consultations.md).
update consultation_trustees
set server_private_key = null
where server_private_key is not null
  and consultation_id in (select id from consultations where status = 'published');
