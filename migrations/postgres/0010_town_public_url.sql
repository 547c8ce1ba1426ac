-- Each town's public address: every link in the town's mails and every absolute URL its data
-- produces starts with it, and the CSRF check accepts its origin. `public_url` is set with
-- `voix admin create-town|update-town --public-url`; when empty it is `<scheme of the global
-- public URL>://<primary_host>` (keeping the global URL's port and path), and the default town
-- without one uses the global public URL. Keep in step with the other dialect's 0010.
alter table towns add column public_url text;
-- The host a town was created for (the first `--host`); existing towns take their first host
-- name in alphabetical order.
alter table towns add column primary_host text;
update towns set primary_host = (select min(h.host) from town_hosts h where h.town_id = towns.id);
