//! The request's DataLoader: one statement per batch of keys of one kind, whatever the number
//! of parents. Keys are typed by the entity they load.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

mod computed;

pub use computed::{GroupCount, GroupPage, GroupingKey, SearchCount, SearchPage};

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::DatabaseConnection;
use sea_orm::sea_query::Condition;

use crate::domain::lineage;
use crate::domain::links::ToMany;
use crate::domain::listing::{self, Link, ListSpec, Page};
use crate::domain::record::Record;
pub use crate::domain::row::Columns;
use crate::error::AppError;

/// Loads records for one request.
pub struct Db(pub DatabaseConnection);

/// The per-request loader.
pub type Loaders = DataLoader<Db>;

/// Loader errors are shared between the fields that waited on the batch.
pub type LoadError = Arc<AppError>;

fn err(e: sea_orm::DbErr) -> LoadError {
    tracing::error!(error = ?e.to_string(), "database error in a loader batch");
    Arc::new(AppError::from(e))
}

macro_rules! key_impls {
    ($name:ident { $($field:ident),+ }) => {
        impl<E> Clone for $name<E> {
            fn clone(&self) -> Self {
                $name { $($field: self.$field.clone(),)+ entity: PhantomData }
            }
        }
        impl<E> PartialEq for $name<E> {
            fn eq(&self, other: &Self) -> bool {
                true $(&& self.$field == other.$field)+
            }
        }
        impl<E> Eq for $name<E> {}
        impl<E> Hash for $name<E> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                $(self.$field.hash(state);)+
            }
        }
    };
}

/// A record of `E` by id, with (at least) the columns of a set.
pub struct ById<E> {
    /// The id.
    pub id: i32,
    /// The columns to read.
    pub set: Columns,
    entity: PhantomData<fn() -> E>,
}
key_impls!(ById { id, set });

impl<E> ById<E> {
    /// The key for an id.
    pub fn new(id: i32, set: Columns) -> Self {
        ById {
            id,
            set,
            entity: PhantomData,
        }
    }
}

/// A record of `E` by slug, with (at least) the columns of a set.
pub struct BySlug<E> {
    /// The slug.
    pub slug: String,
    /// The columns to read.
    pub set: Columns,
    entity: PhantomData<fn() -> E>,
}
key_impls!(BySlug { slug, set });

impl<E> BySlug<E> {
    /// The key for a slug.
    pub fn new(slug: String, set: Columns) -> Self {
        BySlug {
            slug,
            set,
            entity: PhantomData,
        }
    }
}

/// A list spec compared by its fingerprint.
#[derive(Clone, Debug)]
pub struct SpecKey {
    /// The spec.
    pub spec: Arc<ListSpec>,
    fingerprint: Arc<str>,
}

impl SpecKey {
    /// Wraps a spec.
    pub fn new(spec: ListSpec) -> Self {
        let fingerprint = spec.fingerprint().into();
        SpecKey {
            spec: Arc::new(spec),
            fingerprint,
        }
    }
}

impl PartialEq for SpecKey {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint == other.fingerprint
    }
}
impl Eq for SpecKey {}
impl Hash for SpecKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

/// One page of the to-many relation `rel` under `parent`.
pub struct ChildPage<E> {
    /// The relation.
    pub rel: ToMany,
    /// The parent's id.
    pub parent: i32,
    /// Filter, order and window.
    pub spec: SpecKey,
    /// The columns to read.
    pub set: Columns,
    entity: PhantomData<fn() -> E>,
}
key_impls!(ChildPage {
    rel,
    parent,
    spec,
    set
});

impl<E> ChildPage<E> {
    /// The key.
    pub fn new(rel: ToMany, parent: i32, spec: SpecKey, set: Columns) -> Self {
        ChildPage {
            rel,
            parent,
            spec,
            set,
            entity: PhantomData,
        }
    }
}

/// The number of rows of the to-many relation `rel` under `parent` matching a filter (the
/// window of the spec is ignored).
pub struct ChildCount<E> {
    /// The relation.
    pub rel: ToMany,
    /// The parent's id.
    pub parent: i32,
    /// The filter, as part of a spec.
    pub spec: SpecKey,
    entity: PhantomData<fn() -> E>,
}
key_impls!(ChildCount { rel, parent, spec });

