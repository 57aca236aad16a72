//! `Succession`: one edge of an organization's lineage.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::entities::succession::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::{one, required};
use crate::graphql::enums::SuccessionKind;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, YearRange,
};
use crate::graphql::stored;

record_object! {
    /// One edge of an organization's lineage: renamed, transformed into, continued as…,
    /// with its date and the legal act behind it.
    Succession wraps succession, filter SuccessionFilter, order SuccessionOrderField, curated Succession;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// The kind of change.
        async fn kind(&self) -> Result<SuccessionKind> {
            stored(&self.0.kind)
        }
        /// The body before.
        async fn predecessor(&self, ctx: &Context<'_>) -> Result<Organization> {
            required(ctx, self.0.predecessor_id).await
        }
        /// The body after.
        async fn successor(&self, ctx: &Context<'_>) -> Result<Organization> {
            required(ctx, self.0.successor_id).await
        }
        /// The legal act that made the change (a decree, a resolution).
        async fn legal_act(&self, ctx: &Context<'_>) -> Result<Option<Work>> {
            one(ctx, self.0.legal_act_id).await
        }
    }
    dated {
        date, date_year_from, date_year_to:
            "When, as EDTF.",
            "Earliest year the date allows.",
            "Latest year the date allows.";
    }
    connections {}
}

order_fields! {
    /// Fields lineage edges can be ordered by.
    SuccessionOrderField for succession {
        /// Earliest year of the date; unknown last.
        Date => ("date", DateYearFrom, Int, true),
        /// Kind.
        Kind => ("kind", Kind, Text, false),
    }
}

/// Conditions on lineage edges; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct SuccessionFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Kind of change.
    pub kind: Option<EnumFilter<SuccessionKind>>,
    /// Earliest year of the date.
    pub date_year_from: Option<IntFilter>,
    /// Latest year of the date.
    pub date_year_to: Option<IntFilter>,
    /// The body before.
    pub predecessor: Option<Box<OrganizationFilter>>,
    /// The body after.
    pub successor: Option<Box<OrganizationFilter>>,
    /// The legal act.
    pub legal_act: Option<Box<WorkFilter>>,
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
    pub and: Option<Vec<SuccessionFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<SuccessionFilter>>,
    /// This does not hold.
    pub not: Option<Box<SuccessionFilter>>,
}

impl FilterInput for SuccessionFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<succession::Entity>("Succession", &self.id)?;
        b.enumeration(Column::Kind, &self.kind);
        b.int(Column::DateYearFrom, &self.date_year_from);
        b.int(Column::DateYearTo, &self.date_year_to);
        b.one(Column::PredecessorId, "organization", &self.predecessor)?;
        b.one(Column::SuccessorId, "organization", &self.successor)?;
        b.one(Column::LegalActId, "work", &self.legal_act)?;
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
