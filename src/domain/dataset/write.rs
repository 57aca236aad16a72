//! Writing a validated dataset in one transaction: upsert by slug, children as sets, counts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Statement};

use super::kind::Kind;
use crate::domain::alive::batch::param;

use super::children::{Children, Owner};
use super::format::*;
use super::table::{Resolver, Table};

/// What an import did to one section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records that did not exist.
    pub created: u64,
    /// Records whose fields, names or citations changed.
    pub updated: u64,
    /// Records already identical.
    pub unchanged: u64,
}

/// What an import did, per section (in write order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Section → counts.
    pub sections: BTreeMap<&'static str, Counts>,
}

impl ImportReport {
    /// The sum over all sections.
    pub fn total(&self) -> Counts {
        self.sections
            .values()
            .fold(Counts::default(), |a, c| Counts {
                created: a.created + c.created,
                updated: a.updated + c.updated,
                unchanged: a.unchanged + c.unchanged,
            })
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>8} {:>8} {:>10}",
            "section", "created", "updated", "unchanged"
        )?;
        for (section, c) in &self.sections {
            writeln!(
                f,
                "{section:<16} {:>8} {:>8} {:>10}",
                c.created, c.updated, c.unchanged
            )?;
        }
        let t = self.total();
        write!(
            f,
            "{:<16} {:>8} {:>8} {:>10}",
            "total", t.created, t.updated, t.unchanged
        )
    }
}

/// Loads every existing slug of a table into the resolver; returns the models by slug.
pub async fn load_table<T: Table>(
    db: &impl ConnectionTrait,
    r: &mut Resolver,
) -> Result<Vec<T::Model>, DbErr> {
    let models = T::Entity::find().all(db).await?;
    for m in &models {
        r.insert(T::KIND, T::model_slug(m), T::model_id(m));
    }
    Ok(models)
}

/// Writes one section. Records whose `self_ref` points at another record of the input are
/// written after it.
pub async fn write_table<T: Table>(
    db: &impl ConnectionTrait,
    ds: &Dataset,
    r: &mut Resolver,
    children: &Children,
    report: &mut ImportReport,
) -> Result<(), DbErr> {
    let existing: HashMap<String, T::Model> = load_table::<T>(db, r)
        .await?
        .into_iter()
        .map(|m| (T::model_slug(&m).to_owned(), m))
        .collect();
    let mut counts = Counts::default();
    for record in self_ref_order(T::list(ds)) {
        let old = existing.get(record.slug());
        let mut model = record.to_model(old.map(T::model_id).unwrap_or_default(), r);
        if let Some(o) = old {
            // the derived columns are rewritten after the write; they are no change
            crate::domain::alive::Derived::keep_derived(&mut model, o);
            T::set_model_version(&mut model, T::model_version(o));
        }
        let (id, mut changed, created) = match old {
            None => {
                let mut am = model.into_active_model().reset_all();
                am.not_set(T::id_column());
                (T::model_id(&am.insert(db).await?), true, true)
            }
            Some(o) if *o == model => (T::model_id(o), false, false),
            Some(o) => {
                model.into_active_model().reset_all().update(db).await?;
                (T::model_id(o), true, false)
            }
        };
        r.insert(T::KIND, record.slug(), id);
        changed |= children
            .sync(
                db,
                Owner {
                    kind: T::KIND,
                    id,
                    slug: record.slug(),
                },
                record.names(),
                record.src(),
                r,
            )
            .await?;
        match (created, changed) {
            (true, _) => counts.created += 1,
            (false, true) => {
                bump_version(db, T::KIND, id).await?;
                counts.updated += 1;
            }
            (false, false) => counts.unchanged += 1,
        }
    }
    if !T::list(ds).is_empty() {
        report.sections.insert(T::SECTION, counts);
    }
    Ok(())
}

/// Orders records so that a record's `self_ref` target (when in the input) comes first,
/// keeping file order otherwise. Validation has already rejected loops.
fn self_ref_order<T: Table>(records: &[T]) -> Vec<&T> {
    let index: HashMap<&str, &T> = records.iter().map(|r| (r.slug(), r)).collect();
    let mut done: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let mut chain = vec![record];
        while let Some(parent) = chain
            .last()
            .and_then(|r| r.self_ref())
            .and_then(|p| index.get(p))
        {
            if done.contains(parent.slug()) || chain.len() > records.len() {
                break;
            }
            chain.push(parent);
        }
        for r in chain.into_iter().rev() {
            if done.insert(r.slug()) {
                out.push(r);
            }
        }
    }
    out
}

/// Writes a whole dataset (already validated) on `db`, which should be a transaction.
pub async fn write_all(db: &impl ConnectionTrait, ds: &Dataset) -> Result<ImportReport, DbErr> {
    let children = Children::load(db).await?;
    let mut r = Resolver::default();
    let mut report = ImportReport::default();
    write_table::<SourceDocumentRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<PlaceRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<PlacePartRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<OrganizationRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<PersonRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<EventSeriesRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<EventRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<WorkRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<MembershipRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<SuccessionRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<ParticipationRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<EventPlaceRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<RelationRecord>(db, ds, &mut r, &children, &mut report).await?;
    write_table::<StatisticRecord>(db, ds, &mut r, &children, &mut report).await?;
    crate::domain::gid::fill(db).await?;
    Ok(report)
}

/// One more on a record's version: its fields, names or citations changed.
pub async fn bump_version(db: &impl ConnectionTrait, kind: Kind, id: i32) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let id = param(backend, &mut values, id.into());
    let sql = format!(
        "UPDATE \"{}\" SET version = version + 1 WHERE id = {id}",
        kind.table()
    );
    let statement = Statement::from_sql_and_values(backend, sql, values);
    db.execute_raw(statement).await.map(|_| ())
}
