//! Creating, updating and reverting one record: the importer's validation and writer, then
//! the derived data and the history, all in the caller's transaction.

use std::collections::{HashMap, HashSet};

use sea_orm::DatabaseTransaction;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::dataset::children::Children;
use crate::domain::dataset::format::Dataset;
use crate::domain::dataset::kind::{Kind, typed};
use crate::domain::dataset::table::{Resolver, Table};
use crate::domain::dataset::validate::{Existing, validate};
use crate::domain::dataset::write::write_table;
use crate::domain::dataset::{ImportReport, Issue, collect_slugs, existing, stale_citations};
use crate::entities::change;

use super::cite::{convert_citations, convert_list, drop_nulls, overlay};
use super::{CurateError, Writer, Written, by_kind, current, history, issue, remove, taken};

/// Creates a record; `CONFLICT` when its slug is taken.
pub async fn create<T: Table>(
    w: &Writer<'_>,
    txn: &DatabaseTransaction,
    mut fields: Map<String, Value>,
) -> Result<Written, CurateError> {
    drop_nulls(&mut fields);
    let slug = fields
        .get("slug")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if slug.is_empty() {
        let missing = issue(T::KIND, "", "slug", "a new record needs its `slug`");
        return Err(CurateError::Invalid(vec![missing]));
    }
    if let Some((_, version)) = current(txn, T::KIND, &slug).await? {
        return Err(taken(T::KIND, &slug, version));
    }
    let existing = existing(txn).await?;
    let mut issues = Vec::new();
    let has_src = fields
        .get("src")
        .and_then(Value::as_array)
        .is_some_and(|src| !src.is_empty());
    if !has_src {
        issues.push(issue(T::KIND, &slug, "src", NEEDS_CITATION));
    }
    convert_citations(
        T::KIND,
        &slug,
        &mut fields,
        &existing.documents,
        &mut issues,
    );
    match parse::<T>(&slug, fields, &mut issues) {
        Some(record) => write_one(w, txn, &existing, issues, None, record, None).await,
        None => Err(CurateError::Invalid(issues)),
    }
}

const NEEDS_CITATION: &str = "a created or changed record needs a citation: a `document` and \
    a `quote` from it, or basis INFERRED or EXTERNAL with a `note`";

/// Updates the given fields of record `slug` (at `version`, when given); `cite` holds the
/// citations of the change, added to the record's.
pub async fn update<T: Table>(
    w: &Writer<'_>,
    txn: &DatabaseTransaction,
    slug: &str,
    version: Option<i32>,
    fields: Map<String, Value>,
    cite: Vec<Value>,
) -> Result<Written, CurateError> {
    let Some((id, stored_version)) = current(txn, T::KIND, slug).await? else {
        return Err(CurateError::NotFound(format!(
            "no {} with slug `{slug}`",
            T::KIND
        )));
    };
    if let Some(version) = version
        && version != stored_version
    {
        return Err(stale(T::KIND, slug, version, stored_version));
    }
    let mut issues = Vec::new();
    if let Some(new) = fields.get("slug").and_then(Value::as_str)
        && new != slug
    {
        let reason = "a record's slug never changes: create the record under its new slug";
        issues.push(issue(T::KIND, slug, "slug", reason));
    }
    let before = load::<T>(txn, id).await?;
    let existing = existing(txn).await?;
    let Value::Object(mut stored) = serde_json::to_value(&before).unwrap_or_default() else {
        return Err(CurateError::NotFound(format!(
            "no {} with slug `{slug}`",
            T::KIND
        )));
    };
    // only what the client sent is in the input's form; the stored citations are not
    let mut fields = fields;
    convert_citations(T::KIND, slug, &mut fields, &existing.documents, &mut issues);
    overlay(&mut stored, fields);
    stored.insert("slug".into(), slug.into());
    let mut cite = cite;
    convert_list(
        T::KIND,
        slug,
        "cite",
        &mut cite,
        &existing.documents,
        &mut issues,
    );
    if let Value::Array(src) = stored.entry("src").or_insert_with(|| Value::Array(vec![])) {
        for entry in cite {
            if !src.contains(&entry) {
                src.push(entry);
            }
        }
    }
    let Some(after) = parse::<T>(slug, stored, &mut issues) else {
        return Err(CurateError::Invalid(issues));
    };
    if serde_json::to_value(&after).ok() == serde_json::to_value(&before).ok() {
        let written = Written {
            kind: T::KIND,
            id,
            slug: slug.to_owned(),
            version: stored_version,
            change: None,
        };
        return Ok(written);
    }
    // the same passage for another field, or with another note, is new provenance too
    let new_citation = after.src().iter().any(|s| !before.src().contains(s));
    if !new_citation {
        issues.push(issue(T::KIND, slug, "cite", NEEDS_CITATION));
    }
    let before = Some((&before, stored_version));
    write_one(w, txn, &existing, issues, before, after, None).await
}

/// The conflict of a stale version.
pub fn stale(kind: Kind, slug: &str, sent: i32, stored: i32) -> CurateError {
    CurateError::Conflict {
        reason: format!(
            "{} `{slug}` is at version {stored}, not {sent}: it changed since it was read; \
             read it again and redo the change",
            kind
        ),
        current: Some(stored),
    }
}

