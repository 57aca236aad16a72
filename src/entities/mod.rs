//! SeaORM entities, one file per table, no behaviour.

pub mod api_key;
pub mod change;
pub mod citation;
pub mod event;
pub mod event_place;
pub mod event_series;
pub mod idempotency_key;
pub mod membership;
pub mod name_variant;
pub mod organization;
pub mod participation;
pub mod person;
pub mod place;
pub mod place_part;
pub mod relation;
pub mod search_entry;
pub mod source_document;
pub mod statistic;
pub mod succession;
pub mod work;
