//! `Participation`: an agent's role in an event or an event series.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::agent::agent;
use super::*;
use crate::domain::filter::Scope;
use crate::entities::participation::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::enums::ParticipationRole;
use crate::graphql::filter::{Build, EnumFilter, FilterInput, IdFilter, StringFilter};
use crate::graphql::stored;

record_object! {
    /// A person's or organization's role in an event or an event series: organizer,
    /// participant, sender, visitor… An event's roles include those stated on its series
    /// (organizer, co-organizer, initiator, host, inviter, sender, supporter, facilitator) and
    /// those stated by relations (`initiated`, `participatedIn`), marked by `derivedFrom`.
    Participation wraps participation, filter ParticipationFilter, order ParticipationOrderField, curated Participation;
    fields {
        /// The role.
        async fn role(&self) -> Result<ParticipationRole> {
            stored(&self.0.role)
        }
        /// The source's wording of the role.
        async fn label(&self) -> Option<&str> {
            self.0.label.as_deref()
        }
        /// Null when the dataset states this role; for a role inherited from the event's
        /// series or given by a relation, the record it comes from as a typed reference:
        /// `part.<slug>` (the series' participation) or `rel.<slug>` (the relation).
        async fn derived_from(&self) -> Option<&str> {
            self.0.derived_from.as_deref()
        }
        /// Who: a person or an organization.
        async fn agent(&self, ctx: &Context<'_>) -> Result<Option<Agent>> {
            agent(ctx, self.0.person_id, self.0.organization_id).await
        }
        /// Who, when a person.
        async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            one(ctx, self.0.person_id).await
        }
        /// Who, when an organization.
        async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one(ctx, self.0.organization_id).await
        }
        /// In what, when an event.
        async fn event(&self, ctx: &Context<'_>) -> Result<Option<Event>> {
            one(ctx, self.0.event_id).await
        }
        /// In what, when an event series.
        async fn series(&self, ctx: &Context<'_>) -> Result<Option<EventSeries>> {
            one(ctx, self.0.series_id).await
        }
    }
    dated {}
    connections {}
}

order_fields! {
    /// Fields participations can be ordered by.
    ParticipationOrderField for participation {
        /// Role.
        Role => ("role", Role, Text, false),
    }
}

/// Conditions on participations; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct ParticipationFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Role.
    pub role: Option<EnumFilter<ParticipationRole>>,
    /// The source's wording.
    pub label: Option<StringFilter>,
    /// Where an inherited role comes from (`{isNull: true}`: only the roles the dataset
    /// states; `{isNull: false}`: only inherited ones).
    pub derived_from: Option<StringFilter>,
    /// The agent, when a person.
    pub person: Option<Box<PersonFilter>>,
    /// The agent, when an organization.
    pub organization: Option<Box<OrganizationFilter>>,
    /// The event.
    pub event: Option<Box<EventFilter>>,
    /// The event series.
    pub series: Option<Box<EventSeriesFilter>>,
    /// All of these hold.
    pub and: Option<Vec<ParticipationFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<ParticipationFilter>>,
    /// This does not hold.
    pub not: Option<Box<ParticipationFilter>>,
}

impl FilterInput for ParticipationFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<participation::Entity>("Participation", &self.id)?;
        b.enumeration(Column::Role, &self.role);
        b.string(Column::Label, &self.label);
        b.string(Column::DerivedFrom, &self.derived_from);
        b.one(Column::PersonId, "person", &self.person)?;
        b.one(Column::OrganizationId, "organization", &self.organization)?;
        b.one(Column::EventId, "event", &self.event)?;
        b.one(Column::SeriesId, "event_series", &self.series)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
