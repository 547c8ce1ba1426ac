-- Directory (LDAP / Active Directory) accounts (PostgreSQL dialect).
-- Keep in step with migrations/sqlite/0003_ldap.sql: same columns and constraint names.

-- `auth_source`: 'local' (email + password, the default) or 'ldap' (the town hall's directory
-- checks the password; the local `password_hash` is then a placeholder that never verifies).
-- `directory_id`: the directory's stable identifier of the person (Active Directory objectGUID
-- in hex, OpenLDAP entryUUID), so that a renamed email updates the account instead of
-- creating a second one. Null for local accounts.
alter table users add column auth_source text not null default 'local'
    constraint users_auth_source_check check (auth_source in ('local', 'ldap'));
alter table users add column directory_id text;
alter table users add constraint users_town_directory_key unique (town_id, directory_id);
