//! Search over organizations, people, places, event series, events, works and citations, by
//! what people type: any romanization or Cyrillic, typos, the start of a word.
//!
//! Each searchable record has one `search_entry` row: its name (`title`), its other names from
//! `name_variant` (`names`, so the source's misspelling "Erenst Hemingway" finds Ernest
//! Hemingway), its descriptive text (`body`), and the [`fold::keys`] of each, one key per
//! word, in the `…_folded` columns. Every query word is folded the same way and matches a word
//! of a record that
//!
//! - equals it, or starts with it (`rossotrud` finds Rossotrudnichestvo), or
//! - is within its typo budget (1 from 5 letters, 2 from 9; [`fold::typo_budget`]): the
//!   `search_term` dictionary gives the index's words with the same first letter or the same
//!   last two letters and a length within the budget, and the optimal-string-alignment
//!   distance picks the close ones.
//!
//! The database finds the entries holding every word (PostgreSQL: the generated `tsvector`
//! with a GIN index and `to_tsquery`; SQLite: an external-content FTS5 table), ordered by its
//! own relevance function with the names weighted far above the text. The best
//! [`WINDOW`] of those are then ordered by the rules of [`rank`] (a name equal to the query
//! first, citations last), ties by record type and id, so both databases give the same
//! order; hits further down keep the database's order.
//!
//! Every query word must match; a query of several words that no record matches whole finds
//! the records matching some of its words instead, fewest missing first ("Lev Trotsky": no
//! record has "lev", Leo Trotsky has "trotsky").
//!
//! The index is derived data: imports and the generator rebuild it inside their transaction,
//! [`index::ensure`] rebuilds it at start-up when the folding rules changed, and
//! [`index::rebuild`] can be run at any time.

pub mod fold;
pub mod index;
pub mod rank;
mod snippet;

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, FromQueryResult, Statement, Value};

pub use index::{ensure, rebuild};
use rank::{Rank, Term, Text};

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
/// How many of the database's best hits the ranking rules order; hits past it keep the
/// database's order.
pub const WINDOW: u64 = 200;
/// Most dictionary words a query word with typos is also searched as (the closest first).
const MAX_ALTERNATIVES: usize = 12;
/// Most dictionary words a query word is searched as the start of (the most frequent first).
const MAX_PREFIXES: usize = 64;

