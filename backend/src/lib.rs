//! The Voix server library; `main.rs` is a thin wrapper around [`cli::run`].
//!
//! Layers, from the outside in: [`cli`] (command line) → [`app`] (server assembly and
//! lifecycle) → [`routes`] (HTTP handlers) using [`http`] (extractors, middleware) → [`repo`]
//! (SQL, one code path for SQLite and PostgreSQL through [`db`]) and [`email`] (outbox and
//! delivery); [`metrics`] counts what an operator watches. Wire types shared with the SPA live in the `protocol` crate.

pub mod accounts;
pub mod app;
pub mod auth;
pub mod census;
pub mod cli;
pub mod config;
pub mod consultations;
pub mod csv_import;
pub mod db;
pub mod demo;
pub mod directory;
pub mod domain;
pub mod email;
pub mod error;
pub mod http;
pub mod i18n;
pub mod maintenance;
pub mod metrics;
pub mod repo;
pub mod requests;
pub mod residency;
pub mod routes;
pub mod search;
pub mod time;
pub mod towns;
