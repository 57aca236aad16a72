//! coopgraph: a GraphQL API over records of international cultural co-operation.
//!
//! Layers point one way: `http` → `graphql` → `domain` → `entities`.

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod panic;
pub mod telemetry;
