//! `PlacePart`: dated containment of one place in another.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::entities::place_part::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::required;
use crate::graphql::filter::{Build, Certainty, FilterInput, IdFilter, IntFilter, YearRange};

record_object! {
    /// A place contained in another for a time: Leningrad in the USSR, St. Petersburg in Russia.
    PlacePart wraps place_part, filter PlacePartFilter, order PlacePartOrderField, curated PlacePart;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// The contained place.
        async fn place(&self, ctx: &Context<'_>) -> Result<Place> {
            required(ctx, self.0.place_id).await
        }
        /// The containing place.
        async fn part_of(&self, ctx: &Context<'_>) -> Result<Place> {
            required(ctx, self.0.part_of_id).await
        }
    }
    dated {
        valid, valid_year_from, valid_year_to:
            "When, as EDTF.",
            "Earliest year of the period.",
            "Latest year of the period.";
    }
    connections {}
}

order_fields! {
    /// Fields containment rows can be ordered by.
    PlacePartOrderField for place_part {
        /// Start of the period; unknown last.
        ValidFrom => ("valid_from", ValidYearFrom, Int, true),
    }
}

/// Conditions on containment rows; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct PlacePartFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// The contained place.
    pub place: Option<Box<PlaceFilter>>,
    /// The containing place.
    pub part_of: Option<Box<PlaceFilter>>,
    /// Earliest year of the period.
    pub valid_year_from: Option<IntFilter>,
    /// Latest year of the period.
    pub valid_year_to: Option<IntFilter>,
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
    pub and: Option<Vec<PlacePartFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<PlacePartFilter>>,
    /// This does not hold.
    pub not: Option<Box<PlacePartFilter>>,
}

impl FilterInput for PlacePartFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<place_part::Entity>("PlacePart", &self.id)?;
        b.one(Column::PlaceId, "place", &self.place)?;
        b.one(Column::PartOfId, "place", &self.part_of)?;
        b.int(Column::ValidYearFrom, &self.valid_year_from);
        b.int(Column::ValidYearTo, &self.valid_year_to);
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