/// Undoes change `id`.
pub async fn revert(
    w: &Writer<'_>,
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<Written, CurateError> {
    let Some(change) = history::get(txn, id).await? else {
        return Err(CurateError::NotFound(format!("no change {id}")));
    };
    let Some(kind) = Kind::from_table(&change.record_type) else {
        return Err(CurateError::NotFound(format!("no change {id}")));
    };
    by_kind!(kind, revert_as(w, txn, &change))
}

async fn revert_as<T: Table>(
    w: &Writer<'_>,
    txn: &DatabaseTransaction,
    change: &change::Model,
) -> Result<Written, CurateError> {
    let now = current(txn, T::KIND, &change.slug).await?;
    let unchanged = match (change.version_after, now) {
        (Some(after), Some((_, version))) => after == version,
        (None, None) => true,
        _ => false,
    };
    if !unchanged {
        return Err(CurateError::Conflict {
            reason: format!(
                "{} `{}` changed after change {}: revert the later changes first",
                T::KIND,
                change.slug,
                change.id
            ),
            current: now.map(|(_, v)| v),
        });
    }
    let Some(before) = &change.before else {
        // the change made the record: undoing it deletes it
        let deleted =
            remove::delete(w, txn, T::KIND, &change.slug, None, false, Some(change.id)).await?;
        return deleted
            .records
            .into_iter()
            .next()
            .ok_or_else(|| CurateError::NotFound(format!("no {} `{}`", T::KIND, change.slug)));
    };
    let record: T = serde_json::from_str(before).map_err(|e| {
        CurateError::Db(sea_orm::DbErr::Custom(format!("change {}: {e}", change.id)))
    })?;
    let existing = existing(txn).await?;
    let stored = match now {
        Some((id, version)) => Some((load::<T>(txn, id).await?, version)),
        None => None,
    };
    let before = stored.as_ref().map(|(record, version)| (record, *version));
    write_one(
        w,
        txn,
        &existing,
        Vec::new(),
        before,
        record,
        Some(change.id),
    )
    .await
}

/// Validates and writes one record (with the issues already found in its input), re-derives,
/// and records the change.
async fn write_one<T: Table>(
    w: &Writer<'_>,
    txn: &DatabaseTransaction,
    existing: &Existing,
    mut issues: Vec<Issue>,
    before: Option<(&T, i32)>,
    after: T,
    reverts: Option<i32>,
) -> Result<Written, CurateError> {
    let slug = after.slug().to_owned();
    let mut ds = Dataset::default();
    T::list_mut(&mut ds).push(after.clone());
    let files = [("input".to_owned(), ds)];
    issues.extend(validate(&files, existing));
    if !issues.is_empty() {
        return Err(CurateError::Invalid(issues));
    }
    let [(_, ds)] = files;
    let mut r = Resolver::default();
    collect_slugs(txn, &mut r, &mut HashSet::new()).await?;
    let children = Children::load(txn).await?;
    write_table::<T>(txn, &ds, &mut r, &children, &mut ImportReport::default()).await?;
    if T::KIND == Kind::SourceDocument && before.is_some() {
        let files = HashMap::from([(slug.clone(), "input".to_owned())]);
        let stale = stale_citations(txn, &files).await?;
        if !stale.is_empty() {
            return Err(CurateError::Invalid(stale));
        }
    }
    crate::domain::gid::fill(txn).await?;
    crate::domain::alive::derive::derive(txn).await?;
    crate::domain::search::rebuild(txn).await?;
    let Some((id, version)) = current(txn, T::KIND, &slug).await? else {
        return Err(CurateError::NotFound(format!(
            "no {} with slug `{slug}`",
            T::KIND
        )));
    };
    if before.is_some_and(|(_, v)| v == version) {
        return Ok(Written {
            kind: T::KIND,
            id,
            slug,
            version,
            change: None,
        });
    }
    let entry = history::Entry {
        kind: T::KIND,
        id,
        slug: slug.clone(),
        before: before.map(|(record, v)| (json(record), v)),
        after: Some((json(&after), version)),
        reverts,
    };
    let change = history::record(w, txn, entry).await?;
    tracing::info!(record = %typed(T::KIND, &slug), version, change, "record written");
    Ok(Written {
        kind: T::KIND,
        id,
        slug,
        version,
        change: Some(change),
    })
}

/// The record of `id` in the file format, with its names and citations.
pub async fn load<T: Table>(txn: &DatabaseTransaction, id: i32) -> Result<T, CurateError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mut r = Resolver::default();
    collect_slugs(txn, &mut r, &mut HashSet::new()).await?;
    let model = T::Entity::find()
        .filter(T::id_column().eq(id))
        .one(txn)
        .await?
        .ok_or_else(|| CurateError::NotFound(format!("no {} {id}", T::KIND)))?;
    let children = Children::load(txn).await?;
    let mut record = T::from_model(&model, &r);
    let (names, src) = children.entries(T::KIND, id, &r);
    record.set_children(names, src);
    Ok(record)
}

/// A record as JSON text, for the history.
pub fn json<T: serde::Serialize>(record: &T) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// Reads the fields into the record type, each problem an issue at its field.
fn parse<T: DeserializeOwned + Table>(
    slug: &str,
    fields: Map<String, Value>,
    issues: &mut Vec<Issue>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(Value::Object(fields)) {
        Ok(record) => Some(record),
        Err(err) => {
            let path = err.path().to_string();
            let field = if path == "." {
                "input".to_owned()
            } else {
                path
            };
            issues.push(issue(T::KIND, slug, &field, err.into_inner().to_string()));
            None
        }
    }
}
