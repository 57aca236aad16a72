//! Deterministic synthetic data at scale, in the real schema, for benchmarks: benchmark
//! tooling, not part of the domain (nothing in the request path uses it).
//!
//! At scale 1: 200 places (40 states, 160 cities, a quarter of them in a historical state
//! until 1991), 20,000 organizations (with 2,000 successions, a chain of depth 20 among them,
//! 20,000 memberships and 20,000 name variants), 10,000 people, 2,000 event series, 100,000
//! events with 120,000 places, 510,000 participations (five per event, five per series) and
//! 100,000 citations. Every count is linear in the scale (fractions allowed). The rows come from a seeded SplitMix64 and get
//! explicit ids after the largest id already in each table, so the same scale and seed give
//! the same rows on SQLite and PostgreSQL.
//!
//! Rows are written with `COPY … FROM STDIN` on PostgreSQL (secondary indexes and foreign keys
//! dropped for the load and restored after it), and with multi-row `INSERT`s on SQLite (a few
//! thousand rows per statement, under its bound-parameter limit). Either way the whole load is
//! one transaction. The search index is rebuilt at the end.

use std::time::Instant;

use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, IdenStatic, IntoActiveModel, Iterable, Statement, TransactionTrait, Value,
};

use crate::domain::dataset::format::{EventKind, MembershipRole, OrganizationKind, SuccessionKind};
use crate::domain::edtf::{self, Certain};
use crate::entities::*;

mod tables;

use tables::load;

/// SplitMix64: a tiny, fast, well-distributed generator whose output never changes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `p` percent.
    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const WORDS: [&str; 24] = [
    "Friendship",
    "Culture",
    "Music",
    "Theatre",
    "Film",
    "Painters",
    "Writers",
    "Youth",
    "Science",
    "Dance",
    "Folk",
    "Heritage",
    "Opera",
    "Ballet",
    "Poetry",
    "Design",
    "Photo",
    "Crafts",
    "Sculpture",
    "Jazz",
    "Choir",
    "Puppet",
    "Circus",
    "Architecture",
];

/// Rows written per table, and how fast.
#[derive(Debug, Default)]
pub struct Report {
    /// (table, rows) in write order.
    pub tables: Vec<(&'static str, u64)>,
    /// Seconds spent writing the rows.
    pub write_seconds: f64,
    /// Seconds spent rebuilding the search index.
    pub index_seconds: f64,
}

impl Report {
    /// Rows written in all.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.1).sum()
    }
    /// Rows per second while writing.
    pub fn rate(&self) -> f64 {
        self.rows() as f64 / self.write_seconds.max(1e-9)
    }
}

fn n(base: u64, scale: f64) -> usize {
    (base as f64 * scale).round().max(1.0) as usize
}

fn window(edtf: &str) -> (Option<i32>, Option<i32>) {
    edtf::parse(edtf).map_or((None, None), |w| (w.from, w.to))
}

fn certain(edtf: &str) -> Certain {
    Certain::of_edtf(edtf).unwrap_or_default()
}

/// The largest id of a table (0 when empty).
async fn max_id(db: &impl ConnectionTrait, table: &str) -> Result<i32, DbErr> {
    let select = Query::select()
        .expr_as(
            Func::coalesce([Func::max(Expr::col(Alias::new("id"))).into(), Expr::val(0)]),
            Alias::new("m"),
        )
        .from(Alias::new(table))
        .to_owned();
    let row = db.query_one(&select).await?;
    Ok(match row {
        Some(r) => r.try_get::<i32>("", "m")?,
        None => 0,
    })
}

