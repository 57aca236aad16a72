//! One record by slug and one connection per record type: the same two fields for each, so
//! they are declared once (`roots!`), each delegating to [`by_slug`] or [`root`].

use async_graphql::{Context, Result, dataloader::DataLoader};

use crate::graphql::columns;
use crate::graphql::connection::{Conn, PageArgs, Wrap, root};
use crate::graphql::filter::OrderBy;
use crate::graphql::gql_load;
use crate::graphql::loader::{BySlug, Db};
use crate::graphql::types::*;

/// The lookups and connections of every record type.
#[derive(Default)]
pub struct RecordRoots;

async fn by_slug<T: Wrap>(ctx: &Context<'_>, slug: String) -> Result<Option<T>> {
    let loader = ctx.data::<DataLoader<Db>>()?;
    let found = loader
        .load_one(BySlug::<T::Entity>::new(slug, columns::selected::<T>(ctx)))
        .await
        .map_err(gql_load)?;
    Ok(found.map(T::wrap))
}

macro_rules! roots {
    ($( $(#[$one_meta:meta])* $one:ident, $(#[$list_meta:meta])* $list:ident: $ty:ident; )+) => {
        #[async_graphql::Object]
        impl RecordRoots {
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
                #[graphql(complexity = "crate::graphql::connection::cost(first, last, child_complexity)")]
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
