//! `EventPlace`: a place in the role it plays for an event or a series.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::entities::event_place::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::{one, required};
use crate::graphql::enums::EventPlaceRole;
use crate::graphql::filter::{Build, EnumFilter, FilterInput, IdFilter};
use crate::graphql::stored;

record_object! {
    /// A place in the role it plays for an event or a series: venue, origin or destination
    /// of an exchange, or the scope of a programme.
    EventPlace wraps event_place, filter EventPlaceFilter, order EventPlaceOrderField, curated EventPlace;
    fields {
        /// The role of the place.
        async fn role(&self) -> Result<EventPlaceRole> {
            stored(&self.0.role)
        }
        /// The place.
        async fn place(&self, ctx: &Context<'_>) -> Result<Place> {
            required(ctx, self.0.place_id).await
        }
        /// The event, when the place belongs to one.
        async fn event(&self, ctx: &Context<'_>) -> Result<Option<Event>> {
            one(ctx, self.0.event_id).await
        }
        /// The series, when the place belongs to one.
        async fn series(&self, ctx: &Context<'_>) -> Result<Option<EventSeries>> {
            one(ctx, self.0.series_id).await
        }
    }
    dated {}
    connections {}
}

order_fields! {
    /// Fields event places can be ordered by.
    EventPlaceOrderField for event_place {
        /// Role.
        Role => ("role", Role, Text, false),
    }
}

/// Conditions on event places; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct EventPlaceFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Role.
    pub role: Option<EnumFilter<EventPlaceRole>>,
    /// The place.
    pub place: Option<Box<PlaceFilter>>,
    /// The event.
    pub event: Option<Box<EventFilter>>,
    /// The series.
    pub series: Option<Box<EventSeriesFilter>>,
    /// All of these hold.
    pub and: Option<Vec<EventPlaceFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<EventPlaceFilter>>,
    /// This does not hold.
    pub not: Option<Box<EventPlaceFilter>>,
}

impl FilterInput for EventPlaceFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<event_place::Entity>("EventPlace", &self.id)?;
        b.enumeration(Column::Role, &self.role);
        b.one(Column::PlaceId, "place", &self.place)?;
        b.one(Column::EventId, "event", &self.event)?;
        b.one(Column::SeriesId, "event_series", &self.series)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
