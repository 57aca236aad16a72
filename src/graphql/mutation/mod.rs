//! Curated writes: one create, update, upsert and delete per record kind, each a thin call into
//! `crate::domain::curate`.

pub mod input;
