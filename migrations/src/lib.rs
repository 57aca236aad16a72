//! Database migrations for coopgraph. Portable to SQLite and PostgreSQL; append-only once landed.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_data_spine;
mod m20261123_000002_certainty_and_search;
mod m20261202_000001_compiled_reads;
mod m20261202_000002_search_keys;
mod m20261202_000003_lifespans;
mod m20261202_000004_api_keys;
mod m20261202_000005_curation;

/// The ordered list of coopgraph migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_data_spine::Migration),
            Box::new(m20261123_000002_certainty_and_search::Migration),
            Box::new(m20261202_000001_compiled_reads::Migration),
            Box::new(m20261202_000002_search_keys::Migration),
            Box::new(m20261202_000003_lifespans::Migration),
            Box::new(m20261202_000004_api_keys::Migration),
            Box::new(m20261202_000005_curation::Migration),
        ]
    }
}
