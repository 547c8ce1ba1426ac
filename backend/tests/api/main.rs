//! Integration tests: the real application on a random port, on SQLite and on PostgreSQL.

mod helpers;

mod account;
mod auth;
mod cli;
mod consultations;
mod credential_change;
mod demo;
mod fault_kill;
mod idempotency;
mod imap;
mod ldap;
mod observability;
mod open311;
mod outbox_crash;
mod photo_limits;
mod proxy;
mod requests;
mod residency;
mod robustness;
mod security;
mod smtp;
mod storage;
mod totp;
mod town_links;
mod towns;
mod voting_cli;