/// Appends a value in PostgreSQL's COPY text format.
fn copy_value(buf: &mut Vec<u8>, value: Option<Value>) {
    let text = match value {
        Some(Value::Int(Some(v))) => v.to_string(),
        Some(Value::BigInt(Some(v))) => v.to_string(),
        Some(Value::Bool(Some(v))) => (if v { "t" } else { "f" }).to_owned(),
        Some(Value::String(Some(v))) => v,
        _ => {
            buf.extend_from_slice(b"\\N");
            return;
        }
    };
    for b in text.bytes() {
        match b {
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
}

type PgConn = sea_orm::sqlx::pool::PoolConnection<sea_orm::sqlx::Postgres>;

fn sqlx_err(e: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Custom(format!("bulk load failed: {e}"))
}

/// Where rows go, in one transaction for the whole load: a SeaORM transaction on SQLite, or
/// one PostgreSQL connection (so that `COPY`, dropping and restoring constraints are all or
/// nothing).
enum Sink {
    Sqlite(sea_orm::DatabaseTransaction),
    Pg(PgConn),
}

impl Sink {
    async fn exec(&mut self, sql: &str) -> Result<(), DbErr> {
        match self {
            Sink::Sqlite(txn) => txn.execute_unprepared(sql).await.map(|_| ()),
            Sink::Pg(c) => sea_orm::sqlx::raw_sql(sea_orm::sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut **c)
                .await
                .map(|_| ())
                .map_err(sqlx_err),
        }
    }

    /// The largest id of a table (0 when empty).
    async fn max_id(&mut self, table: &str) -> Result<i32, DbErr> {
        match self {
            Sink::Sqlite(txn) => max_id(txn, table).await,
            Sink::Pg(c) => {
                let sql = format!("SELECT COALESCE(MAX(id), 0) FROM \"{table}\"");
                sea_orm::sqlx::query_scalar::<_, i32>(sea_orm::sqlx::AssertSqlSafe(sql))
                    .fetch_one(&mut **c)
                    .await
                    .map_err(sqlx_err)
            }
        }
    }

    /// Writes models: `COPY` on PostgreSQL; on SQLite multi-row statements of up to 5,000 rows
    /// (under its 32,766 bound values).
    async fn write<E, M>(&mut self, rows: Vec<M>) -> Result<u64, DbErr>
    where
        E: EntityTrait<Model = M>,
        M: IntoActiveModel<E::ActiveModel> + sea_orm::ModelTrait<Entity = E>,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    {
        let txn = match self {
            Sink::Pg(c) => return copy::<E, M>(c, rows).await,
            Sink::Sqlite(txn) => txn,
        };
        let columns = <E::Column as sea_orm::Iterable>::iter().count();
        let per = (32_000 / columns.max(1)).clamp(1, 5_000);
        let count = rows.len() as u64;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<E::ActiveModel> = rows
                .by_ref()
                .take(per)
                .map(|m| m.into_active_model().reset_all())
                .collect();
            E::insert_many(batch).exec_without_returning(&*txn).await?;
        }
        Ok(count)
    }

    /// On PostgreSQL, drops the secondary (non-unique) indexes and the foreign keys of the
    /// generated tables and returns the statements that restore them: building an index or
    /// checking a foreign key once after a bulk load is much faster than row by row. The
    /// unique slug indexes stay, so a duplicate still fails the load.
    async fn drop_constraints(&mut self) -> Result<Vec<String>, DbErr> {
        let Sink::Pg(c) = self else {
            return Ok(Vec::new());
        };
        let list: Vec<String> = TABLES.iter().map(|t| format!("'{t}'")).collect();
        let list = list.join(", ");
        let indexes = format!(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename IN ({list}) AND indexname LIKE 'ix\\_%'"
        );
        let keys = format!(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) \
             FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ({list})"
        );
        let indexes: Vec<(String, String)> =
            sea_orm::sqlx::query_as(sea_orm::sqlx::AssertSqlSafe(indexes))
                .fetch_all(&mut **c)
                .await
                .map_err(sqlx_err)?;
        let keys: Vec<(String, String, String)> =
            sea_orm::sqlx::query_as(sea_orm::sqlx::AssertSqlSafe(keys))
                .fetch_all(&mut **c)
                .await
                .map_err(sqlx_err)?;
        let mut restore = Vec::new();
        for (table, name, def) in keys {
            self.exec(&format!("ALTER TABLE {table} DROP CONSTRAINT \"{name}\""))
                .await?;
            restore.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {def}"
            ));
        }
        for (name, def) in indexes {
            self.exec(&format!("DROP INDEX \"{name}\"")).await?;
            restore.push(def);
        }
        Ok(restore)
    }
}

