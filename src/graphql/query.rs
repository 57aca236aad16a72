//! The root query: `node` / `nodes`, one record by slug and one connection per record type.

use async_graphql::{Context, ID, Result, SimpleObject, dataloader::DataLoader};

use super::budget::meter::Metered;
use super::connection::{Conn, PageArgs, Wrap, root};
use super::filter::OrderBy;
use super::loader::{BySlug, Db, TableCounts};
use super::node::{Node, by_global_id};
use super::ranked::Ranked;
use super::types::*;
use super::{MAX_PAGE_SIZE, gql, gql_load};
use crate::error::AppError;

/// Read access to the records of cultural co-operation.
pub struct QueryRoot;

/// How many rows a table holds.
#[derive(SimpleObject)]
pub struct TableCount {
    /// Table name.
    pub table: String,
    /// Row count.
    pub count: u64,
}

async fn by_slug<T: Wrap>(ctx: &Context<'_>, slug: String) -> Result<Option<T>> {
    let loader = ctx.data::<DataLoader<Db>>()?;
    let found = loader
        .load_one(BySlug::<T::Entity>::new(slug))
        .await
        .map_err(gql_load)?;
    Ok(found.map(T::wrap))
}

macro_rules! roots {
    ($( $(#[$one_meta:meta])* $one:ident, $(#[$list_meta:meta])* $list:ident: $ty:ident; )+) => {
        /// Read access to the records of cultural co-operation. Every record type has a
        /// lookup by slug and a connection with filters and ordering; `node(id:)` fetches any
        /// record by its global id.
        #[async_graphql::Object(name = "Query")]
        impl QueryRoot {
            /// Any record by its global id (Relay object identification).
            async fn node(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "A global id, as returned in any record's `id`.")] id: ID,
            ) -> Result<Option<Node>> {
                by_global_id(ctx, &id).await
            }

            /// Records by global id, in the order given; null where none exists.
            #[graphql(complexity = "ids.len() * child_complexity + 1")]
            async fn nodes(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
            ) -> Result<Metered<Vec<Option<Node>>>> {
                if ids.len() > MAX_PAGE_SIZE {
                    return Err(gql(AppError::BadUserInput(format!(
                        "{} ids given; at most {MAX_PAGE_SIZE} may be fetched at once",
                        ids.len()
                    ))));
                }
                let lookups = ids.iter().map(|id| by_global_id(ctx, id));
                async_graphql::futures_util::future::try_join_all(lookups)
                    .await
                    .map(Metered)
            }

            $(
                $(#[$one_meta])*
                async fn $one(
                    &self,
                    ctx: &Context<'_>,
                    #[graphql(desc = "The record's slug.")] slug: String,
                ) -> Result<Option<$ty>> {
                    by_slug(ctx, slug).await
                }

                $(#[$list_meta])*
                #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
                #[allow(clippy::too_many_arguments)] // the Relay arguments are GraphQL arguments
                async fn $list(
                    &self,
                    ctx: &Context<'_>,
                    #[graphql(desc = "Page size from the start (default 20, at most 100).")] first: Option<i32>,
                    #[graphql(desc = "Only records after this cursor.")] after: Option<String>,
                    #[graphql(desc = "Page size from the end (at most 100).")] last: Option<i32>,
                    #[graphql(desc = "Only records before this cursor.")] before: Option<String>,
                    #[graphql(desc = "Only records matching this filter.")]
                    filter: Option<<$ty as Wrap>::Filter>,
                    #[graphql(desc = "Ordering, applied in the order given; ties are broken by creation order.")]
                    order_by: Option<Vec<OrderBy<<$ty as Wrap>::OrderField>>>,
                ) -> Result<Conn<$ty>> {
                    root(ctx, PageArgs { first, after, last, before }, filter, order_by).await
                }
            )+

            /// Full-text search across organizations, people, places, event series, events,
            /// works and citations: names, name variants (source misspellings included) and
            /// descriptive text. Case, accents and script do not matter ("Nexo" finds "Nexø");
            /// every word must match the start of a word. Best hits first.
            #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
            async fn search(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Words to find (at most 16 words, 500 characters).")] text: String,
                #[graphql(desc = "Only these record types (default: all).")] types: Option<Vec<RecordType>>,
                #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
                #[graphql(desc = "Only hits after this cursor.")] after: Option<String>,
            ) -> Result<SearchConnection> {
                search(ctx, &text, types, first, after).await
            }

            /// Events grouped and counted in one SQL statement: by year, decade, kind, series,
            /// venue (its state as of the event's year), organizer and participant (each with
            /// its kind and country). The filter applies before grouping, `having` after.
            /// Default order: the biggest groups first.
            #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
            #[allow(clippy::too_many_arguments)]
            async fn event_stats(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Which events to count (before grouping).")] filter: Option<EventFilter>,
                #[graphql(desc = "Dimensions to group by, in key order; none gives one group of all.")] group_by: Vec<EventDimension>,
                #[graphql(desc = "Conditions on the counts (after grouping).")] having: Option<EventStatsHaving>,
                #[graphql(desc = "Orderings, applied in turn; a dimension must be grouped by.")] order_by: Option<Vec<EventStatsOrder>>,
                #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
                #[graphql(desc = "Only groups after this cursor.")] after: Option<String>,
            ) -> Result<Ranked<EventStats>> {
                event_stats(ctx, filter, group_by, having, order_by, first, after).await
            }

            /// Memberships and posts grouped and counted in one SQL statement: by body, member,
            /// member kind, member country, role and decade.
            #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
            #[allow(clippy::too_many_arguments)]
            async fn membership_stats(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Which memberships to count (before grouping).")] filter: Option<MembershipFilter>,
                #[graphql(desc = "Dimensions to group by, in key order; none gives one group of all.")] group_by: Vec<MembershipDimension>,
                #[graphql(desc = "Conditions on the counts (after grouping).")] having: Option<MembershipStatsHaving>,
                #[graphql(desc = "Orderings, applied in turn; a dimension must be grouped by.")] order_by: Option<Vec<MembershipStatsOrder>>,
                #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
                #[graphql(desc = "Only groups after this cursor.")] after: Option<String>,
            ) -> Result<Ranked<MembershipStats>> {
                membership_stats(ctx, filter, group_by, having, order_by, first, after).await
            }

            /// Organizations grouped and counted in one SQL statement: by kind, country,
            /// founding year or decade, and parent. Filter with `activeIn` to count the bodies
            /// active in a year.
            #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
            #[allow(clippy::too_many_arguments)]
            async fn organization_stats(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Which organizations to count (before grouping).")] filter: Option<OrganizationFilter>,
                #[graphql(desc = "Dimensions to group by, in key order; none gives one group of all.")] group_by: Vec<OrganizationDimension>,
                #[graphql(desc = "Conditions on the count (after grouping).")] having: Option<OrganizationStatsHaving>,
                #[graphql(desc = "Orderings, applied in turn; a dimension must be grouped by.")] order_by: Option<Vec<OrganizationStatsOrder>>,
                #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
                #[graphql(desc = "Only groups after this cursor.")] after: Option<String>,
            ) -> Result<Ranked<OrganizationStats>> {
                organization_stats(ctx, filter, group_by, having, order_by, first, after).await
            }

            /// Exchange events counted between their origin and destination states, as of each
            /// event's year: the cells of a flow matrix. Only events with both ends known count.
            #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
            async fn exchange_flows(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Which events to count (before grouping), e.g. by kind.")] filter: Option<EventFilter>,
                #[graphql(desc = "Dimensions to group by, e.g. `[FROM_COUNTRY, TO_COUNTRY]`.")] group_by: Vec<FlowDimension>,
                #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
                #[graphql(desc = "Only flows after this cursor.")] after: Option<String>,
            ) -> Result<Ranked<Flow>> {
                exchange_flows(ctx, filter, group_by, first, after).await
            }

            /// Row counts per table: a quick proof that the dataset is loaded.
            async fn dataset_counts(&self, ctx: &Context<'_>) -> Result<Metered<Vec<TableCount>>> {
                let loader = ctx.data::<DataLoader<Db>>()?;
                let counts = loader
                    .load_one(TableCounts)
                    .await
                    .map_err(gql_load)?
                    .unwrap_or_default();
                Ok(Metered(
                    counts
                        .into_iter()
                        .map(|(table, count)| TableCount { table: table.into(), count })
                        .collect(),
                ))
            }
        }
    };
}

roots! {
    /// An organization by slug, e.g. `auscr`.
    organization,
    /// Organizations: societies, unions, agencies, centres…
    organizations: Organization;
    /// A person by slug.
    person,
    /// People.
    persons: Person;
    /// A place by slug, e.g. `ussr`.
    place,
    /// Countries, historical states, regions and cities.
    places: Place;
    /// A containment row by slug.
    place_part,
    /// Dated containment of places in places.
    place_parts: PlacePart;
    /// A membership by slug.
    membership,
    /// Memberships and posts.
    memberships: Membership;
    /// A lineage edge by slug.
    succession,
    /// Lineage edges between organizations.
    successions: Succession;
    /// An event series by slug.
    event_series,
    /// Festivals, forums and programmes with editions.
    event_series_list: EventSeries;
    /// An event by slug.
    event,
    /// Events: editions, exchanges, concerts, exhibitions…
    events: Event;
    /// A participation by slug.
    participation,
    /// Roles of agents in events and series.
    participations: Participation;
    /// An event place by slug.
    event_place,
    /// Places of events and series in their roles.
    event_places: EventPlace;
    /// A work by slug.
    work,
    /// Legal acts, quotations, musical works.
    works: Work;
    /// A statistic by slug.
    statistic,
    /// Numbers the sources state.
    statistics: Statistic;
    /// A name variant by slug.
    name_variant,
    /// Other names of records.
    name_variants: NameVariant;
    /// A relation by slug.
    relation,
    /// Typed statements between records.
    relations: Relation;
    /// A source document by slug: `story` or `compendium`.
    source_document,
    /// The source documents.
    source_documents: SourceDocument;
    /// A citation by slug.
    citation,
    /// Every source passage behind the records.
    citations: Citation;
}
