//! Curated writes: create, update, upsert, delete and revert one record at a time. Each runs in
//! one transaction that validates by the importer's own rules, writes with the importer's own
//! writer, re-derives what is derived (date bounds, inherited roles, the search index), and
//! records the change with who made it and the record before and after.
//!
//! Writes are serialized: one at a time per process (a mutex) and, on PostgreSQL, one at a time
//! across servers (a transaction-scoped advisory lock), so the derive pass of one write never
//! races another's, and two creates of one slug cannot both pass the existence check.

mod cite;
pub mod history;
pub mod idempotency;
mod remove;
mod save;

use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait,
};
use serde_json::{Map, Value};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::domain::alive::batch::param;
use crate::domain::auth::{Principal, Role};
use crate::domain::dataset::Issue;
use crate::domain::dataset::kind::Kind;

pub use remove::Deleted;

/// Calls the generic function `$f::<T>` for the record type of `$kind`, awaiting it.
macro_rules! by_kind {
    ($kind:expr, $f:ident ( $($arg:expr),* )) => {
        match $kind {
            $crate::domain::dataset::kind::Kind::SourceDocument => $f::<$crate::domain::dataset::format::SourceDocumentRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Place => $f::<$crate::domain::dataset::format::PlaceRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::PlacePart => $f::<$crate::domain::dataset::format::PlacePartRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Organization => $f::<$crate::domain::dataset::format::OrganizationRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Person => $f::<$crate::domain::dataset::format::PersonRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::EventSeries => $f::<$crate::domain::dataset::format::EventSeriesRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Event => $f::<$crate::domain::dataset::format::EventRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Work => $f::<$crate::domain::dataset::format::WorkRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Membership => $f::<$crate::domain::dataset::format::MembershipRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Succession => $f::<$crate::domain::dataset::format::SuccessionRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Participation => $f::<$crate::domain::dataset::format::ParticipationRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::EventPlace => $f::<$crate::domain::dataset::format::EventPlaceRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Relation => $f::<$crate::domain::dataset::format::RelationRecord>($($arg),*).await,
            $crate::domain::dataset::kind::Kind::Statistic => $f::<$crate::domain::dataset::format::StatisticRecord>($($arg),*).await,
        }
    };
}
pub(crate) use by_kind;

/// A record a write left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: i32,
    /// Its slug.
    pub slug: String,
    /// Its version after the write.
    pub version: i32,
    /// The change recorded; none when the write changed nothing.
    pub change: Option<i32>,
}

/// Why a write wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum CurateError {
    /// The input breaks the dataset's rules; every problem found is listed.
    #[error("the input has {} problem(s); nothing was written", .0.len())]
    Invalid(Vec<Issue>),
    /// The record changed since the caller read it, or a record with the slug exists.
    #[error("{reason}")]
    Conflict {
        /// What clashed.
        reason: String,
        /// The record's current version, when it exists.
        current: Option<i32>,
    },
    /// No such record or change.
    #[error("{0}")]
    NotFound(String),
    /// Other records reference the one to delete (typed references such as `mem.<slug>`).
    #[error("{} record(s) reference `{slug}`; nothing was deleted (ask for a cascade to delete them too)", referrers.len())]
    Referenced {
        /// The record asked for.
        slug: String,
        /// Who references it.
        referrers: Vec<String>,
    },
    /// The caller's role does not allow this write.
    #[error("{0}")]
    Forbidden(String),
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl CurateError {
    /// The error of a part of a nested write: its issues named under `at`.
    fn within(self, at: &str) -> Self {
        match self {
            CurateError::Invalid(issues) => CurateError::Invalid(
                issues
                    .into_iter()
                    .map(|mut i| {
                        let field = i.field.take().unwrap_or_default();
                        i.field = Some(format!("{at}.{field}"));
                        i
                    })
                    .collect(),
            ),
            CurateError::Conflict { reason, current } => CurateError::Conflict {
                reason: format!("{at}: {reason}"),
                current,
            },
            other => other,
        }
    }
}

/// Serializes writes (see the module documentation). Cheap to clone.
#[derive(Clone, Default)]
pub struct WriteGate(Arc<Mutex<()>>);

