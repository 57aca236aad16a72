//! The list spec of a connection field (filter, ordering, window), built by the very code the
//! resolvers use ([`crate::graphql::connection::spec`]) from the field's arguments, parsed into
//! the type's own filter and ordering inputs.

use async_graphql::InputType;
use async_graphql_value::ConstValue;
use sea_orm::DbBackend;

use super::collect::{Collected, Vars};
use crate::domain::listing::ListSpec;
use crate::graphql::connection::{PageArgs, Wrap, spec};
use crate::graphql::filter::{Certainty, OrderBy};
use crate::graphql::types::*;

/// Parses an optional input; `Err` when it does not parse (the resolvers then report it).
fn input<T: InputType>(value: Option<ConstValue>) -> Result<Option<T>, ()> {
    match value {
        None => Ok(None),
        Some(v) => T::parse(Some(v)).map(Some).map_err(|_| ()),
    }
}

fn int(value: Option<ConstValue>) -> Result<Option<i32>, ()> {
    input::<i32>(value)
}

fn string(value: Option<ConstValue>) -> Result<Option<String>, ()> {
    input::<String>(value)
}

/// The Relay page arguments of a field.
fn page_args(field: &Collected<'_>, vars: &Vars) -> Option<PageArgs> {
    Some(PageArgs {
        first: int(field.arg(vars, "first")).ok()?,
        after: string(field.arg(vars, "after")).ok()?,
        last: int(field.arg(vars, "last")).ok()?,
        before: string(field.arg(vars, "before")).ok()?,
    })
}

/// The `year` and `certainty` arguments of an as-of field.
fn as_of(field: &Collected<'_>, vars: &Vars) -> Option<(i32, Certainty)> {
    let year = input::<i32>(field.arg(vars, "year")).ok()??;
    let certainty = input::<Certainty>(field.arg(vars, "certainty")).ok()?;
    Some((year, certainty.unwrap_or_default()))
}

/// A page of one row, from the start.
fn first_one() -> PageArgs {
    PageArgs {
        first: Some(1),
        ..PageArgs::default()
    }
}

fn typed<T: Wrap>(
    backend: DbBackend,
    nesting: usize,
    field: &Collected<'_>,
    vars: &Vars,
    order: Option<Vec<OrderBy<T::OrderField>>>,
) -> Option<ListSpec> {
    let args = page_args(field, vars)?;
    let filter = input::<T::Filter>(field.arg(vars, "filter")).ok()?;
    spec::<T>(backend, nesting, args, filter, order).ok()
}

/// The list a record's `nameIn(year:, certainty:)` reads its dated name from (the first
/// row), as the resolver builds it; `None` when the arguments do not parse.
pub fn dated_names(
    backend: DbBackend,
    nesting: usize,
    field: &Collected<'_>,
    vars: &Vars,
) -> Option<(i32, Certainty, ListSpec)> {
    let (year, certainty) = as_of(field, vars)?;
    let (filter, order) = crate::graphql::types::dated_names(year, certainty);
    let spec = spec::<NameVariant>(backend, nesting, first_one(), Some(filter), order).ok()?;
    Some((year, certainty, spec))
}

/// The containment rows `countryIn(year:, certainty:)` reads its state from (the first row),
/// as the resolver builds them.
pub fn state_parts(
    backend: DbBackend,
    nesting: usize,
    field: &Collected<'_>,
    vars: &Vars,
) -> Option<(i32, Certainty, ListSpec)> {
    let (year, certainty) = as_of(field, vars)?;
    let (filter, order) = crate::graphql::types::state_parts(year, certainty);
    let spec = spec::<PlacePart>(backend, nesting, first_one(), Some(filter), order).ok()?;
    Some((year, certainty, spec))
}

/// The list `postsIn(year:, certainty:, first…)` reads, as the resolver builds it.
pub fn posts_in(
    backend: DbBackend,
    nesting: usize,
    field: &Collected<'_>,
    vars: &Vars,
) -> Option<ListSpec> {
    let (year, certainty) = as_of(field, vars)?;
    let (filter, order) = crate::graphql::types::posts_in(year, certainty);
    let args = page_args(field, vars)?;
    spec::<Membership>(backend, nesting, args, Some(filter), order).ok()
}

/// The spec of a connection of `node_type` records, or `None` when its arguments are not
/// valid (too large a page, a foreign cursor, a filter too deep…): the resolvers answer with
/// the error.
pub fn list_spec(
    node_type: &str,
    backend: DbBackend,
    nesting: usize,
    field: &Collected<'_>,
    vars: &Vars,
) -> Option<ListSpec> {
    macro_rules! by_type {
        ($($ty:ident, $order:ident;)+) => {
            match node_type {
                $(stringify!($ty) => {
                    let order = input::<Vec<OrderBy<$order>>>(field.arg(vars, "orderBy")).ok()?;
                    typed::<$ty>(backend, nesting, field, vars, order)
                })+
                _ => None,
            }
        };
    }
    by_type! {
        Citation, CitationOrderField;
        Event, EventOrderField;
        EventPlace, EventPlaceOrderField;
        EventSeries, EventSeriesOrderField;
        Membership, MembershipOrderField;
        NameVariant, NameVariantOrderField;
        Organization, OrganizationOrderField;
        Participation, ParticipationOrderField;
        Person, PersonOrderField;
        Place, PlaceOrderField;
        PlacePart, PlacePartOrderField;
        Relation, RelationOrderField;
        SourceDocument, SourceDocumentOrderField;
        Statistic, StatisticOrderField;
        Succession, SuccessionOrderField;
        Work, WorkOrderField;
    }
}
