//! `Statistic`: a number the sources state about a record.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use crate::domain::filter::Scope;
use crate::entities::statistic::{self, Column};
use crate::error::AppError;
use crate::graphql::enums::Comparator;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, StringFilter, YearRange,
};
use crate::graphql::node::{Node, by_record};
use crate::graphql::stored;

record_object! {
    /// A number the sources state about a record ("over 70 societies", "about 1,000
    /// participants"), with how it relates to the true value.
    Statistic wraps statistic, filter StatisticFilter, order StatisticOrderField, curated Statistic;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// The record it is about.
        async fn subject(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
            by_record(ctx, &self.0.subject_type, self.0.subject_id).await
        }
        /// What is counted, e.g. `member_societies`.
        async fn indicator(&self) -> &str {
            &self.0.indicator
        }
        /// The number.
        async fn value(&self) -> i64 {
            self.0.value
        }
        /// How the number relates to the true value.
        async fn comparator(&self) -> Result<Comparator> {
            stored(&self.0.comparator)
        }
        /// Unit.
        async fn unit(&self) -> Option<&str> {
            self.0.unit.as_deref()
        }
        /// Rate period, e.g. `year`.
        async fn per(&self) -> Option<&str> {
            self.0.per.as_deref()
        }
        /// The source's wording of the number, verbatim.
        async fn value_text(&self) -> &str {
            &self.0.value_text
        }
        /// The source's wording of the date.
        async fn as_of_text(&self) -> Option<&str> {
            self.0.as_of_text.as_deref()
        }
    }
    dated {
        as_of, as_of_year_from, as_of_year_to:
            "As of, as EDTF.",
            "Earliest year the as-of date allows.",
            "Latest year the as-of date allows.";
    }
    connections {}
}

order_fields! {
    /// Fields statistics can be ordered by.
    StatisticOrderField for statistic {
        /// Indicator.
        Indicator => ("indicator", Indicator, Text, false),
        /// Value.
        Value => ("value", Value, Int, false),
        /// Earliest as-of year; unknown last.
        AsOf => ("as_of", AsOfYearFrom, Int, true),
    }
}

/// Conditions on statistics; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct StatisticFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Indicator.
    pub indicator: Option<StringFilter>,
    /// Value.
    pub value: Option<IntFilter>,
    /// Comparator.
    pub comparator: Option<EnumFilter<Comparator>>,
    /// Earliest as-of year.
    pub as_of_year_from: Option<IntFilter>,
    /// Latest as-of year.
    pub as_of_year_to: Option<IntFilter>,
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
    pub and: Option<Vec<StatisticFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<StatisticFilter>>,
    /// This does not hold.
    pub not: Option<Box<StatisticFilter>>,
}

impl FilterInput for StatisticFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<statistic::Entity>("Statistic", &self.id)?;
        b.string(Column::Indicator, &self.indicator);
        b.int(Column::Value, &self.value);
        b.enumeration(Column::Comparator, &self.comparator);
        b.int(Column::AsOfYearFrom, &self.as_of_year_from);
        b.int(Column::AsOfYearTo, &self.as_of_year_to);
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
