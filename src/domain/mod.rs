//! Domain logic: queries and rules per noun. Knows SeaORM, never GraphQL or actix.

pub mod alive;
pub mod auth;
pub mod curate;
pub mod dataset;
pub mod edtf;
pub mod filter;
pub mod gid;
pub mod lineage;
pub mod links;
pub mod listing;
pub mod record;
pub mod row;
pub mod search;
pub mod stats;
