//! Integration tests: one binary, one file per concern, every test on its own database.

mod helpers;

mod dataset;
mod http;
mod import_errors;
mod migrations;
mod schema;
