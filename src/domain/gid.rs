//! Global ids: the opaque id of a record (`node(id:)`) is base64url, without padding, of
//! `<Type>:<slug>`. Every record table stores it in `gid`, so that statements can write ids
//! on SQLite too (it has no base64 function); this module keeps the column filled.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// Every record table with the type name its global ids carry.
pub const TYPES: &[(&str, &str)] = &[
    ("citation", "Citation"),
    ("event", "Event"),
    ("event_place", "EventPlace"),
    ("event_series", "EventSeries"),
    ("membership", "Membership"),
    ("name_variant", "NameVariant"),
    ("organization", "Organization"),
    ("succession", "Succession"),
    ("participation", "Participation"),
    ("person", "Person"),
    ("place", "Place"),
    ("place_part", "PlacePart"),
    ("relation", "Relation"),
    ("source_document", "SourceDocument"),
    ("statistic", "Statistic"),
    ("work", "Work"),
];

/// The type name of a table's records.
pub fn type_of(table: &str) -> Option<&'static str> {
    TYPES.iter().find(|(t, _)| *t == table).map(|(_, ty)| *ty)
}

/// The table of a type's records.
pub fn table_of(type_name: &str) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(_, ty)| *ty == type_name)
        .map(|(t, _)| *t)
}

/// The global id of a record.
pub fn encode(type_name: &str, slug: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{type_name}:{slug}"))
}

/// How many rows are updated per statement on SQLite.
const BATCH: usize = 500;

/// Fills every missing `gid` (rows written by the importer, the generator or any other
/// writer); returns how many were filled. Cheap when none is missing.
pub async fn fill(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let mut filled = 0;
    for (table, type_name) in TYPES {
        if backend == DbBackend::Postgres {
            let sql = format!(
                "UPDATE \"{table}\" SET gid = rtrim(translate(encode(convert_to('{type_name}:' || \
                 slug, 'UTF8'), 'base64'), '+/' || chr(10), '-_'), '=') WHERE gid IS NULL"
            );
            filled += db.execute_unprepared(&sql).await?.rows_affected();
            continue;
        }
        let select = format!("SELECT id, slug FROM \"{table}\" WHERE gid IS NULL");
        let rows = db
            .query_all_raw(Statement::from_string(backend, select))
            .await?;
        let mut missing = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i32 = row.try_get_by_index(0)?;
            let slug: String = row.try_get_by_index(1)?;
            missing.push((id, encode(type_name, &slug)));
        }
        for batch in missing.chunks(BATCH) {
            let mut sql = format!("UPDATE \"{table}\" SET gid = CASE id");
            let mut values = Vec::with_capacity(batch.len() * 3);
            for (id, gid) in batch {
                sql.push_str(" WHEN ? THEN ?");
                values.push((*id).into());
                values.push(gid.clone().into());
            }
            sql.push_str(" END WHERE id IN (");
            for (i, (id, _)) in batch.iter().enumerate() {
                sql.push_str(if i == 0 { "?" } else { ", ?" });
                values.push((*id).into());
            }
            sql.push(')');
            db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
                .await?;
            filled += batch.len() as u64;
        }
    }
    Ok(filled)
}

/// The longest global id accepted (type names and slugs are short).
pub const MAX_ID_CHARS: usize = 1024;

/// Splits a global id into type name and slug; `expect` checks the type.
pub fn decode(id: &str, expect: Option<&str>) -> Result<(String, String), crate::error::AppError> {
    use crate::error::{AppError, excerpt};
    let bad = || AppError::BadUserInput(format!("`{}` is not a valid id", excerpt(id)));
    if id.len() > MAX_ID_CHARS {
        return Err(bad());
    }
    let bytes = URL_SAFE_NO_PAD.decode(id).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (ty, slug) = text.split_once(':').ok_or_else(bad)?;
    if slug.contains('\0') {
        return Err(bad());
    }
    if let Some(expected) = expect
        && ty != expected
    {
        return Err(AppError::BadUserInput(format!(
            "`{id}` is the id of a {ty}, not of a {expected}"
        )));
    }
    Ok((ty.to_owned(), slug.to_owned()))
}
