//! The GraphQL layer: types wrapping entity models, filters, connections, the request's
//! DataLoader, the root query and the schema builder.

#[macro_use]
mod object;
pub mod budget;
pub mod columns;
pub mod compile;
pub mod connection;
pub mod enums;
mod error;
pub mod exec;
pub mod export;
pub mod filter;
pub mod loader;
pub mod mutation;
pub mod node;
mod query;
pub mod ranked;
pub mod types;

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::{EmptySubscription, SDLExportOptions, Schema, ValidationMode};
use sea_orm::DatabaseConnection;

pub use error::{gql, gql_load, server_error};
pub use exec::{Answer, Budget, Path, answer, execute, execute_with};
pub use query::QueryRoot;

use crate::config::Limits;

/// The coopgraph schema type.
pub type AppSchema = Schema<QueryRoot, mutation::MutationRoot, EmptySubscription>;

/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// Page size when a client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Builds the schema with its limits; the database connection is shared data. Depth,
/// cost and directives are checked by `budget` before validation (linear in the document);
/// async-graphql's recursion check stays as a second line.
pub fn build_schema(db: DatabaseConnection, limits: &Limits) -> AppSchema {
    build(db, limits, ValidationMode::Strict)
}

/// [`build_schema`], or without introspection (`__schema`, `__type` answer an error) when the
/// operator turns it off.
pub fn build_served_schema(
    db: DatabaseConnection,
    limits: &Limits,
    introspection: bool,
) -> AppSchema {
    let builder = builder(db, limits, ValidationMode::Strict);
    if introspection {
        builder.finish()
    } else {
        builder.disable_introspection().finish()
    }
}

/// The schema for the pages of an export after its first: the document was validated on
/// the first page, so only the checks execution relies on run again.
pub fn build_prevalidated_schema(db: DatabaseConnection, limits: &Limits) -> AppSchema {
    build(db, limits, ValidationMode::Fast)
}

/// The schema that validates a request for the compiled path: every rule and limit of
/// [`build_schema`], then it stops where execution would start (no resolver runs).
pub fn build_validator(db: DatabaseConnection, limits: &Limits) -> AppSchema {
    builder(db, limits, ValidationMode::Strict)
        .extension(ValidateOnly)
        .finish()
}

fn build(db: DatabaseConnection, limits: &Limits, mode: ValidationMode) -> AppSchema {
    builder(db, limits, mode).finish()
}

fn builder(
    db: DatabaseConnection,
    limits: &Limits,
    mode: ValidationMode,
) -> async_graphql::SchemaBuilder<QueryRoot, mutation::MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        mutation::MutationRoot::default(),
        EmptySubscription,
    )
    .data(db)
    .data(limits.clone())
    .data(crate::domain::curate::WriteGate::default())
    .limit_recursive_depth(limits.max_recursion)
    .limit_directives(limits.max_directives)
    .validation_mode(mode)
}

/// Stops a request after validation: it is answered elsewhere (by compiled statements).
struct ValidateOnly;

impl ExtensionFactory for ValidateOnly {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ValidateOnly)
    }
}

#[async_trait::async_trait]
impl Extension for ValidateOnly {
    async fn execute(
        &self,
        _ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> async_graphql::Response {
        async_graphql::Response::new(async_graphql::Value::Null)
    }
}

/// The schema as sorted SDL, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    let schema = Schema::build(
        QueryRoot::default(),
        mutation::MutationRoot::default(),
        EmptySubscription,
    )
    .finish();
    schema.sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}

/// Parses a stored enum value; an unknown value is an internal error.
pub fn stored<T: enums::FromStored>(text: &str) -> async_graphql::Result<T> {
    T::from_stored(text).ok_or_else(|| {
        crate::error::AppError::Internal(format!(
            "unknown stored value `{text}` for {}",
            std::any::type_name::<T>()
        ))
        .into()
    })
}

/// Parses a list stored as JSON text (disciplines, occupations…); empty when absent.
pub fn stored_list(text: &Option<String>) -> async_graphql::Result<Vec<String>> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(t).map_err(|e| {
            crate::error::AppError::Internal(format!("stored list is not JSON: {e}")).into()
        }),
    }
}
