//! The search index: one `search_entry` row per record with its names and text as keys, the
//! dictionary of those keys, and the version of the folding rules they were made with.

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    Statement, TransactionTrait, Value,
};

use super::{fold, placeholder};
use crate::entities::{
    citation, event, event_series, name_variant, organization, person, place, search_entry, work,
};

/// The text of one record for the index.
struct Entry {
    record_type: &'static str,
    record_id: i32,
    title: String,
    body: Vec<String>,
}

fn texts<'a>(items: impl IntoIterator<Item = &'a Option<String>>) -> Vec<String> {
    items.into_iter().flatten().cloned().collect()
}

/// A list column (JSON array text) as plain text.
fn list(column: &Option<String>) -> String {
    column
        .as_deref()
        .and_then(|t| serde_json::from_str::<Vec<String>>(t).ok())
        .unwrap_or_default()
        .join(", ")
}

/// Rebuilds the whole index from the records (inside the caller's transaction, if any).
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let mut names: HashMap<(String, i32), Vec<String>> = HashMap::new();
    for n in name_variant::Entity::find().all(db).await? {
        names
            .entry((n.record_type, n.record_id))
            .or_default()
            .push(n.name);
    }
    let mut entries: Vec<Entry> = Vec::new();
    for o in organization::Entity::find().all(db).await? {
        let mut body = texts([&o.description, &o.purpose]);
        body.push(list(&o.disciplines));
        entries.push(Entry {
            record_type: "organization",
            record_id: o.id,
            title: o.name,
            body,
        });
    }
    for p in person::Entity::find().all(db).await? {
        let mut body = texts([&p.description]);
        body.push(list(&p.occupations));
        entries.push(Entry {
            record_type: "person",
            record_id: p.id,
            title: p.name,
            body,
        });
    }
    for p in place::Entity::find().all(db).await? {
        entries.push(Entry {
            record_type: "place",
            record_id: p.id,
            title: p.name,
            body: Vec::new(),
        });
    }
    for s in event_series::Entity::find().all(db).await? {
        let mut body = texts([&s.description]);
        body.push(list(&s.disciplines));
        entries.push(Entry {
            record_type: "event_series",
            record_id: s.id,
            title: s.name,
            body,
        });
    }
    for e in event::Entity::find().all(db).await? {
        entries.push(Entry {
            record_type: "event",
            record_id: e.id,
            title: e.title,
            body: texts([&e.theme, &e.description]),
        });
    }
    for w in work::Entity::find().all(db).await? {
        entries.push(Entry {
            record_type: "work",
            record_id: w.id,
            title: w.title,
            body: texts([&w.identifier, &w.text]),
        });
    }
    for c in citation::Entity::find().all(db).await? {
        entries.push(Entry {
            record_type: "citation",
            record_id: c.id,
            title: String::new(),
            body: texts([&c.quote]),
        });
    }
    search_entry::Entity::delete_many().exec(db).await?;
    let mut dictionary: HashMap<String, i32> = HashMap::new();
    let rows: Vec<search_entry::ActiveModel> = entries
        .into_iter()
        .map(|e| {
            let variants = names
                .remove(&(e.record_type.to_owned(), e.record_id))
                .unwrap_or_default();
            let body: Vec<String> = e.body.into_iter().filter(|b| !b.is_empty()).collect();
            let body = body.join(" · ");
            let title_folded = folded(&e.title, &mut dictionary);
            let names_folded: Vec<String> = variants
                .iter()
                .map(|n| folded(n, &mut dictionary))
                .collect();
            let body_folded = folded(&body, &mut dictionary);
            search_entry::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                record_type: sea_orm::ActiveValue::Set(e.record_type.to_owned()),
                record_id: sea_orm::ActiveValue::Set(e.record_id),
                title_folded: sea_orm::ActiveValue::Set(title_folded),
                names_folded: sea_orm::ActiveValue::Set(names_folded.join("\n")),
                body_folded: sea_orm::ActiveValue::Set(body_folded),
                title: sea_orm::ActiveValue::Set(e.title),
                names: sea_orm::ActiveValue::Set(variants.join(" · ")),
                body: sea_orm::ActiveValue::Set(body),
            }
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        // 8 values a row: 16,000 per statement, under both databases' bounds
        let batch: Vec<_> = rows.by_ref().take(2_000).collect();
        search_entry::Entity::insert_many(batch).exec(db).await?;
    }
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.execute_unprepared("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            .await?;
    }
    write_dictionary(db, dictionary).await?;
    set_version(db).await
}

/// The keys of a text joined by spaces, each counted in the dictionary.
fn folded(text: &str, dictionary: &mut HashMap<String, i32>) -> String {
    let keys = fold::keys(text);
    for key in &keys {
        *dictionary.entry(key.clone()).or_default() += 1;
    }
    keys.join(" ")
}

/// Replaces the dictionary of the index's words.
async fn write_dictionary(
    db: &impl ConnectionTrait,
    dictionary: HashMap<String, i32>,
) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM search_term").await?;
    let mut words: Vec<(String, i32)> = dictionary.into_iter().collect();
    words.sort();
    let backend = db.get_database_backend();
    // 5 values a row: 5,000 per statement, under both databases' bounds
    for batch in words.chunks(1_000) {
        let mut values: Vec<Value> = Vec::with_capacity(batch.len() * 4);
        let mut rows = Vec::with_capacity(batch.len());
        for (key, n) in batch {
            let chars: Vec<char> = key.chars().collect();
            let initial: String = chars[..1.min(chars.len())].iter().collect();
            let last: String = chars[chars.len().saturating_sub(2)..].iter().collect();
            let len = i32::try_from(chars.len()).unwrap_or(i32::MAX);
            let at = values.len();
            values.extend([
                key.clone().into(),
                initial.into(),
                last.into(),
                len.into(),
                (*n).into(),
            ]);
            let p: Vec<String> = (1..=5).map(|i| placeholder(backend, at + i)).collect();
            rows.push(format!("({})", p.join(", ")));
        }
        let sql = format!(
            "INSERT INTO search_term (key, initial, ending, len, n) VALUES {}",
            rows.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// Records that the index holds the keys of the current folding rules.
async fn set_version(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM search_state").await?;
    let backend = db.get_database_backend();
    let sql = format!(
        "INSERT INTO search_state (id, version) VALUES (1, {})",
        placeholder(backend, 1)
    );
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [fold::VERSION.into()],
    ))
    .await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct VersionRow {
    version: i32,
}

/// Rebuilds the index, in one transaction, when it was built with other folding rules than
/// this server's (or never): at start-up, after the migrations.
pub async fn ensure(db: &DatabaseConnection) -> Result<(), DbErr> {
    let row = VersionRow::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT version FROM search_state WHERE id = 1",
    ))
    .one(db)
    .await?;
    if row.map(|r| r.version) == Some(fold::VERSION) {
        return Ok(());
    }
    tracing::info!(
        version = fold::VERSION,
        "rebuilding the search index for new folding rules"
    );
    let txn = db.begin().await?;
    rebuild(&txn).await?;
    txn.commit().await
}
