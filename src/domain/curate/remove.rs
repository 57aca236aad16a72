//! Deleting a record: refused while others reference it (by the same references the importer
//! checks), unless the caller asks for a cascade, which deletes the referrers first and
//! reports every record deleted.

use std::collections::{BTreeSet, HashMap, HashSet};

use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement};

use crate::domain::alive::batch::param;
use crate::domain::dataset::children::{Children, Owner};
use crate::domain::dataset::collect_slugs;
use crate::domain::dataset::export::export_dataset;
use crate::domain::dataset::format::Dataset;
use crate::domain::dataset::kind::{Kind, typed};
use crate::domain::dataset::table::{Resolver, Table};
use crate::domain::dataset::validate::{cite_of, split_cite};
use crate::domain::dataset::visit::{Visitor, visit_all, visit_kind};

use super::save::stale;
use super::{CurateError, Writer, Written, current, history};

/// What a delete removed: the record asked for first, then those the cascade took.
#[derive(Clone, Debug, Default)]
pub struct Deleted {
    /// Every record deleted, each with its change.
    pub records: Vec<Written>,
}

type Key = (Kind, String);

/// Deletes record `slug` of `kind` (at `version`, when given).
pub async fn delete(
    w: &Writer<'_>,
    txn: &DatabaseTransaction,
    kind: Kind,
    slug: &str,
    version: Option<i32>,
    cascade: bool,
    reverts: Option<i32>,
) -> Result<Deleted, CurateError> {
    let Some((_, stored)) = current(txn, kind, slug).await? else {
        return Err(CurateError::NotFound(format!(
            "no {kind} with slug `{slug}`"
        )));
    };
    if let Some(version) = version
        && version != stored
    {
        return Err(stale(kind, slug, version, stored));
    }
    let ds = export_dataset(txn).await?;
    let referrers = referrers(&ds);
    let root = (kind, slug.to_owned());
    let doomed = closure(&referrers, &root);
    if doomed.len() > 1 && !cascade {
        let mut list: Vec<String> = referrers
            .get(&root)
            .into_iter()
            .flatten()
            .map(|(k, s)| typed(*k, s))
            .collect();
        list.sort();
        return Err(CurateError::Referenced {
            slug: typed(kind, slug),
            referrers: list,
        });
    }
    // roles inherited from series and relations are rebuilt after the write
    txn.execute_unprepared("DELETE FROM participation WHERE derived_from IS NOT NULL")
        .await?;
    let mut r = Resolver::default();
    collect_slugs(txn, &mut r, &mut HashSet::new()).await?;
    let children = Children::load(txn).await?;
    let mut deleted = Vec::new();
    for key in order(&referrers, doomed) {
        let Some((id, version)) = current(txn, key.0, &key.1).await? else {
            continue;
        };
        let before = record_json(&ds, &key);
        let owner = Owner {
            kind: key.0,
            id,
            slug: &key.1,
        };
        children.sync(txn, owner, &[], &[], &r).await?;
        delete_row(txn, key.0, id).await?;
        let entry = history::Entry {
            kind: key.0,
            id,
            slug: key.1.clone(),
            before: Some((before, version)),
            after: None,
            reverts: if key == root { reverts } else { None },
        };
        let change = history::record(w, txn, entry).await?;
        tracing::info!(record = %typed(key.0, &key.1), change, "record deleted");
        let written = Written {
            kind: key.0,
            id,
            slug: key.1,
            version,
            change: Some(change),
        };
        deleted.push(written);
    }
    crate::domain::alive::derive::derive(txn).await?;
    crate::domain::search::rebuild(txn).await?;
    // the record asked for first
    deleted.reverse();
    Ok(Deleted { records: deleted })
}

/// Who references whom: target → referrers, by the importer's references, parents and
/// citations (a document is referenced by every record citing it).
fn referrers(ds: &Dataset) -> HashMap<Key, BTreeSet<Key>> {
    struct Collect<'a> {
        ds: &'a Dataset,
        out: HashMap<Key, BTreeSet<Key>>,
    }
    impl Visitor for Collect<'_> {
        fn visit<T: Table>(&mut self) {
            for record in T::list(self.ds) {
                let me = (T::KIND, record.slug().to_owned());
                let mut targets: Vec<Key> = record
                    .refs()
                    .iter()
                    .filter_map(|r| r.target().ok())
                    .map(|(k, s)| (k, s.to_owned()))
                    .collect();
                if let Some(parent) = record.self_ref() {
                    targets.push((T::KIND, parent.to_owned()));
                }
                let cites = record
                    .src()
                    .iter()
                    .chain(record.names().iter().flat_map(|n| n.src.iter()));
                for src in cites {
                    if let Some(cite) = cite_of(src).and_then(|c| split_cite(c).ok()) {
                        targets.push((Kind::SourceDocument, cite.document.to_owned()));
                    }
                }
                for target in targets {
                    if target != me {
                        self.out.entry(target).or_default().insert(me.clone());
                    }
                }
            }
        }
    }
    let mut collect = Collect {
        ds,
        out: HashMap::new(),
    };
    visit_all(&mut collect);
    collect.out
}

/// The record and everything that references it, directly or through others.
fn closure(referrers: &HashMap<Key, BTreeSet<Key>>, root: &Key) -> BTreeSet<Key> {
    let mut seen = BTreeSet::from([root.clone()]);
    let mut queue = vec![root.clone()];
    while let Some(key) = queue.pop() {
        for next in referrers.get(&key).into_iter().flatten() {
            if seen.insert(next.clone()) {
                queue.push(next.clone());
            }
        }
    }
    seen
}

/// A deletion order: a record only after every record in the set that references it.
fn order(referrers: &HashMap<Key, BTreeSet<Key>>, mut left: BTreeSet<Key>) -> Vec<Key> {
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let free: Vec<Key> = left
            .iter()
            .filter(|key| {
                referrers
                    .get(*key)
                    .is_none_or(|refs| refs.iter().all(|r| !left.contains(r)))
            })
            .cloned()
            .collect();
        // a loop of references (never written by the importer): take the rest as they come
        let take = if free.is_empty() {
            left.iter().cloned().collect()
        } else {
            free
        };
        for key in take {
            left.remove(&key);
            out.push(key);
        }
    }
    out
}

/// The record as JSON text, from the exported dataset.
fn record_json(ds: &Dataset, key: &Key) -> String {
    struct Find<'a> {
        ds: &'a Dataset,
        slug: &'a str,
        out: String,
    }
    impl Visitor for Find<'_> {
        fn visit<T: Table>(&mut self) {
            if let Some(record) = T::list(self.ds).iter().find(|r| r.slug() == self.slug) {
                self.out = super::save::json(record);
            }
        }
    }
    let mut find = Find {
        ds,
        slug: &key.1,
        out: String::new(),
    };
    visit_kind(key.0, &mut find);
    find.out
}

async fn delete_row(txn: &DatabaseTransaction, kind: Kind, id: i32) -> Result<(), sea_orm::DbErr> {
    let backend = txn.get_database_backend();
    let mut values = Vec::new();
    let id = param(backend, &mut values, id.into());
    let sql = format!("DELETE FROM \"{}\" WHERE id = {id}", kind.table());
    txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .map(|_| ())
}
