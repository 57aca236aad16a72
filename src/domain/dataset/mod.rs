//! The dataset: the file format, import (validate everything, then write in one transaction),
//! export, and the bundled data.

pub mod bundled;
mod children;
mod display;
mod export;
pub mod format;
pub mod kind;
mod parse;
mod source;
mod table;
mod tables_core;
mod tables_links;
mod validate;
mod visit;
mod write;

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, TransactionTrait,
};

pub use format::Dataset;
pub use parse::{Issue, SourceFile, TextSource};
pub use write::{Counts, ImportReport};

use crate::entities::{event, organization, organization_succession, source_document};
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

/// Concatenates the sections of several datasets.
pub fn merge(parts: Vec<(String, Dataset)>) -> Dataset {
    let mut all = Dataset::default();
    for (_, mut ds) in parts {
        all.documents.append(&mut ds.documents);
        all.places.append(&mut ds.places);
        all.place_parts.append(&mut ds.place_parts);
        all.organizations.append(&mut ds.organizations);
        all.persons.append(&mut ds.persons);
        all.memberships.append(&mut ds.memberships);
        all.successions.append(&mut ds.successions);
        all.works.append(&mut ds.works);
        all.event_series.append(&mut ds.event_series);
        all.events.append(&mut ds.events);
        all.participations.append(&mut ds.participations);
        all.event_places.append(&mut ds.event_places);
        all.relations.append(&mut ds.relations);
        all.statistics.append(&mut ds.statistics);
    }
    all
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
            ds.documents
                .iter()
                .map(move |d| (d.slug.clone(), file.clone()))
        })
        .collect();
    let report = write::write_all(&txn, &merge(parsed)).await?;
    if report
        .sections
        .get("documents")
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
async fn stale_citations(
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
async fn existing(db: &impl ConnectionTrait) -> Result<Existing, DbErr> {
    let mut r = Resolver::default();
    let mut slugs = std::collections::HashSet::new();
    collect_slugs(db, &mut r, &mut slugs).await?;
    let documents = source_document::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.slug, d.text))
        .collect();
    let successions = organization_succession::Entity::find()
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

async fn collect_slugs(
    db: &impl ConnectionTrait,
    r: &mut Resolver,
    slugs: &mut std::collections::HashSet<(Kind, String)>,
) -> Result<(), DbErr> {
    use format::*;
    macro_rules! each {
        ($($t:ty),*) => {$(
            for m in write::load_table::<$t>(db, r).await? {
                slugs.insert((<$t as table::Table>::KIND, <$t as table::Table>::model_slug(&m).to_owned()));
            }
        )*};
    }
    each!(
        DocumentRecord,
        PlaceRecord,
        PlacePartRecord,
        OrganizationRecord,
        PersonRecord,
        EventSeriesRecord,
        EventRecord,
        WorkRecord,
        MembershipRecord,
        SuccessionRecord,
        ParticipationRecord,
        EventPlaceRecord,
        RelationRecord,
        StatisticRecord
    );
    Ok(())
}

/// Row counts of every table, in write order, plus names and citations.
pub async fn table_counts(db: &impl ConnectionTrait) -> Result<Vec<(&'static str, u64)>, DbErr> {
    use crate::entities::*;
    macro_rules! count {
        ($($m:ident),*) => {
            vec![$((stringify!($m), $m::Entity::find().count(db).await?)),*]
        };
    }
    Ok(count!(
        source_document,
        place,
        place_part_of,
        organization,
        person,
        event_series,
        event,
        work,
        membership,
        organization_succession,
        participation,
        event_place,
        relation,
        statistic,
        name_variant,
        citation
    ))
}
