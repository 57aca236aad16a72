//! Domain logic: queries and rules per noun. Knows SeaORM, never GraphQL or actix.

pub mod dataset;
pub mod document;
pub mod edtf;
pub mod organization;
pub mod person;
