//! `Event`: one edition, one exchange, one concert…

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::event::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::enums::EventKind;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, ListFilter, StringFilter,
    YearRange,
};
use crate::graphql::stored;

record_object! {
    /// An event: an edition of a festival or forum, a tour, an exhibition, a delegation, a
    /// visit, a transfer of works… Direct professional exchanges are events of the exchange
    /// kinds, with origin and destination places.
    Event wraps event, filter EventFilter, order EventOrderField, curated Event;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// Title.
        async fn title(&self) -> &str {
            &self.0.title
        }
        /// Kind.
        async fn kind(&self) -> Result<EventKind> {
            stored(&self.0.kind)
        }
        /// Edition number within its series.
        async fn edition_number(&self) -> Option<i32> {
            self.0.edition_number
        }
        /// Theme.
        async fn theme(&self) -> Option<&str> {
            self.0.theme.as_deref()
        }
        /// Description.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }
        /// True when the record stands for an unnamed set of occurrences.
        async fn aggregate(&self) -> bool {
            self.0.aggregate
        }
        /// The source's list of participants ends with "and others".
        async fn open_list(&self) -> bool {
            self.0.open_list
        }
        /// The series it is an edition of.
        async fn series(&self, ctx: &Context<'_>) -> Result<Option<EventSeries>> {
            one(ctx, self.0.series_id).await
        }
        /// The event it is part of.
        async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Event>> {
            one(ctx, self.0.parent_id).await
        }
    }
    dated {
        date, date_year_from, date_year_to:
            "When, as EDTF.",
            "Earliest year the date allows.",
            "Latest year the date allows.";
    }
    connections {
        /// Events that are part of this one.
        children: Event = EventChildren;
        /// Organizations that organized or co-organized it.
        organizers: Organization = EventOrganizers;
        /// Everyone with a role in it (organizers, participants, senders, visitors…).
        participants: Participation = EventParticipations;
        /// Its places: venue, origin, destination, scope.
        places: EventPlace = EventPlaces;
        /// Statistics about it.
        statistics: Statistic = Statistics("event");
        /// Relations in which it is the subject.
        relations: Relation = RelationsAsSubject("event");
        /// Relations in which it is the object.
        relations_as_object: Relation = RelationsAsObject("event");
    }
}

order_fields! {
    /// Fields events can be ordered by.
    EventOrderField for event {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Title.
        Title => ("title", Title, Text, false),
        /// Kind.
        Kind => ("kind", Kind, Text, false),
        /// Earliest year of the date; unknown last.
        Date => ("date", DateYearFrom, Int, true),
        /// Edition number; none last.
        EditionNumber => ("edition_number", EditionNumber, Int, true),
    }
}

/// Conditions on events; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct EventFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Title.
    pub title: Option<StringFilter>,
    /// The main name or any name variant (another spelling, a former, short or other-language
    /// name): some one of them meets every operator given, e.g. `{containsCi: "rossotrud"}`.
    pub any_name: Option<StringFilter>,
    /// Kind.
    pub kind: Option<EnumFilter<EventKind>>,
    /// Edition number.
    pub edition_number: Option<IntFilter>,
    /// Earliest year of the date.
    pub date_year_from: Option<IntFilter>,
    /// Latest year of the date.
    pub date_year_to: Option<IntFilter>,
    /// Stands for an unnamed set of occurrences.
    pub aggregate: Option<bool>,
    /// Its series.
    pub series: Option<Box<EventSeriesFilter>>,
    /// The event it is part of.
    pub parent: Option<Box<EventFilter>>,
    /// Its participations, e.g. `{some: {organization: {kind: {eq: PROFESSIONAL_UNION}}}}`.
    pub participants: Option<Box<ListFilter<ParticipationFilter>>>,
    /// Its places.
    pub places: Option<Box<ListFilter<EventPlaceFilter>>>,
    /// Alive in this year, read as `certainty` says: within its `lifespan` (`from`–`to`
    /// possibly, the default; `certainFrom`–`certainTo` certainly), after the rules of
    /// "alive in a year" (a derived end, such as a body's succession, counts).
    pub active_in: Option<i32>,
    /// Alive at some time in this span of years, read as `certainty` says (see `activeIn`).
    pub during: Option<YearRange>,
    /// How `activeIn` and `during` read fuzzy dates: `POSSIBLY` (some reading of the dates meets
    /// the years) or `CERTAINLY` (every reading does; an open or uncertain end adds no years).
    #[graphql(default)]
    pub certainty: Certainty,
    /// All of these hold.
    pub and: Option<Vec<EventFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<EventFilter>>,
    /// This does not hold.
    pub not: Option<Box<EventFilter>>,
}

impl FilterInput for EventFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<event::Entity>("Event", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.string(Column::Title, &self.title);
        b.any_name("event", Column::Title, &self.any_name)?;
        b.enumeration(Column::Kind, &self.kind);
        b.int(Column::EditionNumber, &self.edition_number);
        b.int(Column::DateYearFrom, &self.date_year_from);
        b.int(Column::DateYearTo, &self.date_year_to);
        b.bool(Column::Aggregate, self.aggregate);
        b.one(Column::SeriesId, "event_series", &self.series)?;
        b.one(Column::ParentId, "event", &self.parent)?;
        b.many(EventParticipations, &self.participants)?;
        b.many(EventPlaces, &self.places)?;
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
