//! "As of a year": the name in use, the posts held, the state a place belonged to, exposed
//! from the rules of `crate::domain::alive` (when a record is alive, which name kinds and
//! place kinds count). Each takes a `certainty`. When two periods meet within the year, the
//! earlier one wins (the state of things at the start of the year).

use async_graphql::{Context, Result};

use super::{NameVariant, NameVariantFilter, NameVariantOrderField, Place, PlaceFilter};
use super::{PlacePart, PlacePartFilter, PlacePartOrderField};
use crate::domain::links::ToMany;
use crate::domain::row::Columns;
use crate::entities::{name_variant, place_part};
use crate::graphql::connection::{PageArgs, child, required};
use crate::graphql::enums::{NameKind, PlaceKind};
use crate::graphql::filter::{Certainty, EnumFilter, IntFilter, OrderBy, OrderDirection};

fn first_one() -> PageArgs {
    PageArgs {
        first: Some(1),
        ..PageArgs::default()
    }
}

fn earliest<F: crate::graphql::filter::SortField>(field: F) -> Option<Vec<OrderBy<F>>> {
    Some(vec![OrderBy {
        field,
        direction: OrderDirection::Asc,
    }])
}

/// Which name variants can be a record's name in `year`, earliest first: the dated official,
/// former, short or variant names in use then. The resolvers and the compiled path both read
/// the first of this list.
pub fn dated_names(
    year: i32,
    certainty: Certainty,
) -> (
    NameVariantFilter,
    Option<Vec<OrderBy<NameVariantOrderField>>>,
) {
    let filter = NameVariantFilter {
        active_in: Some(year),
        certainty,
        valid_year_from: Some(IntFilter {
            is_null: Some(false),
            ..IntFilter::default()
        }),
        kind: Some(EnumFilter {
            eq: None,
            ne: None,
            in_: Some(
                crate::domain::alive::DATED_NAME_KINDS
                    .into_iter()
                    .map(NameKind::from)
                    .collect(),
            ),
        }),
        ..NameVariantFilter::default()
    };
    (filter, earliest(NameVariantOrderField::ValidFrom))
}

/// The dated name (official, former, short or variant) of a record in use in `year`, if the
/// sources date one.
async fn dated_name(
    ctx: &Context<'_>,
    table: &'static str,
    id: i32,
    year: i32,
    certainty: Certainty,
) -> Result<Option<String>> {
    let (filter, order) = dated_names(year, certainty);
    let page = child::<NameVariant>(
        ctx,
        ToMany::NameVariants(table),
        id,
        first_one(),
        Some(filter),
        order,
        Columns::of::<name_variant::Model>(["name"]),
    )
    .await?;
    Ok(page.into_nodes().into_iter().next().map(|n| n.0.name))
}

/// The name of a record in use in `year`: a dated name variant if the sources date one, else
/// its main `name` while the record holds in the year.
pub async fn name_in(
    ctx: &Context<'_>,
    table: &'static str,
    id: i32,
    name: Option<&str>,
    span: crate::domain::alive::Lifespan,
    year: i32,
    certainty: Certainty,
) -> Result<Option<String>> {
    if let Some(dated) = dated_name(ctx, table, id, year, certainty).await? {
        return Ok(Some(dated));
    }
    Ok(name
        .filter(|_| span.holds(year, certainty.into()))
        .map(str::to_owned))
}

/// Which containment rows of a place can give its state in `year`, earliest first: those in
/// force then whose whole is a country or historical state. The resolvers and the compiled
/// path both read the first of this list.
pub fn state_parts(
    year: i32,
    certainty: Certainty,
) -> (PlacePartFilter, Option<Vec<OrderBy<PlacePartOrderField>>>) {
    let filter = PlacePartFilter {
        active_in: Some(year),
        certainty,
        part_of: Some(Box::new(PlaceFilter {
            kind: Some(EnumFilter {
                eq: None,
                ne: None,
                in_: Some(
                    crate::domain::alive::STATE_KINDS
                        .into_iter()
                        .map(PlaceKind::from)
                        .collect(),
                ),
            }),
            ..PlaceFilter::default()
        })),
        ..PlacePartFilter::default()
    };
    (filter, earliest(PlacePartOrderField::ValidFrom))
}

/// The country or historical state a place belonged to in `year`.
pub async fn country_in(
    ctx: &Context<'_>,
    place: i32,
    year: i32,
    certainty: Certainty,
) -> Result<Option<Place>> {
    let (filter, order) = state_parts(year, certainty);
    let page = child::<PlacePart>(
        ctx,
        ToMany::PlaceContainers,
        place,
        first_one(),
        Some(filter),
        order,
        Columns::of::<place_part::Model>(["part_of_id"]),
    )
    .await?;
    match page.into_nodes().into_iter().next() {
        Some(part) => Ok(Some(required(ctx, part.0.part_of_id).await?)),
        None => Ok(None),
    }
}