/// A parsed query: its folded words, and the record types it is limited to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Query {
    /// Every word's key, in order (for whole-name matches).
    pub phrase: Vec<String>,
    /// The distinct words, each with its typo budget.
    pub terms: Vec<Term>,
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
        let words = fold::norm(text);
        let mut phrase = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        for word in words.split(' ').filter(|w| !w.is_empty()) {
            let key = fold::word_key(word);
            if !terms.iter().any(|t| t.key == key) {
                terms.push(Term {
                    budget: fold::typo_budget(&key),
                    prefix: fold::prefix_key(word),
                    key: key.clone(),
                });
            }
            phrase.push(key);
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
        Ok(Query {
            phrase,
            terms,
            tables,
        })
    }

    /// A short stable text identifying the query, for cursors.
    pub fn fingerprint(&self) -> String {
        let text = format!("{}|{}", self.phrase.join(" "), self.tables.join(","));
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
    /// Relevance, higher is better: see [`rank::score`].
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
    title_folded: String,
    names_folded: String,
    body_folded: String,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct WordRow {
    key: String,
    n: i32,
}

/// The words of the index each term is searched as: those it is the start of (the most
/// frequent [`MAX_PREFIXES`], itself first) and, for a term with a typo budget, those within
/// it (the closest [`MAX_ALTERNATIVES`]). One statement on the `search_term` dictionary, so
/// the full-text index is then asked for whole words only, its fast path.
async fn alternatives(db: &impl ConnectionTrait, q: &Query) -> Result<Vec<Vec<String>>, DbErr> {
    let backend = db.get_database_backend();
    let mut values: Vec<Value> = Vec::new();
    let mut conds = Vec::new();
    let push = |values: &mut Vec<Value>, v: Value| {
        values.push(v);
        placeholder(backend, values.len())
    };
    for term in &q.terms {
        // the words it is the start of: a range of the dictionary's key index
        let mut starts = vec![term.prefix.as_str()];
        if !term.key.starts_with(term.prefix.as_str()) {
            starts.push(term.key.as_str());
        }
        for start in starts {
            let from = push(&mut values, start.to_owned().into());
            let to = push(&mut values, after_prefix(start).into());
            conds.push(match backend {
                DatabaseBackend::Postgres => {
                    format!("(key COLLATE \"C\" >= {from} AND key COLLATE \"C\" < {to})")
                }
                _ => format!("(key >= {from} AND key < {to})"),
            });
        }
        // a word with a typo keeps its first letter or its last two: one probe for each, both
        // on an index of the dictionary
        if term.budget > 0 {
            let chars: Vec<char> = term.key.chars().collect();
            let len = chars.len();
            let initial: String = chars[..1].iter().collect();
            let last: String = chars[len.saturating_sub(2)..].iter().collect();
            for (column, value) in [("initial", initial), ("ending", last)] {
                let a = push(&mut values, value.into());
                let lo = i32::try_from(len.saturating_sub(term.budget)).unwrap_or(0);
                let b = push(&mut values, lo.into());
                let hi = i32::try_from(len + term.budget).unwrap_or(i32::MAX);
                let c = push(&mut values, hi.into());
                conds.push(format!("({column} = {a} AND len BETWEEN {b} AND {c})"));
            }
        }
    }
    let sql = format!(
        "SELECT DISTINCT key, n FROM search_term WHERE {}",
        conds.join(" OR ")
    );
    let words = WordRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    Ok(q.terms.iter().map(|term| words_for(term, &words)).collect())
}

/// The dictionary's words a term is searched as, from the rows of [`alternatives`].
fn words_for(term: &Term, words: &[WordRow]) -> Vec<String> {
    let starts = |w: &&WordRow| {
        w.key.starts_with(term.prefix.as_str()) || w.key.starts_with(term.key.as_str())
    };
    let mut prefixed: Vec<&WordRow> = words.iter().filter(starts).collect();
    // the word itself, then the most frequent
    prefixed.sort_by_key(|w| (w.key != term.key, std::cmp::Reverse(w.n), w.key.len()));
    let mut out: Vec<String> = prefixed
        .iter()
        .take(MAX_PREFIXES)
        .map(|w| w.key.clone())
        .collect();
    if term.budget > 0 {
        let mut close: Vec<(usize, &str)> = words
            .iter()
            .filter(|w| !starts(w))
            .filter(|w| w.key.len().abs_diff(term.key.len()) <= term.budget)
            .map(|w| (strsim::osa_distance(&term.key, &w.key), w.key.as_str()))
            .filter(|(d, _)| *d <= term.budget)
            .collect();
        close.sort();
        out.extend(
            close
                .into_iter()
                .take(MAX_ALTERNATIVES)
                .map(|(_, w)| w.to_owned()),
        );
    }
    out
}

/// The first text after every text starting with `prefix` (keys are ASCII letters and digits).
fn after_prefix(prefix: &str) -> String {
    let mut out = prefix.to_owned();
    match out.pop() {
        Some(last) => out.push(char::from(last as u8 + 1)),
        None => out.push('\u{7f}'),
    }
    out
}

fn placeholder(backend: DatabaseBackend, n: usize) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// Whether a hit must hold every query word, or some (when none holds them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Words {
    All,
    Some,
}

/// Whether the terms' words can match anything: each term has some word (all of them, or
/// one when some words are enough).
fn searchable(alts: &[Vec<String>], words: Words) -> bool {
    match words {
        Words::All => alts.iter().all(|a| !a.is_empty()),
        Words::Some => alts.iter().any(|a| !a.is_empty()),
    }
}

