//! The GraphQL layer: types wrapping entity models, loaders, the root query, the schema.
//! This is a first cut proving the data is there; the full read API comes next.

mod error;
mod loaders;
mod query;
mod types;

use async_graphql::{
    EmptyMutation, EmptySubscription, SDLExportOptions, Schema, dataloader::DataLoader,
};
use sea_orm::DatabaseConnection;

pub use error::to_gql;
pub use loaders::PlaceLoader;
pub use query::QueryRoot;

/// The coopgraph schema type.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// Page size when a client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Builds the schema; the database connection is shared data.
pub fn build_schema(db: DatabaseConnection) -> AppSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .data(db)
        .limit_depth(16)
        .limit_complexity(20_000)
        .limit_recursive_depth(32)
        .limit_directives(20)
        .finish()
}

/// How long a loader gathers keys before it runs its batch. async-graphql's default of 1 ms
/// split one page's lookups into two batches when the machine was busy; 5 ms keeps a page in
/// one statement at a cost that is small next to a database round trip.
pub const LOADER_BATCH_WINDOW: std::time::Duration = std::time::Duration::from_millis(5);

/// Per-request data: fresh loaders, so caches never outlive a request.
pub fn request_loaders(db: &DatabaseConnection) -> DataLoader<PlaceLoader> {
    DataLoader::new(PlaceLoader(db.clone()), tokio::spawn).delay(LOADER_BATCH_WINDOW)
}

/// The schema as sorted SDL, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    let schema = Schema::build(QueryRoot, EmptyMutation, EmptySubscription).finish();
    schema.sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}
