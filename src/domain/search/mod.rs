//! Full-text search over organizations, people, places, event series, events, works and
//! citations.
//!
//! Each searchable record has one `search_entry` row: its name (`title`), its other names from
//! `name_variant` (`names`, so the source misspelling "Erenst Hemingway" finds Ernest
//! Hemingway) and its descriptive text (`body`). The database indexes a *folded* copy of each:
//! transliterated to ASCII, lower case, every run of other characters a single space, so
//! "Nexø", "NEXO" and "Nexo" are one word, and Cyrillic names are found in Latin letters. The
//! query is folded the same way, so matching is the same on both databases:
//!
//! - PostgreSQL: a generated `tsvector` (`simple` configuration, weights A/B/C for title, names
//!   and body) with a GIN index, matched with `to_tsquery` and ranked with `ts_rank_cd`
//!   (cover density: matched words close together rank higher; normalisation 1 divides by
//!   the log of the entry's length).
//! - SQLite: an external-content FTS5 table over the folded columns, ranked with `bm25` using
//!   the same column weights (1, 0.4, 0.2).
//!
//! Every word of the query must match the start of a word of the entry (`nexo` matches
//! `nexø`; `hemingw` matches `hemingway`). Hits are ordered by score, best first, then by
//! record type and id, so ties are stable. Scores come from each database's own ranking
//! function: they order one result list and are not comparable across databases.
//!
//! The index is derived data: the import rebuilds it inside its transaction, and
//! [`rebuild`] can be run at any time.

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, FromQueryResult, Statement, Value,
};

use crate::entities::{
    citation, event, event_series, name_variant, organization, person, place, search_entry, work,
};

/// The tables search covers, in the order ties are broken.
pub const TABLES: [&str; 7] = [
    "organization",
    "person",
    "place",
    "event_series",
    "event",
    "work",
    "citation",
];

/// Most words a query may have.
pub const MAX_TERMS: usize = 16;
/// Longest query text, in characters.
pub const MAX_TEXT: usize = 500;
/// Words of context a snippet shows.
const SNIPPET_WORDS: usize = 24;

/// Folds text for the index and for queries: ASCII transliteration (`ø` → `o`, `Москва` →
/// `Moskva`), lower case, and every run of characters other than letters and digits one space.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut space = true;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A parsed query: its folded words, and the record types it is limited to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Query {
    /// Folded words, each matched as a prefix; all must match.
    pub terms: Vec<String>,
    /// Tables to search (a subset of [`TABLES`]), in [`TABLES`] order.
    pub tables: Vec<&'static str>,
}

impl Query {
    /// Parses the text and types of a search, or says why it cannot run.
    pub fn new(text: &str, tables: Option<&[&'static str]>) -> Result<Self, String> {
        if text.chars().count() > MAX_TEXT {
            return Err(format!(
                "the search text is longer than {MAX_TEXT} characters"
            ));
        }
        let mut terms: Vec<String> = Vec::new();
        for word in fold(text).split(' ').filter(|w| !w.is_empty()) {
            if !terms.iter().any(|t| t == word) {
                terms.push(word.to_owned());
            }
        }
        if terms.is_empty() {
            return Err("the search text has no letters or digits".into());
        }
        if terms.len() > MAX_TERMS {
            return Err(format!(
                "the search text has {} words; at most {MAX_TERMS} are allowed",
                terms.len()
            ));
        }
        let tables = match tables {
            Some([]) => {
                return Err("`types` is empty: give at least one record type, or omit it".into());
            }
            Some(chosen) => TABLES
                .iter()
                .copied()
                .filter(|t| chosen.contains(t))
                .collect(),
            None => TABLES.to_vec(),
        };
        Ok(Query { terms, tables })
    }

    /// A short stable text identifying the query, for cursors.
    pub fn fingerprint(&self) -> String {
        let text = format!("{}|{}", self.terms.join(" "), self.tables.join(","));
        super::listing::fingerprint("search", &text)
    }
}

/// One hit: the record, its score and a snippet of the text that matched.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Table of the record.
    pub record_type: String,
    /// Id of the record.
    pub record_id: i32,
    /// Relevance, higher is better (the database's own ranking function).
    pub score: f64,
    /// The text that matched, matched words in `**bold**`, cut to a few words around them.
    pub snippet: String,
}