/// The matching condition and its parameters, for the backend: every term (or some), as a
/// prefix or as one of its alternatives.
fn matching(
    backend: DatabaseBackend,
    q: &Query,
    alts: &[Vec<String>],
    words: Words,
) -> (String, Vec<Value>) {
    let mut values: Vec<Value> = Vec::new();
    // every term as one of its words; with no word, a term matches nothing
    let parts = q
        .terms
        .iter()
        .zip(alts)
        .filter(|(_, alts)| !alts.is_empty());
    let (from, cond) = match backend {
        DatabaseBackend::Postgres => {
            let parts: Vec<String> = parts
                .map(|(_, alts)| format!("({})", alts.join(" | ")))
                .collect();
            let and = if words == Words::All { " & " } else { " | " };
            values.push(parts.join(and).into());
            (
                "search_entry e, to_tsquery('simple', $1) q".to_owned(),
                "e.document @@ q".to_owned(),
            )
        }
        _ => {
            let parts: Vec<String> = parts
                .map(|(_, alts)| {
                    let quoted: Vec<String> = alts.iter().map(|a| format!("\"{a}\"")).collect();
                    format!("({})", quoted.join(" OR "))
                })
                .collect();
            let and = if words == Words::All { " AND " } else { " OR " };
            values.push(parts.join(and).into());
            (
                "search_fts JOIN search_entry e ON e.id = search_fts.rowid".to_owned(),
                "search_fts MATCH ?".to_owned(),
            )
        }
    };
    let mut types = Vec::new();
    for t in &q.tables {
        values.push((*t).to_owned().into());
        types.push(placeholder(backend, values.len()));
    }
    let sql = format!(
        "FROM {from} WHERE {cond} AND e.record_type IN ({})",
        types.join(", ")
    );
    (sql, values)
}

