//! The `Table` trait: how one dataset section maps to one database table, so that validation,
//! import and export are written once for every section.

use std::collections::HashMap;

use sea_orm::{ActiveModelBehavior, ActiveModelTrait, EntityTrait, IntoActiveModel};
use serde::{Serialize, de::DeserializeOwned};

use crate::domain::edtf::Certain;

use super::format::{Basis, Dataset, NameEntry, Src};
use super::kind::{Kind, parse_typed, typed};
use super::source::TextSource;

/// A reference from a record to another record, as written in the file.
pub enum Ref<'a> {
    /// A bare slug of a known kind (`country: ussr`).
    Bare(&'static str, Kind, &'a str),
    /// A typed reference (`member: per.popova`) whose kind must be one of the allowed.
    Typed(&'static str, &'static [Kind], &'a str),
}

impl Ref<'_> {
    /// The field name.
    pub fn field(&self) -> &'static str {
        match self {
            Ref::Bare(f, ..) | Ref::Typed(f, ..) => f,
        }
    }

    /// The referenced kind and slug, or why the reference is malformed.
    pub fn target(&self) -> Result<(Kind, &str), String> {
        match self {
            Ref::Bare(_, kind, slug) => Ok((*kind, slug)),
            Ref::Typed(_, allowed, value) => {
                let (kind, slug) = parse_typed(value)?;
                if allowed.contains(&kind) {
                    Ok((kind, slug))
                } else {
                    let names: Vec<_> =
                        allowed.iter().map(|k| format!("{}.", k.prefix())).collect();
                    Err(format!(
                        "`{value}` must start with one of {}",
                        names.join(", ")
                    ))
                }
            }
        }
    }
}

/// Slug → id for every record known to the import (in the database or just written).
#[derive(Default)]
pub struct Resolver {
    ids: HashMap<(Kind, String), i32>,
    slugs: HashMap<(Kind, i32), String>,
}

impl Resolver {
    /// Records that `slug` of `kind` has `id`.
    pub fn insert(&mut self, kind: Kind, slug: &str, id: i32) {
        self.ids.insert((kind, slug.to_owned()), id);
        self.slugs.insert((kind, id), slug.to_owned());
    }

    /// The id of a slug (validation guarantees it is known when writing).
    pub fn id(&self, kind: Kind, slug: &str) -> i32 {
        self.ids
            .get(&(kind, slug.to_owned()))
            .copied()
            .unwrap_or_default()
    }

    /// The id of an optional bare reference.
    pub fn opt(&self, kind: Kind, slug: &Option<String>) -> Option<i32> {
        slug.as_deref().map(|s| self.id(kind, s))
    }

    /// The kind and id of a typed reference.
    pub fn typed(&self, value: &str) -> (Kind, i32) {
        match parse_typed(value) {
            Ok((kind, slug)) => (kind, self.id(kind, slug)),
            Err(_) => (Kind::SourceDocument, 0),
        }
    }

    /// Like [`Resolver::typed`], but returns the id only when the kind is `want`.
    pub fn typed_as(&self, value: &str, want: Kind) -> Option<i32> {
        let (kind, id) = self.typed(value);
        (kind == want).then_some(id)
    }

    /// The slug of an id.
    pub fn slug(&self, kind: Kind, id: i32) -> String {
        self.slugs.get(&(kind, id)).cloned().unwrap_or_default()
    }

    /// The slug of an optional id.
    pub fn opt_slug(&self, kind: Kind, id: Option<i32>) -> Option<String> {
        id.map(|id| self.slug(kind, id))
    }

    /// The typed reference of a stored (record_type, id) pair.
    pub fn typed_slug(&self, record_type: &str, id: i32) -> String {
        match Kind::from_table(record_type) {
            Some(kind) => typed(kind, &self.slug(kind, id)),
            None => String::new(),
        }
    }

    /// The first of several optional typed ids that is set.
    pub fn first_typed(&self, options: &[(Kind, Option<i32>)]) -> Option<String> {
        options
            .iter()
            .find_map(|(kind, id)| id.map(|id| typed(*kind, &self.slug(*kind, id))))
    }
}