/// Writes models with `COPY … FROM STDIN` (PostgreSQL's bulk load), streamed in 1 MiB chunks.
async fn copy<E, M>(conn: &mut PgConn, rows: Vec<M>) -> Result<u64, DbErr>
where
    E: EntityTrait<Model = M>,
    M: IntoActiveModel<E::ActiveModel> + sea_orm::ModelTrait<Entity = E>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let columns: Vec<E::Column> = E::Column::iter().collect();
    let names: Vec<String> = columns
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect();
    let sql = format!(
        "COPY \"{}\" ({}) FROM STDIN",
        E::default().table_name(),
        names.join(", ")
    );
    let mut copy = conn.copy_in_raw(&sql).await.map_err(sqlx_err)?;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    for m in rows {
        let am = m.into_active_model();
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                buf.push(b'\t');
            }
            copy_value(&mut buf, am.get(*c).into_value());
        }
        buf.push(b'\n');
        if buf.len() >= 1 << 20 {
            copy.send(buf.as_slice()).await.map_err(sqlx_err)?;
            buf.clear();
        }
    }
    copy.send(buf.as_slice()).await.map_err(sqlx_err)?;
    copy.finish().await.map_err(sqlx_err)
}

/// Tables the generator writes.
const TABLES: [&str; 13] = [
    "place",
    "place_part",
    "organization",
    "person",
    "succession",
    "membership",
    "name_variant",
    "event_series",
    "event",
    "event_place",
    "participation",
    "source_document",
    "citation",
];

/// Fills the database with synthetic records at `scale` from `seed`. On PostgreSQL the whole
/// load is one transaction on one connection: the secondary indexes and foreign keys of the
/// written tables are dropped, the rows copied in, the constraints restored (checking every
/// row once), the sequences moved past the explicit ids, and only then is it committed, so a
/// failure or an interruption leaves the database as it was.
pub async fn generate(db: &DatabaseConnection, scale: f64, seed: u64) -> Result<Report, DbErr> {
    let started = Instant::now();
    let mut report = Report::default();
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
    let mut sink = if postgres {
        let conn = db
            .get_postgres_connection_pool()
            .acquire()
            .await
            .map_err(sqlx_err)?;
        let mut sink = Sink::Pg(conn);
        sink.exec("BEGIN").await?;
        sink
    } else {
        Sink::Sqlite(db.begin().await?)
    };
    let loaded = async {
        let restore = sink.drop_constraints().await?;
        load(&mut sink, scale, seed, &mut report).await?;
        for statement in &restore {
            sink.exec(statement).await?;
        }
        if postgres {
            // explicit ids: move each sequence past them
            for table in TABLES {
                sink.exec(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"
                ))
                .await?;
            }
            sink.exec("COMMIT").await?;
        }
        Ok::<(), DbErr>(())
    }
    .await;
    if let Err(e) = loaded {
        if postgres {
            // best effort: the connection is dropped either way, which also ends the transaction
            let _ = sink.exec("ROLLBACK").await;
        }
        return Err(e);
    }
    if let Sink::Sqlite(txn) = sink {
        txn.commit().await?;
    }
    report.write_seconds = started.elapsed().as_secs_f64();
    let indexing = Instant::now();
    let txn = db.begin().await?;
    // on PostgreSQL the GIN index is built once after the rows, not row by row
    let restore = if postgres {
        drop_indexes(&txn, "search_entry").await?
    } else {
        Vec::new()
    };
    crate::domain::alive::derive::derive(&txn).await?;
    crate::domain::search::rebuild(&txn).await?;
    for statement in restore {
        txn.execute_unprepared(&statement).await?;
    }
    crate::domain::gid::fill(&txn).await?;
    txn.commit().await?;
    // fresh statistics for the planner, on both databases (SQLite's planner reads them too)
    db.execute_unprepared("ANALYZE").await?;
    report.index_seconds = indexing.elapsed().as_secs_f64();
    Ok(report)
}

/// Drops the secondary (`ix_…`) indexes of a PostgreSQL table inside `txn` and returns the
/// statements that re-create them.
async fn drop_indexes(txn: &DatabaseTransaction, table: &str) -> Result<Vec<String>, DbErr> {
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename = $1 AND indexname LIKE 'ix\\_%'",
            [table.into()],
        ))
        .await?;
    let mut restore = Vec::new();
    for row in rows {
        let name: String = row.try_get("", "indexname")?;
        txn.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
        restore.push(row.try_get("", "indexdef")?);
    }
    Ok(restore)
}
