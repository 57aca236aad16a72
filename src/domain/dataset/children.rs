//! Name variants and citations: rows nested under any record, written and read as a set.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::format::{Basis, NameEntry, Src, SrcEntry};
use super::kind::Kind;
use super::table::{Resolver, certain, window};
use super::validate::{cite_of, split_cite};
use crate::entities::{citation, name_variant};

/// The record type under which a name variant's own citations are stored.
pub const NAME_VARIANT: &str = "name_variant";

/// The record that names and citations belong to.
pub struct Owner<'a> {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: i32,
    /// Its slug (child slugs derive from it).
    pub slug: &'a str,
}

/// Every name and citation in the database, grouped by the record they belong to.
#[derive(Default)]
pub struct Children {
    names: HashMap<(String, i32), Vec<name_variant::Model>>,
    cites: HashMap<(String, i32), Vec<citation::Model>>,
}

impl Children {
    /// Loads every name and citation.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let mut children = Children::default();
        let names = name_variant::Entity::find()
            .order_by_asc(name_variant::Column::Position)
            .all(db)
            .await?;
        for n in names {
            children
                .names
                .entry((n.record_type.clone(), n.record_id))
                .or_default()
                .push(n);
        }
        let cites = citation::Entity::find()
            .order_by_asc(citation::Column::Position)
            .all(db)
            .await?;
        for c in cites {
            children
                .cites
                .entry((c.record_type.clone(), c.record_id))
                .or_default()
                .push(c);
        }
        Ok(children)
    }

    /// The names and citations of one record, in the file format.
    pub fn entries(&self, kind: Kind, id: i32, r: &Resolver) -> (Vec<NameEntry>, Vec<Src>) {
        let names = self
            .names
            .get(&(kind.table().to_owned(), id))
            .map(|names| {
                names
                    .iter()
                    .map(|n| NameEntry {
                        name: n.name.clone(),
                        kind: super::format::NameKind::parse(&n.kind)
                            .unwrap_or(super::format::NameKind::Variant),
                        valid: n.valid.clone(),
                        lang: n.lang.clone(),
                        basis: Basis::parse(&n.basis).unwrap_or_default(),
                        note: n.note.clone(),
                        src: self.src(NAME_VARIANT, n.id, r),
                    })
                    .collect()
            })
            .unwrap_or_default();
        (names, self.src(kind.table(), id, r))
    }

    fn src(&self, record_type: &str, id: i32, r: &Resolver) -> Vec<Src> {
        let Some(rows) = self.cites.get(&(record_type.to_owned(), id)) else {
            return vec![];
        };
        rows.iter()
            .map(|c| {
                let cite =
                    c.document_id
                        .zip(c.line)
                        .zip(c.quote.as_ref())
                        .map(|((doc, line), quote)| {
                            format!("{}:{line} | {quote}", r.slug(Kind::SourceDocument, doc))
                        });
                let basis = Basis::parse(&c.basis).unwrap_or_default();
                match cite {
                    Some(cite)
                        if basis == Basis::Stated && c.field.is_none() && c.note.is_none() =>
                    {
                        Src::Cite(cite)
                    }
                    cite => Src::Full(SrcEntry {
                        cite,
                        field: c.field.clone(),
                        basis,
                        note: c.note.clone(),
                    }),
                }
            })
            .collect()
    }

    /// Makes the stored names and citations of a record equal to the given ones.
    /// Returns whether anything changed.
    pub async fn sync(
        &self,
        db: &impl ConnectionTrait,
        owner: Owner<'_>,
        names: &[NameEntry],
        src: &[Src],
        r: &Resolver,
    ) -> Result<bool, DbErr> {
        let Owner { kind, id, slug } = owner;
        // `.` and `/` never occur in a record slug, so child slugs cannot collide
        let prefix = format!("{}.{slug}", kind.prefix());
        let key = (kind.table().to_owned(), id);
        let old_cites = self.cites.get(&key).map(Vec::as_slice).unwrap_or_default();
        let new_cites = citation_rows(kind.table(), id, &prefix, src, r);
        let mut changed = false;
        if !same_cites(old_cites, &new_cites) {
            delete_cites(db, kind.table(), &[id]).await?;
            insert_all(db, new_cites).await?;
            changed = true;
        }
        let old_names = self.names.get(&key).map(Vec::as_slice).unwrap_or_default();
        if !self.same_names(old_names, names, &prefix, r) {
            let old_ids: Vec<i32> = old_names.iter().map(|n| n.id).collect();
            delete_cites(db, NAME_VARIANT, &old_ids).await?;
            name_variant::Entity::delete_many()
                .filter(name_variant::Column::Id.is_in(old_ids))
                .exec(db)
                .await?;
            for (i, entry) in names.iter().enumerate() {
                let name_slug = format!("{prefix}/name-{}", i + 1);
                let row = name_row(kind.table(), id, i, &name_slug, entry);
                let mut am = row.into_active_model().reset_all();
                am.not_set(name_variant::Column::Id);
                let saved = am.insert(db).await?;
                insert_all(
                    db,
                    citation_rows(NAME_VARIANT, saved.id, &name_slug, &entry.src, r),
                )
                .await?;
            }
            changed = true;
        }
        Ok(changed)
    }

    fn same_names(
        &self,
        old: &[name_variant::Model],
        new: &[NameEntry],
        prefix: &str,
        r: &Resolver,
    ) -> bool {
        old.len() == new.len()
            && old.iter().zip(new).enumerate().all(|(i, (o, n))| {
                let name_slug = format!("{prefix}/name-{}", i + 1);
                let expected = name_row(&o.record_type, o.record_id, i, &name_slug, n);
                let cites = self
                    .cites
                    .get(&(NAME_VARIANT.to_owned(), o.id))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let mut expected = name_variant::Model {
                    id: o.id,
                    ..expected
                };
                crate::domain::alive::Derived::keep_derived(&mut expected, o);
                expected == *o
                    && same_cites(
                        cites,
                        &citation_rows(NAME_VARIANT, o.id, &name_slug, &n.src, r),
                    )
            })
    }
}