/// One dataset section and its table.
pub trait Table: Sized + Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The SeaORM entity.
    type Entity: EntityTrait<Model = Self::Model, ActiveModel = Self::Active>;
    /// Its model.
    type Model: Clone
        + PartialEq
        + Send
        + Sync
        + IntoActiveModel<Self::Active>
        + crate::domain::alive::Derived;
    /// Its active model.
    type Active: ActiveModelTrait<Entity = Self::Entity> + ActiveModelBehavior + Send;
    /// The record kind.
    const KIND: Kind;
    /// The section name in files.
    const SECTION: &'static str;
    /// Whether records of this section may carry `names`.
    const HAS_NAMES: bool = false;
    /// Whether records need at least one citation.
    const NEEDS_SRC: bool = true;

    /// The section's records in a dataset.
    fn list(ds: &Dataset) -> &Vec<Self>;
    /// The section's records in a dataset, mutably.
    fn list_mut(ds: &mut Dataset) -> &mut Vec<Self>;
    /// The record's slug.
    fn slug(&self) -> &str;
    /// The record's basis.
    fn basis(&self) -> Basis;
    /// The record's names.
    fn names(&self) -> &[NameEntry];
    /// The record's citations.
    fn src(&self) -> &[Src];
    /// Sets the nested names and citations (on export).
    fn set_children(&mut self, names: Vec<NameEntry>, src: Vec<Src>);
    /// References to other records.
    fn refs(&self) -> Vec<Ref<'_>>;
    /// Dated fields (name, EDTF).
    fn dates(&self) -> Vec<(&'static str, &str)>;
    /// A reference to a record of the same section that must be written first.
    fn self_ref(&self) -> Option<&str> {
        None
    }
    /// The model for this record; `id` is the existing id or 0.
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model;
    /// The record for a model (without names and citations).
    fn from_model(m: &Self::Model, r: &Resolver) -> Self;
    /// A model's id.
    fn model_id(m: &Self::Model) -> i32;
    /// A model's slug.
    fn model_slug(m: &Self::Model) -> &str;
    /// A model's version (1 when made, one more at each change).
    fn model_version(m: &Self::Model) -> i32;
    /// Sets a model's version.
    fn set_model_version(m: &mut Self::Model, version: i32);
    /// The primary-key column.
    fn id_column() -> <Self::Entity as EntityTrait>::Column;
    /// Fields documented as verbatim, which one of the record's quotes must hold.
    fn verbatim(&self) -> Vec<(&'static str, &str)> {
        vec![]
    }
    /// Rules of this section beyond references and dates: (field, reason) per problem.
    fn extra_checks(&self) -> Vec<(&'static str, String)> {
        vec![]
    }
    /// Completes a freshly parsed record (documents read their `text_file`).
    fn prepare(&mut self, _texts: &TextSource) -> Result<(), String> {
        Ok(())
    }
}

/// Implements the accessors every record struct shares.
macro_rules! common_accessors {
    () => {
        fn slug(&self) -> &str {
            &self.slug
        }
        fn basis(&self) -> Basis {
            self.basis
        }
        fn names(&self) -> &[NameEntry] {
            &self.names
        }
        fn src(&self) -> &[Src] {
            &self.src
        }
        fn set_children(&mut self, names: Vec<NameEntry>, src: Vec<Src>) {
            self.names = names;
            self.src = src;
        }
        fn model_id(m: &Self::Model) -> i32 {
            m.id
        }
        fn model_slug(m: &Self::Model) -> &str {
            &m.slug
        }
        fn model_version(m: &Self::Model) -> i32 {
            m.version
        }
        fn set_model_version(m: &mut Self::Model, version: i32) {
            m.version = version;
        }
    };
}
pub(crate) use common_accessors;

/// A dated field's EDTF string and year window, for a model.
pub fn window(edtf: &Option<String>) -> (Option<String>, Option<i32>, Option<i32>) {
    match edtf {
        Some(s) => match crate::domain::edtf::parse(s) {
            Ok(w) => (Some(s.clone()), w.from, w.to),
            Err(_) => (Some(s.clone()), None, None),
        },
        None => (None, None, None),
    }
}

/// The certain reading of a record dated by one EDTF field (never certain when absent or
/// invalid; validation rejects invalid dates before anything is written).
pub fn certain(edtf: &Option<String>) -> Certain {
    edtf.as_deref()
        .and_then(|s| Certain::of_edtf(s).ok())
        .unwrap_or_default()
}

/// The certain reading of a record that starts at one dated field and ends at another.
pub fn certain_between(start: &Option<String>, end: &Option<String>) -> Certain {
    let window = |d: &Option<String>| {
        d.as_deref()
            .and_then(|s| crate::domain::edtf::parse(s).ok())
    };
    Certain::of(window(start), window(end))
}

/// Encodes a list column (JSON array text, NULL when empty).
pub fn list_to_db(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| serde_json::to_string(items).unwrap_or_default())
}

/// Decodes a list column.
pub fn list_from_db(text: &Option<String>) -> Vec<String> {
    text.as_deref()
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// Parses a stored enum value (the database only holds values written by the importer).
pub fn stored<E: Copy>(text: &str, parse: fn(&str) -> Option<E>, fallback: E) -> E {
    parse(text).unwrap_or(fallback)
}

/// Parses a stored basis.
pub fn stored_basis(text: &str) -> Basis {
    Basis::parse(text).unwrap_or_default()
}