impl<E> ChildCount<E> {
    /// The key.
    pub fn new(rel: ToMany, parent: i32, spec: SpecKey) -> Self {
        ChildCount {
            rel,
            parent,
            spec,
            entity: PhantomData,
        }
    }
}

/// One page of a root list of `E`.
pub struct RootPage<E> {
    /// Filter, order and window.
    pub spec: SpecKey,
    /// The columns to read.
    pub set: Columns,
    entity: PhantomData<fn() -> E>,
}
key_impls!(RootPage { spec, set });

impl<E> RootPage<E> {
    /// The key.
    pub fn new(spec: SpecKey, set: Columns) -> Self {
        RootPage {
            spec,
            set,
            entity: PhantomData,
        }
    }
}

/// The number of rows of `E` matching the filter of a spec.
pub struct RootCount<E> {
    /// The filter, as part of a spec.
    pub spec: SpecKey,
    entity: PhantomData<fn() -> E>,
}
key_impls!(RootCount { spec });

impl<E> RootCount<E> {
    /// The key.
    pub fn new(spec: SpecKey) -> Self {
        RootCount {
            spec,
            entity: PhantomData,
        }
    }
}

/// The lineage walk from one organization.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lineage {
    /// The organization to walk from.
    pub start: i32,
    /// Which way.
    pub direction: lineage::Direction,
    /// How many steps at most.
    pub max_depth: i32,
}

impl Loader<Lineage> for Db {
    type Value = Vec<lineage::Step>;
    type Error = LoadError;

    async fn load(&self, keys: &[Lineage]) -> Result<HashMap<Lineage, Self::Value>, LoadError> {
        let mut groups: HashMap<(lineage::Direction, i32), Vec<i32>> = HashMap::new();
        for key in keys {
            groups
                .entry((key.direction, key.max_depth))
                .or_default()
                .push(key.start);
        }
        let mut out = HashMap::new();
        for ((direction, max_depth), starts) in groups {
            let mut walks = lineage::walk(&self.0, &starts, direction, max_depth)
                .await
                .map_err(err)?;
            for start in starts {
                let key = Lineage {
                    start,
                    direction,
                    max_depth,
                };
                out.insert(key, walks.remove(&start).unwrap_or_default());
            }
        }
        Ok(out)
    }
}

/// Row counts of every table.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableCounts;

impl<E: Record> Loader<RootPage<E>> for Db {
    type Value = Page<E::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[RootPage<E>],
    ) -> Result<HashMap<RootPage<E>, Page<E::Model>>, LoadError> {
        let mut out = HashMap::new();
        for key in keys {
            let page = listing::page::<E>(&self.0, &key.spec.spec, key.set)
                .await
                .map_err(err)?;
            out.insert(key.clone(), page);
        }
        Ok(out)
    }
}

impl<E: Record> Loader<RootCount<E>> for Db {
    type Value = u64;
    type Error = LoadError;

    async fn load(&self, keys: &[RootCount<E>]) -> Result<HashMap<RootCount<E>, u64>, LoadError> {
        let mut out = HashMap::new();
        for key in keys {
            let n = listing::count::<E>(&self.0, &key.spec.spec.filter)
                .await
                .map_err(err)?;
            out.insert(key.clone(), n);
        }
        Ok(out)
    }
}