fn name_row(
    record_type: &str,
    record_id: i32,
    index: usize,
    slug: &str,
    n: &NameEntry,
) -> name_variant::Model {
    let (valid, valid_year_from, valid_year_to) = window(&n.valid);
    let certain = certain(&n.valid);
    name_variant::Model {
        id: 0,
        slug: slug.to_owned(),
        basis: n.basis.as_str().into(),
        note: n.note.clone(),
        record_type: record_type.to_owned(),
        record_id,
        position: i32::try_from(index).unwrap_or(i32::MAX),
        name: n.name.clone(),
        kind: n.kind.as_str().into(),
        lang: n.lang.clone(),
        valid,
        valid_year_from,
        valid_year_to,
        latest_start: certain.latest_start,
        earliest_end: certain.earliest_end,
        possible_start: None,
        possible_end: None,
        end_basis: None,
        end_ref: None,
    }
}

fn citation_rows(
    record_type: &str,
    record_id: i32,
    prefix: &str,
    src: &[Src],
    r: &Resolver,
) -> Vec<citation::Model> {
    src.iter()
        .enumerate()
        .map(|(i, entry)| {
            let parts = cite_of(entry).and_then(|c| split_cite(c).ok());
            let (field, basis, note) = match entry {
                Src::Cite(_) => (None, Basis::Stated, None),
                Src::Full(f) => (f.field.clone(), f.basis, f.note.clone()),
            };
            citation::Model {
                id: 0,
                slug: format!("{prefix}/cite-{}", i + 1),
                basis: basis.as_str().into(),
                note,
                record_type: record_type.to_owned(),
                record_id,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                field,
                line: parts.as_ref().and_then(|p| i32::try_from(p.line).ok()),
                quote: parts.as_ref().map(|p| p.quote.to_owned()),
                document_id: parts
                    .as_ref()
                    .map(|p| r.id(Kind::SourceDocument, p.document)),
            }
        })
        .collect()
}

fn same_cites(old: &[citation::Model], new: &[citation::Model]) -> bool {
    old.len() == new.len()
        && old.iter().zip(new).all(|(o, n)| {
            citation::Model {
                id: o.id,
                ..n.clone()
            } == *o
        })
}

async fn delete_cites(
    db: &impl ConnectionTrait,
    record_type: &str,
    ids: &[i32],
) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    citation::Entity::delete_many()
        .filter(citation::Column::RecordType.eq(record_type))
        .filter(citation::Column::RecordId.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

async fn insert_all(db: &impl ConnectionTrait, rows: Vec<citation::Model>) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let models = rows.into_iter().map(|row| {
        let mut am = row.into_active_model().reset_all();
        am.not_set(citation::Column::Id);
        am
    });
    citation::Entity::insert_many(models).exec(db).await?;
    Ok(())
}
