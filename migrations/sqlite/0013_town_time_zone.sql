-- The town's time zone (an IANA name): every date and time its mails give is in it, with the
-- zone named. Set with `voix admin update-town --time-zone`. Keep in step with the other
-- dialect's 0013.
alter table towns add column time_zone text not null default 'Europe/Paris';