#[derive(FromQueryResult)]
struct Row {
    record_type: String,
    record_id: i32,
    title: String,
    names: String,
    body: String,
    score: f64,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

/// The matching condition and its parameters, for the backend.
fn matching(backend: DatabaseBackend, q: &Query) -> (String, Vec<Value>) {
    let mut values: Vec<Value> = Vec::new();
    let mut param = |v: Value| {
        values.push(v);
        match backend {
            DatabaseBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_owned(),
        }
    };
    let (from, cond) = match backend {
        DatabaseBackend::Postgres => {
            let tsquery: Vec<String> = q.terms.iter().map(|t| format!("{t}:*")).collect();
            let p = param(tsquery.join(" & ").into());
            (
                format!("search_entry e, to_tsquery('simple', {p}) q"),
                "e.document @@ q".to_owned(),
            )
        }
        _ => {
            let fts: Vec<String> = q.terms.iter().map(|t| format!("\"{t}\"*")).collect();
            let p = param(fts.join(" AND ").into());
            (
                "search_fts JOIN search_entry e ON e.id = search_fts.rowid".to_owned(),
                format!("search_fts MATCH {p}"),
            )
        }
    };
    let types: Vec<String> = q
        .tables
        .iter()
        .map(|t| param((*t).to_owned().into()))
        .collect();
    let sql = format!(
        "FROM {from} WHERE {cond} AND e.record_type IN ({})",
        types.join(", ")
    );
    (sql, values)
}

/// One page of hits, best first: `limit` hits after skipping `offset`.
pub async fn hits(
    db: &impl ConnectionTrait,
    q: &Query,
    offset: u64,
    limit: u64,
) -> Result<Vec<Hit>, DbErr> {
    let backend = db.get_database_backend();
    let (from, mut values) = matching(backend, q);
    let score = match backend {
        DatabaseBackend::Postgres => "CAST(ts_rank_cd(e.document, q, 1) AS DOUBLE PRECISION)",
        _ => "-bm25(search_fts, 1.0, 0.4, 0.2)",
    };
    let order: Vec<String> = TABLES
        .iter()
        .enumerate()
        .map(|(i, t)| format!("WHEN '{t}' THEN {i}"))
        .collect();
    let (lim, off) = match backend {
        DatabaseBackend::Postgres => (
            format!("${}", values.len() + 1),
            format!("${}", values.len() + 2),
        ),
        _ => ("?".to_owned(), "?".to_owned()),
    };
    values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
    values.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    let sql = format!(
        "SELECT e.record_type, e.record_id, e.title, e.names, e.body, {score} AS score {from} \
         ORDER BY score DESC, CASE e.record_type {} END, e.record_id LIMIT {lim} OFFSET {off}",
        order.join(" ")
    );
    let rows = Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Hit {
            snippet: snippet(&q.terms, [&r.title, &r.names, &r.body]),
            record_type: r.record_type,
            record_id: r.record_id,
            score: r.score,
        })
        .collect())
}

/// How many records match.
pub async fn count(db: &impl ConnectionTrait, q: &Query) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let (from, values) = matching(backend, q);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n {from}");
    let row = CountRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .one(db)
        .await?;
    Ok(row.map_or(0, |r| u64::try_from(r.n).unwrap_or(0)))
}

/// Whether a written word matches a query term: some folded part of it starts with the term.
fn matches(word: &str, terms: &[String]) -> bool {
    fold(word)
        .split(' ')
        .any(|part| !part.is_empty() && terms.iter().any(|t| part.starts_with(t.as_str())))
}

/// The snippet of the text that best matches: the field (title, names, body) matching the most
/// distinct terms, cut to a window of words around its first match, matches in `**bold**`.
fn snippet(terms: &[String], fields: [&str; 3]) -> String {
    let distinct = |text: &str| {
        terms
            .iter()
            .filter(|t| {
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|w| matches(w, std::slice::from_ref(t)))
            })
            .count()
    };
    let mut best = fields[0];
    let mut best_n = distinct(fields[0]);
    for field in &fields[1..] {
        let n = distinct(field);
        if n > best_n {
            best = field;
            best_n = n;
        }
    }
    let words: Vec<&str> = best.split_whitespace().collect();
    let first = words
        .iter()
        .position(|w| {
            w.split(|c: char| !c.is_alphanumeric())
                .any(|p| matches(p, terms))
        })
        .unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_WORDS / 3);
    let end = (start + SNIPPET_WORDS).min(words.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, w) in words[start..end].iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if w.split(|c: char| !c.is_alphanumeric())
            .any(|p| matches(p, terms))
        {
            out.push_str("**");
            out.push_str(w);
            out.push_str("**");
        } else {
            out.push_str(w);
        }
    }
    if end < words.len() {
        out.push('…');
    }
    out
}

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
    let rows: Vec<search_entry::ActiveModel> = entries
        .into_iter()
        .map(|e| {
            let alias = names
                .remove(&(e.record_type.to_owned(), e.record_id))
                .unwrap_or_default()
                .join(" · ");
            let body: Vec<String> = e.body.into_iter().filter(|b| !b.is_empty()).collect();
            let body = body.join(" · ");
            search_entry::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                record_type: sea_orm::ActiveValue::Set(e.record_type.to_owned()),
                record_id: sea_orm::ActiveValue::Set(e.record_id),
                title_folded: sea_orm::ActiveValue::Set(fold(&e.title)),
                names_folded: sea_orm::ActiveValue::Set(fold(&alias)),
                body_folded: sea_orm::ActiveValue::Set(fold(&body)),
                title: sea_orm::ActiveValue::Set(e.title),
                names: sea_orm::ActiveValue::Set(alias),
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_script() {
        assert_eq!(fold("Martin Andersen Nexø"), "martin andersen nexo");
        assert_eq!(fold("NEXO"), "nexo");
        assert_eq!(
            fold("Slavyanski Bazaar in Vitebsk!"),
            "slavyanski bazaar in vitebsk"
        );
        assert_eq!(fold("Москва"), "moskva");
        assert_eq!(fold("  --  "), "");
    }

    #[test]
    fn queries_are_checked_and_snippets_mark_matches() {
        let q = Query::new("Erenst  HEMINGWAY erenst", None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.terms, ["erenst", "hemingway"]);
        assert_eq!(q.tables.len(), TABLES.len());
        assert!(Query::new(" ?! ", None).is_err());
        assert!(Query::new("a", Some(&[])).is_err());
        let many: Vec<String> = (0..17).map(|i| format!("w{i}")).collect();
        assert!(Query::new(&many.join(" "), None).is_err());
        assert!(
            Query::new(&"word ".repeat(17), None).is_ok(),
            "repeats count once"
        );
        let terms = ["nexo".to_owned()];
        assert_eq!(
            snippet(&terms, ["Martin Andersen Nexo", "Martin Andersen Nexø", ""]),
            "Martin Andersen **Nexo**"
        );
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone \
                    twentytwo twentythree twentyfour twentyfive twentysix twentyseven nexø.";
        let s = snippet(&terms, ["", "", long]);
        assert!(s.starts_with('…') && s.ends_with("**nexø.**"), "{s}");
    }
}
