//! The root query, in parts merged into one `Query` type: the lookups and connections of
//! every record type, `node`/`nodes`, `search`, the statistics and `datasetCounts`.

mod changes;
mod counts;
mod node;
mod records;
mod search;
mod stats;

use async_graphql::MergedObject;

/// Read access to the records of cultural co-operation. Every record type has a lookup by slug
/// and a connection with filters and ordering; `node(id:)` fetches any record by its global
/// id.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    records::RecordRoots,
    node::NodeRoots,
    search::SearchRoot,
    stats::StatsRoots,
    counts::CountsRoot,
    changes::ChangesRoot,
);
