//! The dataset: the file format, import (validate everything, then write in one transaction),
//! export, and the bundled data.

pub mod bundled;
pub(crate) mod children;
mod display;
pub(crate) mod export;
pub mod format;
pub mod kind;
mod parse;
mod source;
pub(crate) mod table;
mod tables_core;
mod tables_links;
pub(crate) mod validate;
pub(crate) mod visit;
pub(crate) mod write;

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, TransactionTrait,
};

pub use format::Dataset;
pub use parse::{Issue, SourceFile, TextSource};
pub use write::{Counts, ImportReport};

use crate::entities::{event, organization, source_document, succession};
use kind::Kind;
use table::Resolver;
use validate::Existing;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input has problems; every one found is listed.
    #[error("the input has {} problem(s); nothing was written", .0.len())]
    Invalid(Vec<Issue>),
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

/// Parses files without touching the database.
pub fn parse_files(files: &[SourceFile]) -> Result<Vec<(String, Dataset)>, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut parsed = Vec::new();
    for file in files {
        let (ds, mut found) = parse::parse_file(file);
        issues.append(&mut found);
        parsed.push((file.name.clone(), ds));
    }
    if issues.is_empty() {
        Ok(parsed)
    } else {
        Err(issues)
    }
}

/// Concatenates the sections of several datasets, section by section (`Kind::ALL`).
pub fn merge(mut parts: Vec<(String, Dataset)>) -> Dataset {
    struct Merge<'a> {
        parts: &'a mut [(String, Dataset)],
        all: Dataset,
    }
    impl visit::Visitor for Merge<'_> {
        fn visit<T: table::Table>(&mut self) {
            for (_, ds) in self.parts.iter_mut() {
                T::list_mut(&mut self.all).append(T::list_mut(ds));
            }
        }
    }
    let mut merge = Merge {
        parts: &mut parts,
        all: Dataset::default(),
    };
    visit::visit_all(&mut merge);
    merge.all
}

/// Validates the files against each other and the database, then writes them in one
/// transaction. On any problem nothing is written.
pub async fn import(
    db: &DatabaseConnection,
    files: &[SourceFile],
) -> Result<ImportReport, ImportError> {
    let parsed = parse_files(files).map_err(ImportError::Invalid)?;
    let txn = db.begin().await?;
    let existing = existing(&txn).await?;
    let issues = validate::validate(&parsed, &existing);
    if !issues.is_empty() {
        txn.rollback().await?;
        return Err(ImportError::Invalid(issues));
    }
    let doc_files: HashMap<String, String> = parsed
        .iter()
        .flat_map(|(file, ds)| {
            ds.source_documents
                .iter()
                .map(move |d| (d.slug.clone(), file.clone()))
        })
        .collect();
    let report = write::write_all(&txn, &merge(parsed)).await?;
    if report
        .sections
        .get("source_documents")
        .is_some_and(|c| c.updated > 0)
    {
        let stale = stale_citations(&txn, &doc_files).await?;
        if !stale.is_empty() {
            txn.rollback().await?;
            return Err(ImportError::Invalid(stale));
        }
    }
    crate::domain::alive::derive::derive(&txn).await?;
    crate::domain::search::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(report)
}

/// Recomputes everything derived from the stored records, in one transaction: the columns
/// the importer derives from EDTF dates (year windows, the certain reading) and the search
/// index. Run after a migration adds derived columns; a no-op rewrite otherwise.
pub async fn refresh_derived(db: &DatabaseConnection) -> Result<ImportReport, DbErr> {
    let txn = db.begin().await?;
    let dataset = export::export_dataset(&txn).await?;
    let report = write::write_all(&txn, &dataset).await?;
    crate::domain::alive::derive::derive(&txn).await?;
    crate::domain::search::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(report)
}

