//! Connecting (pool, SQLite pragmas), migrating and pinging the database.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
};

use crate::config::Config;

/// Opens the connection pool. On SQLite, sqlx already enables foreign keys and a 5 s busy
/// timeout on every connection; WAL (set once, kept by the file) lets readers run beside the writer.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(config.max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.execute_unprepared(
            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
        )
        .await?;
    }
    Ok(db)
}

/// Applies every pending migration. When a database that already holds records was migrated,
/// the columns and index derived from them (which need the EDTF parser and the text folding,
/// so are computed in Rust, not SQL) are refilled in one transaction.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?.len();
    let fresh = pending == Migrator::migrations().len();
    Migrator::up(db, None).await?;
    if pending > 0 && !fresh {
        let report = crate::domain::dataset::refresh_derived(db).await?;
        tracing::info!(
            updated = report.total().updated,
            "refreshed derived columns and the search index after migrating"
        );
    }
    Ok(())
}

/// Checks that the database answers.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}
