//! Loader keys of the computed lists — search hits and statistics groups, pages and totals —
//! so that these go through the request's loader like every other read: no resolver holds a
//! pooled connection while the query is paused.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use async_graphql::dataloader::Loader;

use super::{Db, LoadError, err};
use crate::domain::search::{self, Hit};
use crate::domain::stats::{Group, Grouping};

/// A grouping with its fingerprint, which is what equality and hashing see.
#[derive(Clone)]
pub struct GroupingKey {
    fingerprint: String,
    /// The grouping.
    pub grouping: Arc<Grouping>,
}

impl GroupingKey {
    /// Keys `grouping` by its SQL on `backend`.
    pub fn new(grouping: Grouping, backend: sea_orm::DbBackend) -> Self {
        GroupingKey {
            fingerprint: grouping.fingerprint(backend),
            grouping: Arc::new(grouping),
        }
    }
}

impl PartialEq for GroupingKey {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint == other.fingerprint
    }
}
impl Eq for GroupingKey {}
impl Hash for GroupingKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

/// A page of search hits: `limit` after skipping `offset`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SearchPage {
    /// The search.
    pub query: search::Query,
    /// Hits to skip.
    pub offset: u64,
    /// Hits to return.
    pub limit: u64,
}

/// The number of hits of a search.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SearchCount(pub search::Query);

/// A page of groups: `limit` after skipping `offset`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct GroupPage {
    /// The grouping.
    pub grouping: GroupingKey,
    /// Groups to skip.
    pub offset: u64,
    /// Groups to return.
    pub limit: u64,
}

/// The number of groups of a grouping.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct GroupCount(pub GroupingKey);

impl Loader<SearchPage> for Db {
    type Value = Vec<Hit>;
    type Error = LoadError;

    async fn load(&self, keys: &[SearchPage]) -> Result<HashMap<SearchPage, Vec<Hit>>, LoadError> {
        let mut out = HashMap::new();
        for key in keys {
            let hits = search::hits(&self.0, &key.query, key.offset, key.limit)
                .await
                .map_err(err)?;
            out.insert(key.clone(), hits);
        }
        Ok(out)
    }
}

impl Loader<SearchCount> for Db {
    type Value = u64;
    type Error = LoadError;

    async fn load(&self, keys: &[SearchCount]) -> Result<HashMap<SearchCount, u64>, LoadError> {
        let mut out = HashMap::new();
        for key in keys {
            let n = search::count(&self.0, &key.0).await.map_err(err)?;
            out.insert(key.clone(), n);
        }
        Ok(out)
    }
}

impl Loader<GroupPage> for Db {
    type Value = Vec<Group>;
    type Error = LoadError;

    async fn load(&self, keys: &[GroupPage]) -> Result<HashMap<GroupPage, Vec<Group>>, LoadError> {
        let mut out = HashMap::new();
        for key in keys {
            let groups = key
                .grouping
                .grouping
                .groups(&self.0, key.offset, key.limit)
                .await
                .map_err(err)?;
            out.insert(key.clone(), groups);
        }
        Ok(out)
    }
}

impl Loader<GroupCount> for Db {
    type Value = u64;
    type Error = LoadError;

    async fn load(&self, keys: &[GroupCount]) -> Result<HashMap<GroupCount, u64>, LoadError> {
        let mut out = HashMap::new();
        for key in keys {
            let n = key.0.grouping.count(&self.0).await.map_err(err)?;
            out.insert(key.clone(), n);
        }
        Ok(out)
    }
}
