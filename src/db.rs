//! Connecting (pool, timeouts, SQLite pragmas), migrating and pinging the database, and
//! telling which database failures are timeouts or unavailability rather than faults.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    RuntimeErr,
};

use crate::config::{Config, Timeouts};

/// Opens the connection pool with the configured timeouts: a pool-acquire (and connect)
/// timeout, and on every connection PostgreSQL's `statement_timeout` and `lock_timeout` (sent
/// as start-up parameters, so a pooled connection can never lose them) or SQLite's
/// `busy_timeout`. sqlx enables SQLite's foreign keys on every connection; WAL (set once,
/// kept by the file) lets readers run beside the writer.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    connect_with(config, &config.timeouts).await
}

/// Opens a pool for the commands that load data: no statement or lock timeout.
pub async fn connect_unbounded(config: &Config) -> Result<DatabaseConnection, DbErr> {
    connect_with(config, &config.timeouts.unbounded()).await
}

async fn connect_with(config: &Config, timeouts: &Timeouts) -> Result<DatabaseConnection, DbErr> {
    let acquire = Duration::from_millis(timeouts.acquire_ms.max(1));
    let (statement_ms, lock_ms) = (timeouts.statement_ms, timeouts.lock_ms);
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(config.max_connections)
        .min_connections(1)
        .connect_timeout(acquire)
        .acquire_timeout(acquire)
        // ping a pooled connection only when it sat idle for a second (a dropped connection
        // is found then); pinging on every checkout cost a round trip per request
        .test_before_acquire_if_idle_for(Duration::from_secs(1))
        .sqlx_logging(false)
        .map_sqlx_postgres_opts(move |opts| {
            opts.options([
                ("statement_timeout", statement_ms.to_string()),
                ("lock_timeout", lock_ms.to_string()),
            ])
        })
        .map_sqlx_sqlite_opts(move |opts| {
            // 0 would make a locked database fail at once; unbounded waits the default 5 s
            let busy = if lock_ms == 0 { 5_000 } else { lock_ms };
            opts.busy_timeout(Duration::from_millis(busy))
        });
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode = WAL;").await?;
    }
    Ok(db)
}

/// Applies every pending migration. When a database that already holds records was migrated,
/// the columns and index derived from them (which need the EDTF parser and the text folding,
/// so are computed in Rust, not SQL) are refilled in one transaction.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    // several servers starting together over one PostgreSQL database migrate one at a time
    // (an advisory lock): the others wait here, then find nothing pending. SQLite serves one
    // host; there, a mutex does the same for the connections of one process.
    static IN_PROCESS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _guard = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => Some(IN_PROCESS.lock().await),
        _ => None,
    };
    let lock = MigrationLock::acquire(db).await?;
    let result = migrate_locked(db).await;
    if let Some(lock) = lock {
        lock.release().await?;
    }
    result
}

/// The key of the PostgreSQL advisory lock held while migrating ("coopgrap" in ASCII).
const MIGRATION_LOCK_KEY: i64 = 0x636f_6f70_6772_6170;

/// A session-level advisory lock on a connection of its own, taken out of the pool (which may
/// then open another for the migrations themselves, even at a size of one) and closed after;
/// a server that dies releases the lock with its session. The wait has no lock or statement
/// timeout: a migration may take long, and the waiting servers must not give up.
struct MigrationLock(sea_orm::sqlx::PgConnection);

impl MigrationLock {
    async fn acquire(db: &DatabaseConnection) -> Result<Option<Self>, DbErr> {
        use sea_orm::sqlx::Executor as _;
        if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(None);
        }
        let pool = db.get_postgres_connection_pool();
        let mut conn = pool.acquire().await.map_err(lock_err)?.detach();
        conn.execute("SET lock_timeout = 0; SET statement_timeout = 0")
            .await
            .map_err(lock_err)?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut conn)
            .await
            .map_err(lock_err)?;
        Ok(Some(MigrationLock(conn)))
    }

    async fn release(mut self) -> Result<(), DbErr> {
        use sea_orm::sqlx::Connection as _;
        sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut self.0)
            .await
            .map_err(lock_err)?;
        self.0.close().await.map_err(lock_err)
    }
}

fn lock_err(e: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Custom(format!("the migration lock: {e}"))
}

async fn migrate_locked(db: &DatabaseConnection) -> Result<(), DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?.len();
    let fresh = pending == Migrator::migrations().len();
    Migrator::up(db, None).await?;
    // global ids of rows written before `gid` existed, or by a writer that left it out
    let filled = crate::domain::gid::fill(db).await?;
    if filled > 0 {
        tracing::info!(filled, "filled missing global ids");
    }
    if pending > 0 && !fresh {
        let report = crate::domain::dataset::refresh_derived(db).await?;
        tracing::info!(
            updated = report.total().updated,
            "refreshed derived columns and the search index after migrating"
        );
    }
    // an index built with other folding rules than this server's
    crate::domain::search::ensure(db).await?;
    Ok(())
}

/// Checks that the database answers.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}

/// Whether every pooled connection is in use (the pool is at its maximum size with none
/// idle): a busy server, not an unreachable database.
pub fn pool_saturated(db: &DatabaseConnection, max_connections: u32) -> bool {
    let (size, idle) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return false,
    };
    size >= max_connections && idle == 0
}

/// What kind of failure a database error is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A statement or lock wait ran past its timeout.
    Timeout,
    /// No connection could be had: the pool is exhausted or the database is down.
    Unavailable,
    /// Anything else: a fault.
    Other,
}

/// Classifies a database error.
pub fn classify(err: &DbErr) -> Failure {
    match err {
        DbErr::ConnectionAcquire(_) => Failure::Unavailable,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => match runtime {
            RuntimeErr::SqlxError(e) => classify_sqlx(e),
            _ => Failure::Other,
        },
        _ => Failure::Other,
    }
}

fn classify_sqlx(err: &sqlx::Error) -> Failure {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Failure::Unavailable,
        sqlx::Error::Database(db) => classify_code(db.code().as_deref().unwrap_or("")),
        _ => Failure::Other,
    }
}

/// PostgreSQL SQLSTATEs and SQLite result codes (primary or extended).
fn classify_code(code: &str) -> Failure {
    match code {
        // PostgreSQL: query_canceled (statement_timeout), lock_not_available (lock_timeout)
        "57014" | "55P03" => Failure::Timeout,
        // PostgreSQL: shutting down, cannot connect now, too many connections
        "57P01" | "57P02" | "57P03" | "53300" => Failure::Unavailable,
        c if c.starts_with("08") => Failure::Unavailable,
        // SQLite: BUSY (and its extended codes), LOCKED, INTERRUPT
        "5" | "6" | "9" | "261" | "517" | "773" | "262" => Failure::Timeout,
        _ => Failure::Other,
    }
}
