//! Deterministic synthetic data at scale, in the real schema, for benchmarks.
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

use super::dataset::format::{EventKind, MembershipRole, OrganizationKind, SuccessionKind};
use super::edtf::{self, Certain};
use crate::entities::*;

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
    async fn write<E, M>(&mut self, rows: Vec<M>, columns: usize) -> Result<u64, DbErr>
    where
        E: EntityTrait<Model = M>,
        M: IntoActiveModel<E::ActiveModel> + sea_orm::ModelTrait<Entity = E>,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    {
        let txn = match self {
            Sink::Pg(c) => return copy::<E, M>(c, rows).await,
            Sink::Sqlite(txn) => txn,
        };
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
    "place_part_of",
    "organization",
    "person",
    "organization_succession",
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
    super::search::rebuild(&txn).await?;
    for statement in restore {
        txn.execute_unprepared(&statement).await?;
    }
    super::gid::fill(&txn).await?;
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

async fn load(sink: &mut Sink, scale: f64, seed: u64, report: &mut Report) -> Result<(), DbErr> {
    let mut rng = Rng(seed);
    let tag = format!("syn{seed}");

    // places: states, then cities; a quarter of the cities were in a historical state until 1991
    let place0 = sink.max_id("place").await? + 1;
    let states = n(40, scale);
    let cities = n(160, scale);
    let mut places = Vec::new();
    for i in 0..states + cities {
        let state = i < states;
        let historical = state && i % 5 == 0;
        let valid = historical.then(|| "1922/1991".to_owned());
        let (from, to) = valid.as_deref().map_or((None, None), window);
        let c = valid.as_deref().map(certain).unwrap_or_default();
        places.push(place::Model {
            id: place0 + i as i32,
            slug: format!("{tag}-place-{i}"),
            basis: "inferred".into(),
            note: None,
            kind: if historical {
                "historical_state"
            } else if state {
                "country"
            } else {
                "city"
            }
            .into(),
            name: if state {
                format!("Synthetic State {i}")
            } else {
                format!("Synthetic City {i}")
            },
            iso_alpha2: None,
            iso_alpha3: None,
            iso_numeric: None,
            iso3166_3: None,
            iso3166_2: None,
            iso_status: None,
            wikidata: None,
            valid,
            valid_year_from: from,
            valid_year_to: to,
            latest_start: c.latest_start,
            earliest_end: c.earliest_end,
        });
    }
    let state_id = |k: usize| place0 + (k % states) as i32;
    let city_id = |k: usize| place0 + (states + k % cities) as i32;
    report.tables.push(("place", sink.write(places, 18).await?));

    let part0 = sink.max_id("place_part_of").await? + 1;
    let mut parts = Vec::new();
    for k in 0..cities {
        let country = state_id(k);
        let mut links = vec![(country, None)];
        if k % 4 == 0 {
            // was in a historical state (every fifth state is one) until 1991
            let historical = place0 + ((k / 5 * 5) % states) as i32;
            links = vec![(historical, Some("1922/1991")), (country, Some("1991/.."))];
        }
        for (part_of, valid) in links {
            let (from, to) = valid.map_or((None, None), window);
            let c = valid.map(certain).unwrap_or_default();
            parts.push(place_part_of::Model {
                id: part0 + parts.len() as i32,
                slug: format!("{tag}-part-{}", parts.len()),
                basis: "inferred".into(),
                note: None,
                place_id: city_id(k),
                part_of_id: part_of,
                valid: valid.map(str::to_owned),
                valid_year_from: from,
                valid_year_to: to,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
            });
        }
    }
    report
        .tables
        .push(("place_part_of", sink.write(parts, 11).await?));

    // organizations
    let org0 = sink.max_id("organization").await? + 1;
    let orgs = n(20_000, scale);
    let mut rows = Vec::with_capacity(orgs);
    for i in 0..orgs {
        let kind = rng.pick(OrganizationKind::ALL);
        let year = 1900 + rng.below(120) as i32;
        let founded = match rng.below(10) {
            0 => format!("{year}?"),
            1 => format!("{}X", year / 10),
            2 => format!("[..{year}]"),
            _ => year.to_string(),
        };
        let dissolved = rng
            .percent(30)
            .then(|| (year + 1 + rng.below(40) as i32).to_string());
        let (ff, ft) = window(&founded);
        let (df, dt) = dissolved.as_deref().map_or((None, None), window);
        let c = Certain::of(
            edtf::parse(&founded).ok(),
            dissolved.as_deref().and_then(|d| edtf::parse(d).ok()),
        );
        let name = format!("{} {} Society {i}", rng.pick(&WORDS), rng.pick(&WORDS));
        rows.push(organization::Model {
            id: org0 + i as i32,
            slug: format!("{tag}-org-{i}"),
            basis: "inferred".into(),
            note: None,
            name,
            kind: kind.as_str().into(),
            aggregate: false,
            disciplines: None,
            purpose: None,
            description: Some(format!(
                "A synthetic {} for benchmarks",
                kind.as_str().replace('_', " ")
            )),
            country_id: Some(state_id(rng.below(states))),
            place_id: Some(city_id(rng.below(cities))),
            parent_id: (i > 0 && rng.percent(5)).then(|| org0 + rng.below(i) as i32),
            founded: Some(founded),
            founded_year_from: ff,
            founded_year_to: ft,
            dissolved,
            dissolved_year_from: df,
            dissolved_year_to: dt,
            latest_start: c.latest_start,
            earliest_end: c.earliest_end,
        });
    }
    report
        .tables
        .push(("organization", sink.write(rows, 21).await?));

    let person0 = sink.max_id("person").await? + 1;
    let persons = n(10_000, scale);
    let rows: Vec<person::Model> = (0..persons)
        .map(|i| person::Model {
            id: person0 + i as i32,
            slug: format!("{tag}-person-{i}"),
            basis: "inferred".into(),
            note: None,
            name: format!("{} Person {i}", rng.pick(&WORDS)),
            occupations: None,
            description: None,
            nationality_id: Some(state_id(rng.below(states))),
            born: None,
            born_year_from: None,
            born_year_to: None,
            died: None,
            died_year_from: None,
            died_year_to: None,
        })
        .collect();
    report.tables.push(("person", sink.write(rows, 14).await?));

    // successions: a chain of depth 20 from the first organization, then random forward links
    let succ0 = sink.max_id("organization_succession").await? + 1;
    let successions = n(2_000, scale);
    let mut rows = Vec::with_capacity(successions);
    for i in 0..successions {
        let (from, to) = if i < 20.min(orgs.saturating_sub(1)) {
            (i, i + 1)
        } else {
            let a = rng.below(orgs.saturating_sub(1).max(1));
            (a, a + 1 + rng.below(orgs - a - 1).min(50))
        };
        if to >= orgs {
            continue;
        }
        let date = (1920 + rng.below(100)).to_string();
        let (df, dt) = window(&date);
        let c = certain(&date);
        rows.push(organization_succession::Model {
            id: succ0 + rows.len() as i32,
            slug: format!("{tag}-succession-{i}"),
            basis: "inferred".into(),
            note: None,
            kind: rng.pick(SuccessionKind::ALL).as_str().into(),
            predecessor_id: org0 + from as i32,
            successor_id: org0 + to as i32,
            legal_act_id: None,
            date: Some(date),
            date_year_from: df,
            date_year_to: dt,
            latest_start: c.latest_start,
            earliest_end: c.earliest_end,
        });
    }
    report
        .tables
        .push(("organization_succession", sink.write(rows, 13).await?));

    let member0 = sink.max_id("membership").await? + 1;
    let memberships = n(20_000, scale);
    let mut rows = Vec::with_capacity(memberships);
    for i in 0..memberships {
        let body = rng.below(orgs);
        let person = rng.percent(50);
        let role = if rng.percent(90) {
            MembershipRole::Member
        } else {
            rng.pick(&[MembershipRole::Chair, MembershipRole::Head])
        };
        let start = 1920 + rng.below(100);
        let valid = if rng.percent(50) {
            format!("{start}/")
        } else {
            format!("{start}/{}", start + 1 + rng.below(30))
        };
        let (vf, vt) = window(&valid);
        let c = certain(&valid);
        rows.push(membership::Model {
            id: member0 + i as i32,
            slug: format!("{tag}-membership-{i}"),
            basis: "inferred".into(),
            note: None,
            role: role.as_str().into(),
            label: None,
            ordinal: None,
            member_person_id: person.then(|| person0 + rng.below(persons) as i32),
            member_organization_id: (!person)
                .then(|| org0 + ((body + 1 + rng.below(orgs.max(2) - 1)) % orgs) as i32),
            organization_id: org0 + body as i32,
            valid: Some(valid),
            valid_year_from: vf,
            valid_year_to: vt,
            latest_start: c.latest_start,
            earliest_end: c.earliest_end,
        });
    }
    report
        .tables
        .push(("membership", sink.write(rows, 15).await?));

    let name0 = sink.max_id("name_variant").await? + 1;
    let variants = n(20_000, scale);
    let rows: Vec<name_variant::Model> = (0..variants)
        .map(|i| name_variant::Model {
            id: name0 + i as i32,
            slug: format!("{tag}-name-{i}"),
            basis: "inferred".into(),
            note: None,
            record_type: "organization".into(),
            record_id: org0 + (i % orgs) as i32,
            position: (i / orgs) as i32,
            name: format!("{} Society Variant {i}", rng.pick(&WORDS)),
            kind: "variant".into(),
            lang: None,
            valid: None,
            valid_year_from: None,
            valid_year_to: None,
            latest_start: None,
            earliest_end: None,
        })
        .collect();
    report
        .tables
        .push(("name_variant", sink.write(rows, 15).await?));

    // event series and their editions
    let series0 = sink.max_id("event_series").await? + 1;
    let series = n(2_000, scale);
    let mut series_start = Vec::with_capacity(series);
    let mut rows = Vec::with_capacity(series);
    for i in 0..series {
        let start = 1950 + rng.below(60);
        series_start.push(start);
        let date = format!("{start}/..");
        let (df, dt) = window(&date);
        let c = certain(&date);
        rows.push(event_series::Model {
            id: series0 + i as i32,
            slug: format!("{tag}-series-{i}"),
            basis: "inferred".into(),
            note: None,
            name: format!("{} {} Festival {i}", rng.pick(&WORDS), rng.pick(&WORDS)),
            kind: rng
                .pick(&[
                    EventKind::Festival,
                    EventKind::Forum,
                    EventKind::Tour,
                    EventKind::Exhibition,
                ])
                .as_str()
                .into(),
            frequency: Some("annual".into()),
            disciplines: None,
            formats: None,
            description: None,
            status: None,
            open_list: false,
            date: Some(date),
            date_year_from: df,
            date_year_to: dt,
            latest_start: c.latest_start,
            earliest_end: c.earliest_end,
        });
    }
    report
        .tables
        .push(("event_series", sink.write(rows, 17).await?));

    let event0 = sink.max_id("event").await? + 1;
    let events = n(100_000, scale);
    let mut rows = Vec::with_capacity(events);
    for i in 0..events {
        let s = i % series;
        let edition = i / series;
        let year = series_start[s] + edition;
        let date = year.to_string();
        let (df, dt) = window(&date);
        let c = certain(&date);
        rows.push(event::Model {
            id: event0 + i as i32,
            slug: format!("{tag}-event-{i}"),
            basis: "inferred".into(),
            note: None,
            title: format!(
                "{} {} edition {}",
                rng.pick(&WORDS),
                rng.pick(&WORDS),
                edition + 1
            ),
            kind: rng.pick(EventKind::ALL).as_str().into(),
            edition_number: Some(edition as i32 + 1),
            theme: None,
            description: None,
            aggregate: false,
            open_list: false,
            series_id: Some(series0 + s as i32),
            parent_id: None,
            date: Some(date),
            date_year_from: df,
            date_year_to: dt,
            latest_start: c.latest_start,
            earliest_end: c.earliest_end,
        });
    }
    report.tables.push(("event", sink.write(rows, 18).await?));

    // a venue city per event; one in five also has a state of origin
    let place_row0 = sink.max_id("event_place").await? + 1;
    let mut rows = Vec::with_capacity(events * 6 / 5);
    for i in 0..events {
        let add = |role: &str, place_id: i32, rows: &mut Vec<event_place::Model>| {
            rows.push(event_place::Model {
                id: place_row0 + rows.len() as i32,
                slug: format!("{tag}-event-place-{}", rows.len()),
                basis: "inferred".into(),
                note: None,
                role: role.into(),
                event_id: Some(event0 + i as i32),
                series_id: None,
                place_id,
            });
        };
        add("venue", city_id(rng.below(cities)), &mut rows);
        if i % 5 == 0 {
            add("origin", state_id(rng.below(states)), &mut rows);
        }
    }
    report
        .tables
        .push(("event_place", sink.write(rows, 8).await?));

    // five agents per event: an organizing organization and four participants
    let part_row0 = sink.max_id("participation").await? + 1;
    let participations = n(500_000, scale);
    let mut rows = Vec::with_capacity(participations);
    for i in 0..participations {
        let event = (i / 5) % events;
        let organizer = i % 5 == 0;
        let person = !organizer && rng.percent(40);
        rows.push(participation::Model {
            id: part_row0 + i as i32,
            slug: format!("{tag}-participation-{i}"),
            basis: "inferred".into(),
            note: None,
            role: if organizer {
                "organizer"
            } else {
                "participant"
            }
            .into(),
            label: None,
            person_id: person.then(|| person0 + rng.below(persons) as i32),
            organization_id: (!person).then(|| org0 + rng.below(orgs) as i32),
            event_id: Some(event0 + event as i32),
            series_id: None,
        });
    }
    // five agents per series: an organizer, a co-organizer (both organizations) and three
    // participants, so that a series' `organizers` and `participants` are never empty
    for s in 0..series {
        for k in 0..5 {
            let i = rows.len();
            let role = match k {
                0 => "organizer",
                1 => "co_organizer",
                _ => "participant",
            };
            let person = k >= 2 && rng.percent(40);
            rows.push(participation::Model {
                id: part_row0 + i as i32,
                slug: format!("{tag}-series-participation-{s}-{k}"),
                basis: "inferred".into(),
                note: None,
                role: role.into(),
                label: None,
                person_id: person.then(|| person0 + rng.below(persons) as i32),
                organization_id: (!person).then(|| org0 + rng.below(orgs) as i32),
                event_id: None,
                series_id: Some(series0 + s as i32),
            });
        }
    }
    report
        .tables
        .push(("participation", sink.write(rows, 10).await?));

    // one citation per event, quoting a synthetic source document
    let doc_id = sink.max_id("source_document").await? + 1;
    let text = "Synthetic records for benchmarks.\n";
    let doc = source_document::Model {
        id: doc_id,
        slug: format!("{tag}-document"),
        basis: "inferred".into(),
        note: None,
        title: "Synthetic source".into(),
        file_name: format!("{tag}.txt"),
        collection: None,
        publisher: None,
        language: Some("en".into()),
        text: text.into(),
        sha256: {
            use sha2::{Digest, Sha256};
            format!("{:x}", Sha256::digest(text.as_bytes()))
        },
        published: None,
        published_year_from: None,
        published_year_to: None,
    };
    report
        .tables
        .push(("source_document", sink.write(vec![doc], 14).await?));
    let cite0 = sink.max_id("citation").await? + 1;
    let citations = n(100_000, scale);
    let rows: Vec<citation::Model> = (0..citations)
        .map(|i| citation::Model {
            id: cite0 + i as i32,
            slug: format!("{tag}-citation-{i}"),
            basis: "stated".into(),
            note: None,
            record_type: "event".into(),
            record_id: event0 + (i % events) as i32,
            position: (i / events) as i32,
            field: None,
            line: Some(1),
            quote: Some("Synthetic records".into()),
            document_id: Some(doc_id),
        })
        .collect();
    report
        .tables
        .push(("citation", sink.write(rows, 11).await?));
    Ok(())
}
