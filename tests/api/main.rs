//! Integration tests: one binary, one file per concern, every test on its own database.

// Tests may unwrap: a panic is a failed test with its message.
#![allow(clippy::unwrap_used)]

mod helpers;

mod alive;
mod asof;
mod budget;
mod compiled;
mod conventions;
mod curate;
mod dataset;
mod export;
mod generate;
mod http;
mod hygiene;
mod import_errors;
mod keys;
mod limits;
mod lineage;
mod lists;
mod migrations;
mod properties;
mod questions;
mod relations;
mod relevance;
mod resilience;
mod schema;
mod search;
mod statements;
mod stats;
mod telemetry;