impl Loader<TableCounts> for Db {
    type Value = Vec<(&'static str, u64)>;
    type Error = LoadError;

    async fn load(
        &self,
        _: &[TableCounts],
    ) -> Result<HashMap<TableCounts, Self::Value>, LoadError> {
        let counts = crate::domain::dataset::table_counts(&self.0)
            .await
            .map_err(err)?;
        Ok(HashMap::from([(TableCounts, counts)]))
    }
}

impl<E: Record> Loader<ById<E>> for Db {
    type Value = E::Model;
    type Error = LoadError;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, E::Model>, LoadError> {
        let ids: Vec<i32> = keys.iter().map(|k| k.id).collect();
        let set = union(keys.iter().map(|k| k.set));
        let rows = listing::by_ids::<E>(&self.0, &ids, set)
            .await
            .map_err(err)?;
        let found: HashMap<i32, E::Model> = rows.into_iter().map(|m| (E::id_of(&m), m)).collect();
        Ok(keys
            .iter()
            .filter_map(|k| Some((k.clone(), found.get(&k.id)?.clone())))
            .collect())
    }
}

impl<E: Record> Loader<BySlug<E>> for Db {
    type Value = E::Model;
    type Error = LoadError;

    async fn load(&self, keys: &[BySlug<E>]) -> Result<HashMap<BySlug<E>, E::Model>, LoadError> {
        let slugs: Vec<String> = keys.iter().map(|k| k.slug.clone()).collect();
        let set = union(keys.iter().map(|k| k.set));
        let rows = listing::by_slugs::<E>(&self.0, &slugs, set)
            .await
            .map_err(err)?;
        let found: HashMap<&str, &E::Model> = rows.iter().map(|m| (E::slug_of(m), m)).collect();
        Ok(keys
            .iter()
            .filter_map(|k| Some((k.clone(), (*found.get(k.slug.as_str())?).clone())))
            .collect())
    }
}

fn root_link(rel: ToMany) -> Link {
    let t = sea_orm::sea_query::Alias::new(listing::ROOT);
    let j = sea_orm::sea_query::Alias::new("j");
    rel.link(&t, &j)
}

/// The columns any of the keys of a batch reads: one statement reads them all.
fn union(sets: impl Iterator<Item = Columns>) -> Columns {
    sets.fold(Columns::NONE, Columns::union)
}

/// Groups keys by relation and spec: one statement per group.
fn groups<'a, K>(
    keys: &'a [K],
    part: impl Fn(&'a K) -> (ToMany, &'a SpecKey, i32),
) -> HashMap<(ToMany, &'a SpecKey), Vec<i32>> {
    let mut out: HashMap<(ToMany, &SpecKey), Vec<i32>> = HashMap::new();
    for key in keys {
        let (rel, spec, parent) = part(key);
        out.entry((rel, spec)).or_default().push(parent);
    }
    out
}

impl<E: Record> Loader<ChildPage<E>> for Db {
    type Value = Page<E::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[ChildPage<E>],
    ) -> Result<HashMap<ChildPage<E>, Page<E::Model>>, LoadError> {
        let set = union(keys.iter().map(|k| k.set));
        let mut pages = HashMap::new();
        for ((rel, spec), parents) in groups(keys, |k| (k.rel, &k.spec, k.parent)) {
            let link = root_link(rel);
            let found = listing::child_pages::<E>(&self.0, &link, &parents, &spec.spec, set)
                .await
                .map_err(err)?;
            for parent in parents {
                let page = found.get(&parent).cloned().unwrap_or_default();
                pages.insert((rel, parent, spec.clone()), page);
            }
        }
        Ok(keys
            .iter()
            .filter_map(|k| {
                let page = pages.get(&(k.rel, k.parent, k.spec.clone()))?;
                Some((k.clone(), page.clone()))
            })
            .collect())
    }
}

impl<E: Record> Loader<ChildCount<E>> for Db {
    type Value = u64;
    type Error = LoadError;

    async fn load(&self, keys: &[ChildCount<E>]) -> Result<HashMap<ChildCount<E>, u64>, LoadError> {
        let mut out = HashMap::new();
        for ((rel, spec), parents) in groups(keys, |k| (k.rel, &k.spec, k.parent)) {
            let filter: &Condition = &spec.spec.filter;
            let counts = listing::child_counts::<E>(&self.0, &root_link(rel), &parents, filter)
                .await
                .map_err(err)?;
            for parent in parents {
                let n = counts.get(&parent).copied().unwrap_or(0);
                out.insert(ChildCount::new(rel, parent, spec.clone()), n);
            }
        }
        Ok(out)
    }
}
