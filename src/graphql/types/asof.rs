//! "As of a year": the name in use, the posts held, the state a place belonged to. All use the
//! possibly reading of fuzzy dates (the record's window of years includes the year; an unknown
//! start or end is open), and when two periods meet within the year, the earlier one wins
//! (the state of things at the start of the year).

use async_graphql::{Context, Result};

use super::{NameVariant, NameVariantFilter, NameVariantOrderField, Place, PlaceFilter};
use super::{PlacePart, PlacePartFilter, PlacePartOrderField};
use crate::domain::links::ToMany;
use crate::graphql::connection::{PageArgs, child, required};
use crate::graphql::enums::{NameKind, PlaceKind};
use crate::graphql::filter::{EnumFilter, IntFilter, OrderBy, OrderDirection};

/// Whether a window of years `[from, to]` (unknown ends open) includes `year`.
pub fn possibly(from: Option<i32>, to: Option<i32>, year: i32) -> bool {
    from.is_none_or(|f| f <= year) && to.is_none_or(|t| t >= year)
}

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

/// The dated name (official, former, short or variant) of a record in use in `year`, if the
/// sources date one.
async fn dated_name(
    ctx: &Context<'_>,
    table: &'static str,
    id: i32,
    year: i32,
) -> Result<Option<String>> {
    let filter = NameVariantFilter {
        active_in: Some(year),
        valid_year_from: Some(IntFilter {
            is_null: Some(false),
            ..IntFilter::default()
        }),
        kind: Some(EnumFilter {
            eq: None,
            ne: None,
            in_: Some(vec![
                NameKind::Official,
                NameKind::Former,
                NameKind::Short,
                NameKind::Variant,
            ]),
        }),
        ..NameVariantFilter::default()
    };
    let order = earliest(NameVariantOrderField::ValidFrom);
    let page = child::<NameVariant>(
        ctx,
        ToMany::NameVariants(table),
        id,
        first_one(),
        Some(filter),
        order,
    )
    .await?;
    Ok(page.into_nodes().into_iter().next().map(|n| n.0.name))
}

/// The name of a record in use in `year`: a dated name variant if the sources date one, else
/// its main `name` while its window of years `[from, to]` possibly includes the year.
pub async fn name_in(
    ctx: &Context<'_>,
    table: &'static str,
    id: i32,
    name: &str,
    (from, to): (Option<i32>, Option<i32>),
    year: i32,
) -> Result<Option<String>> {
    if let Some(dated) = dated_name(ctx, table, id, year).await? {
        return Ok(Some(dated));
    }
    Ok(possibly(from, to, year).then(|| name.to_owned()))
}

/// The country or historical state a place belonged to in `year`.
pub async fn country_in(ctx: &Context<'_>, place: i32, year: i32) -> Result<Option<Place>> {
    let filter = PlacePartFilter {
        active_in: Some(year),
        part_of: Some(Box::new(PlaceFilter {
            kind: Some(EnumFilter {
                eq: None,
                ne: None,
                in_: Some(vec![PlaceKind::Country, PlaceKind::HistoricalState]),
            }),
            ..PlaceFilter::default()
        })),
        ..PlacePartFilter::default()
    };
    let order = earliest(PlacePartOrderField::ValidFrom);
    let page = child::<PlacePart>(
        ctx,
        ToMany::PlaceContainers,
        place,
        first_one(),
        Some(filter),
        order,
    )
    .await?;
    match page.into_nodes().into_iter().next() {
        Some(part) => Ok(Some(required(ctx, part.0.part_of_id).await?)),
        None => Ok(None),
    }
}