/// A write transaction holding the gate.
pub(crate) struct Locked {
    pub txn: DatabaseTransaction,
    _guard: OwnedMutexGuard<()>,
}

/// The advisory lock key of curated writes on PostgreSQL (any constant; "coop" in ASCII).
const WRITE_LOCK: i64 = 0x636f_6f70;

impl WriteGate {
    pub(crate) async fn begin(&self, db: &DatabaseConnection) -> Result<Locked, DbErr> {
        let guard = self.0.clone().lock_owned().await;
        let txn = db.begin().await?;
        if txn.get_database_backend() == DbBackend::Postgres {
            let sql = format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})");
            txn.execute_unprepared(&sql).await?;
        }
        Ok(Locked { txn, _guard: guard })
    }
}

/// Who writes and how: the caller, the root field, the database and the gate.
pub struct Writer<'a> {
    /// The database.
    pub db: &'a DatabaseConnection,
    /// The write gate.
    pub gate: &'a WriteGate,
    /// The caller.
    pub actor: &'a Principal,
    /// The root field that writes (`createOrganization`), kept in the history.
    pub mutation: &'a str,
}

impl Writer<'_> {
    fn actor_name(&self) -> String {
        format!("{} ({})", self.actor.name, self.actor.prefix)
    }

    fn require(&self, role: Role, what: &str) -> Result<(), CurateError> {
        if self.actor.role >= role {
            Ok(())
        } else {
            Err(CurateError::Forbidden(format!(
                "{what} needs the {} role; this key has {}",
                role.as_str(),
                self.actor.role.as_str()
            )))
        }
    }
}

/// Creates a record from its fields (the dataset file format); `CONFLICT` when the slug is taken.
pub async fn create(
    w: &Writer<'_>,
    kind: Kind,
    fields: Map<String, Value>,
) -> Result<Written, CurateError> {
    if kind == Kind::SourceDocument {
        w.require(Role::Admin, "adding a source document")?;
    }
    // a slug already taken is refused without waiting for the write gate (checked again
    // behind it, where racing creates meet)
    if let Some(slug) = fields.get("slug").and_then(Value::as_str)
        && let Some((_, version)) = current(w.db, kind, slug).await?
    {
        return Err(taken(kind, slug, version));
    }
    by_kind!(kind, create_as(w, fields))
}

async fn create_as<T: crate::domain::dataset::table::Table>(
    w: &Writer<'_>,
    fields: Map<String, Value>,
) -> Result<Written, CurateError> {
    let locked = w.gate.begin(w.db).await?;
    let result = save::create::<T>(w, &locked.txn, fields).await;
    finish(locked, result).await
}