/// The entries matching the query in the database's order: `limit` after skipping `offset`.
async fn fetch(
    db: &impl ConnectionTrait,
    q: &Query,
    (alts, words): (&[Vec<String>], Words),
    offset: u64,
    limit: u64,
) -> Result<Vec<Row>, DbErr> {
    if !searchable(alts, words) {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let (from, mut values) = matching(backend, q, alts, words);
    // names weigh far above the text, so the records people mean are in the window
    let score = match backend {
        DatabaseBackend::Postgres => "ts_rank_cd('{0.05, 0.1, 0.8, 1.0}', e.document, q)",
        _ => "-bm25(search_fts, 10.0, 8.0, 1.0)",
    };
    let order: Vec<String> = TABLES
        .iter()
        .enumerate()
        .map(|(i, t)| format!("WHEN '{t}' THEN {i}"))
        .collect();
    values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
    let lim = placeholder(backend, values.len());
    values.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    let off = placeholder(backend, values.len());
    let sql = format!(
        "SELECT e.record_type, e.record_id, e.title, e.names, e.body, e.title_folded, \
         e.names_folded, e.body_folded {from} \
         ORDER BY {score} DESC, CASE e.record_type {} END, e.record_id LIMIT {lim} OFFSET {off}",
        order.join(" ")
    );
    Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await
}

fn words(folded: &str) -> Vec<String> {
    folded.split_whitespace().map(str::to_owned).collect()
}

impl Row {
    fn text(&self) -> Text {
        let mut names = vec![words(&self.title_folded)];
        names.extend(
            self.names_folded
                .split('\n')
                .map(words)
                .filter(|n| !n.is_empty()),
        );
        Text {
            names,
            body: words(&self.body_folded),
            citation: self.record_type == "citation",
        }
    }

    fn rank(&self, q: &Query, words: Words) -> Option<Rank> {
        match words {
            Words::All => rank::rank(&q.phrase, &q.terms, &self.text()),
            Words::Some => rank::rank_some(&q.phrase, &q.terms, &self.text()),
        }
    }

    fn hit(self, q: &Query, rank: Option<&Rank>) -> Hit {
        Hit {
            snippet: snippet::snippet(&q.terms, [&self.title, &self.names, &self.body]),
            score: rank::score(rank),
            record_type: self.record_type,
            record_id: self.record_id,
        }
    }
}

/// Whether any record holds every query word; if not, a query of several words finds the
/// records holding some of them.
async fn words_needed(
    db: &impl ConnectionTrait,
    q: &Query,
    alts: &[Vec<String>],
) -> Result<Words, DbErr> {
    if q.terms.len() < 2 || !fetch(db, q, (alts, Words::All), 0, 1).await?.is_empty() {
        return Ok(Words::All);
    }
    Ok(Words::Some)
}

/// One page of hits, best first: `limit` hits after skipping `offset`.
pub async fn hits(
    db: &impl ConnectionTrait,
    q: &Query,
    offset: u64,
    limit: u64,
) -> Result<Vec<Hit>, DbErr> {
    let alts = alternatives(db, q).await?;
    let end = offset.saturating_add(limit);
    let mut out = Vec::new();
    let mut mode = Words::All;
    if offset < WINDOW {
        let mut rows = fetch(db, q, (&alts, mode), 0, WINDOW).await?;
        if rows.is_empty() && q.terms.len() > 1 {
            mode = Words::Some;
            rows = fetch(db, q, (&alts, mode), 0, WINDOW).await?;
        }
        let mut ranked: Vec<(Option<Rank>, (usize, i32), Row)> = rows
            .into_iter()
            .map(|row| {
                let r = row.rank(q, mode);
                let order = TABLES.iter().position(|t| *t == row.record_type);
                (r, (order.unwrap_or(TABLES.len()), row.record_id), row)
            })
            .collect();
        // record type and id break ties, the same on both databases
        ranked.sort_by(|a, b| rank::compare(a.0.as_ref(), b.0.as_ref()).then(a.1.cmp(&b.1)));
        let take = usize::try_from(end.min(WINDOW) - offset).unwrap_or(0);
        for (r, _, row) in ranked
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(0))
            .take(take)
        {
            out.push(row.hit(q, r.as_ref()));
        }
    } else {
        mode = words_needed(db, q, &alts).await?;
    }
    if end > WINDOW {
        let from = offset.max(WINDOW);
        for row in fetch(db, q, (&alts, mode), from, end - from).await? {
            let r = row.rank(q, mode);
            out.push(row.hit(q, r.as_ref()));
        }
    }
    Ok(out)
}

/// How many records match.
pub async fn count(db: &impl ConnectionTrait, q: &Query) -> Result<u64, DbErr> {
    let alts = alternatives(db, q).await?;
    // records with every word; only when there are none, those with some
    let all = count_with(db, q, &alts, Words::All).await?;
    if all > 0 || q.terms.len() < 2 {
        return Ok(all);
    }
    count_with(db, q, &alts, Words::Some).await
}

async fn count_with(
    db: &impl ConnectionTrait,
    q: &Query,
    alts: &[Vec<String>],
    words: Words,
) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    if !searchable(alts, words) {
        return Ok(0);
    }
    let (from, values) = matching(backend, q, alts, words);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n {from}");
    let row = CountRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .one(db)
        .await?;
    Ok(row.map_or(0, |r| u64::try_from(r.n).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_checked() {
        let q = Query::new("Erenst  HEMINGWAY erenst", None).unwrap_or_else(|e| panic!("{e}"));
        let keys: Vec<&str> = q.terms.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["erenst", "heminhvai"]);
        assert_eq!(q.phrase.len(), 3);
        assert_eq!(q.tables.len(), TABLES.len());
        assert!(Query::new(" ?! ", None).is_err());
        assert!(Query::new("a", Some(&[])).is_err());
        let many = "one two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen seventeen";
        assert!(Query::new(many, None).is_err());
        assert!(
            Query::new(&"word ".repeat(17), None).is_ok(),
            "repeats count once"
        );
        assert!(Query::new(&"x".repeat(MAX_TEXT + 1), None).is_err());
    }
}
