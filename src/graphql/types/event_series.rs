//! `EventSeries`: a festival, forum or programme with yearly (or other) editions.

use async_graphql::{InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::event_series::{self, Column};
use crate::error::AppError;
use crate::graphql::enums::EventKind;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, ListFilter, StringFilter,
    YearRange,
};
use crate::graphql::{stored, stored_list};

record_object! {
    /// A recurring event: a festival, forum or programme, with its editions, organizers and
    /// places.
    EventSeries wraps event_series, filter EventSeriesFilter, order EventSeriesOrderField, curated EventSeries;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// Name.
        async fn name(&self) -> &str {
            &self.0.name
        }
        /// Kind.
        async fn kind(&self) -> Result<EventKind> {
            stored(&self.0.kind)
        }
        /// How often it is held, e.g. `annual`.
        async fn frequency(&self) -> Option<&str> {
            self.0.frequency.as_deref()
        }
        /// Artistic disciplines.
        async fn disciplines(&self) -> Result<Vec<String>> {
            stored_list(&self.0.disciplines)
        }
        /// Formats, e.g. exhibitions, round tables.
        async fn formats(&self) -> Result<Vec<String>> {
            stored_list(&self.0.formats)
        }
        /// Description.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }
        /// Status as the source states it.
        async fn status(&self) -> Option<&str> {
            self.0.status.as_deref()
        }
        /// The source's list of editions or participants ends with "and others".
        async fn open_list(&self) -> bool {
            self.0.open_list
        }
    }
    dated {
        date, date_year_from, date_year_to:
            "When, as EDTF.",
            "Earliest year the date allows.",
            "Latest year the date allows.";
    }
    connections {
        /// Its editions.
        editions: Event = SeriesEditions;
        /// Organizations that organize or co-organize it.
        organizers: Organization = SeriesOrganizers;
        /// Everyone with a role in it (organizers, participants, hosts…).
        participants: Participation = SeriesParticipations;
        /// Its places (venues, scope).
        places: EventPlace = SeriesPlaces;
        /// Works in its context.
        works: Work = SeriesWorks;
        /// Statistics about it.
        statistics: Statistic = Statistics("event_series");
        /// Relations in which it is the subject.
        relations: Relation = RelationsAsSubject("event_series");
        /// Relations in which it is the object.
        relations_as_object: Relation = RelationsAsObject("event_series");
    }
}

order_fields! {
    /// Fields event series can be ordered by.
    EventSeriesOrderField for event_series {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Name.
        Name => ("name", Name, Text, false),
        /// Kind.
        Kind => ("kind", Kind, Text, false),
        /// Earliest year of the date; unknown last.
        Date => ("date", DateYearFrom, Int, true),
    }
}

/// Conditions on event series; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct EventSeriesFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Name.
    pub name: Option<StringFilter>,
    /// The main name or any name variant (another spelling, a former, short or other-language
    /// name): some one of them meets every operator given, e.g. `{containsCi: "rossotrud"}`.
    pub any_name: Option<StringFilter>,
    /// Kind.
    pub kind: Option<EnumFilter<EventKind>>,
    /// Earliest year of the date.
    pub date_year_from: Option<IntFilter>,
    /// Latest year of the date.
    pub date_year_to: Option<IntFilter>,
    /// Its editions.
    pub editions: Option<Box<ListFilter<EventFilter>>>,
    /// Its organizers.
    pub organizers: Option<Box<ListFilter<OrganizationFilter>>>,
    /// Its participations.
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
    pub and: Option<Vec<EventSeriesFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<EventSeriesFilter>>,
    /// This does not hold.
    pub not: Option<Box<EventSeriesFilter>>,
}

impl FilterInput for EventSeriesFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<event_series::Entity>("EventSeries", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.string(Column::Name, &self.name);
        b.any_name("event_series", Column::Name, &self.any_name)?;
        b.enumeration(Column::Kind, &self.kind);
        b.int(Column::DateYearFrom, &self.date_year_from);
        b.int(Column::DateYearTo, &self.date_year_to);
        b.many(SeriesEditions, &self.editions)?;
        b.many(SeriesOrganizers, &self.organizers)?;
        b.many(SeriesParticipations, &self.participants)?;
        b.many(SeriesPlaces, &self.places)?;
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