/// Creates a record and records that hang from it (an event with its places and
/// participants), all in one transaction: each part is `(kind, list name, fields)`, and a
/// part without a `target` gets the new record. Any problem writes nothing; a part's issues
/// are named `<list>[<i>].<field>`.
pub async fn create_with_parts(
    w: &Writer<'_>,
    kind: Kind,
    fields: Map<String, Value>,
    parts: Vec<(Kind, &'static str, Map<String, Value>)>,
) -> Result<Written, CurateError> {
    use save::create as save_create;
    let slug = fields
        .get("slug")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let locked = w.gate.begin(w.db).await?;
    let result = async {
        let written = by_kind!(kind, save_create(w, &locked.txn, fields))?;
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        for (part, list, mut part_fields) in parts {
            let i = counts.entry(list).or_default();
            let at = format!("{list}[{i}]");
            *i += 1;
            part_fields
                .entry("target")
                .or_insert_with(|| crate::domain::dataset::kind::typed(kind, &slug).into());
            by_kind!(part, save_create(w, &locked.txn, part_fields)).map_err(|e| e.within(&at))?;
        }
        Ok(written)
    }
    .await;
    finish(locked, result).await
}

/// Changes the given fields of the record `slug`, which must still be at `version`; `cite`
/// adds citations for the change (at least one new citation is required).
pub async fn update(
    w: &Writer<'_>,
    kind: Kind,
    slug: &str,
    version: i32,
    fields: Map<String, Value>,
    cite: Vec<Value>,
) -> Result<Written, CurateError> {
    if kind == Kind::SourceDocument {
        w.require(Role::Admin, "changing a source document")?;
    }
    by_kind!(kind, update_as(w, slug, Some(version), fields, cite))
}

async fn update_as<T: crate::domain::dataset::table::Table>(
    w: &Writer<'_>,
    slug: &str,
    version: Option<i32>,
    fields: Map<String, Value>,
    cite: Vec<Value>,
) -> Result<Written, CurateError> {
    let locked = w.gate.begin(w.db).await?;
    let result = save::update::<T>(w, &locked.txn, slug, version, fields, cite).await;
    finish(locked, result).await
}

/// Creates the record when its slug is new, else updates it like [`update`] (checking
/// `version` when given).
pub async fn upsert(
    w: &Writer<'_>,
    kind: Kind,
    version: Option<i32>,
    fields: Map<String, Value>,
    cite: Vec<Value>,
) -> Result<Written, CurateError> {
    if kind == Kind::SourceDocument {
        w.require(Role::Admin, "changing a source document")?;
    }
    let slug = fields
        .get("slug")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let exists = current(w.db, kind, &slug).await?.is_some();
    if exists {
        by_kind!(kind, update_as(w, &slug, version, fields, cite))
    } else {
        create(w, kind, fields).await
    }
}

/// Deletes the record `slug` at `version`. Refused with the referrers when others reference
/// it, unless `cascade` (admin only), which deletes them too and reports them.
pub async fn delete(
    w: &Writer<'_>,
    kind: Kind,
    slug: &str,
    version: i32,
    cascade: bool,
) -> Result<Deleted, CurateError> {
    if cascade {
        w.require(Role::Admin, "a cascading delete")?;
    }
    if kind == Kind::SourceDocument {
        w.require(Role::Admin, "deleting a source document")?;
    }
    let locked = w.gate.begin(w.db).await?;
    let result = remove::delete(w, &locked.txn, kind, slug, Some(version), cascade, None).await;
    finish(locked, result).await
}

/// Undoes change `id`, when its record has not changed since (else `CONFLICT`).
pub async fn revert(w: &Writer<'_>, id: i32) -> Result<Written, CurateError> {
    let locked = w.gate.begin(w.db).await?;
    let result = save::revert(w, &locked.txn, id).await;
    finish(locked, result).await
}

/// Commits on success, rolls back otherwise.
async fn finish<T>(locked: Locked, result: Result<T, CurateError>) -> Result<T, CurateError> {
    match result {
        Ok(value) => {
            locked.txn.commit().await?;
            Ok(value)
        }
        Err(err) => {
            locked.txn.rollback().await?;
            Err(err)
        }
    }
}

/// The id and version of the record `slug` of `kind`, if it exists.
pub(crate) async fn current(
    db: &impl ConnectionTrait,
    kind: Kind,
    slug: &str,
) -> Result<Option<(i32, i32)>, DbErr> {
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let slug = param(backend, &mut values, slug.into());
    let mut sql = format!(
        "SELECT id, version FROM \"{}\" WHERE slug = {slug}",
        kind.table()
    );
    if kind == Kind::Participation {
        sql.push_str(" AND derived_from IS NULL");
    }
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    row.map(|row| Ok((row.try_get_by_index(0)?, row.try_get_by_index(1)?)))
        .transpose()
}

/// The conflict of a create whose slug is taken.
fn taken(kind: Kind, slug: &str, version: i32) -> CurateError {
    CurateError::Conflict {
        reason: format!("a {kind} with slug `{slug}` already exists"),
        current: Some(version),
    }
}

/// The issue of one field of the input.
fn issue(kind: Kind, slug: &str, field: &str, reason: impl Into<String>) -> Issue {
    Issue {
        file: "input".into(),
        section: Some(kind.table().into()),
        slug: (!slug.is_empty()).then(|| slug.to_owned()),
        field: Some(field.into()),
        reason: reason.into(),
    }
}

/// Unix milliseconds now.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}