/// Citations whose quote is no longer on its line, after a document's text changed.
/// Each issue names the input file that changed the document.
pub(crate) async fn stale_citations(
    db: &impl ConnectionTrait,
    doc_files: &HashMap<String, String>,
) -> Result<Vec<Issue>, DbErr> {
    use crate::entities::citation;
    let documents: HashMap<i32, source_document::Model> = source_document::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut issues = Vec::new();
    for c in citation::Entity::find().all(db).await? {
        let (Some(doc), Some(line), Some(quote)) = (
            c.document_id.and_then(|id| documents.get(&id)),
            c.line,
            &c.quote,
        ) else {
            continue;
        };
        let on_line = usize::try_from(line)
            .ok()
            .and_then(|n| doc.text.lines().nth(n.saturating_sub(1)))
            .is_some_and(|text| text.contains(quote.as_str()));
        if !on_line {
            issues.push(Issue {
                file: doc_files.get(&doc.slug).cloned().unwrap_or_default(),
                section: Some(c.record_type.clone()),
                slug: Some(c.slug.clone()),
                field: Some("quote".into()),
                reason: format!(
                    "the new text of `{}` no longer has this quote on line {line}: \"{quote}\"",
                    doc.slug
                ),
            });
        }
    }
    Ok(issues)
}

/// Loads the bundled dataset when the database holds no source document yet.
pub async fn load_bundled_if_empty(
    db: &DatabaseConnection,
) -> Result<Option<ImportReport>, ImportError> {
    if source_document::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    import(db, &bundled::files()).await.map(Some)
}

/// The whole database in the file format, as YAML.
pub async fn export(db: &DatabaseConnection) -> Result<String, DbErr> {
    let txn = db.begin().await?;
    let dataset = export::export_dataset(&txn).await?;
    txn.commit().await?;
    serde_saphyr::to_string(&dataset)
        .map_err(|e| DbErr::Custom(format!("cannot serialize the export: {e}")))
}

/// The parsed bundled dataset (for tests and counts).
pub fn bundled_dataset() -> Result<Dataset, Vec<Issue>> {
    parse_files(&bundled::files()).map(merge)
}

/// What validation needs to know about the database.
pub(crate) async fn existing(db: &impl ConnectionTrait) -> Result<Existing, DbErr> {
    let mut r = Resolver::default();
    let mut slugs = std::collections::HashSet::new();
    collect_slugs(db, &mut r, &mut slugs).await?;
    let documents = source_document::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.slug, d.text))
        .collect();
    let successions = succession::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let ends = (
                r.slug(Kind::Organization, s.predecessor_id),
                r.slug(Kind::Organization, s.successor_id),
            );
            (s.slug, ends)
        })
        .collect();
    let mut parents = HashMap::new();
    for o in organization::Entity::find().all(db).await? {
        if let Some(p) = o.parent_id {
            parents.insert((Kind::Organization, o.slug), r.slug(Kind::Organization, p));
        }
    }
    for e in event::Entity::find().all(db).await? {
        if let Some(p) = e.parent_id {
            parents.insert((Kind::Event, e.slug), r.slug(Kind::Event, p));
        }
    }
    Ok(Existing {
        slugs,
        documents,
        successions,
        parents,
    })
}

pub(crate) async fn collect_slugs(
    db: &impl ConnectionTrait,
    r: &mut Resolver,
    slugs: &mut std::collections::HashSet<(Kind, String)>,
) -> Result<(), DbErr> {
    for kind in Kind::ALL {
        let sql = format!("SELECT id, slug FROM \"{}\"", kind.table());
        let statement = sea_orm::Statement::from_string(db.get_database_backend(), sql);
        for row in db.query_all_raw(statement).await? {
            let id: i32 = row.try_get_by_index(0)?;
            let slug: String = row.try_get_by_index(1)?;
            r.insert(kind, &slug, id);
            slugs.insert((kind, slug));
        }
    }
    Ok(())
}

/// Row counts of every table, in write order, plus names and citations.
pub async fn table_counts(db: &impl ConnectionTrait) -> Result<Vec<(&'static str, u64)>, DbErr> {
    let tables = Kind::ALL
        .iter()
        .map(|k| k.table())
        .chain(["name_variant", "citation"]);
    let mut out = Vec::new();
    for table in tables {
        // roles derived from series and relations are not records of the dataset
        let stated = if table == Kind::Participation.table() {
            " WHERE derived_from IS NULL"
        } else {
            ""
        };
        let sql = format!("SELECT COUNT(*) FROM \"{table}\"{stated}");
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await?;
        let count: i64 = match row {
            Some(row) => row.try_get_by_index(0)?,
            None => 0,
        };
        out.push((table, u64::try_from(count).unwrap_or_default()));
    }
    Ok(out)
}
