//! `Relation`: a typed statement linking two records, or a record and a literal.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use crate::domain::filter::Scope;
use crate::entities::relation::{self, Column};
use crate::error::AppError;
use crate::graphql::enums::Predicate;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, StringFilter, YearRange,
};
use crate::graphql::node::{Node, by_record};
use crate::graphql::stored;

record_object! {
    /// A statement "subject predicate object" the sources make that no other record type
    /// holds: siblings, awards, ties, emigration, transfers of objects…
    Relation wraps relation, filter RelationFilter, order RelationOrderField, curated Relation;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// The subject.
        async fn subject(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
            by_record(ctx, &self.0.subject_type, self.0.subject_id).await
        }
        /// The predicate.
        async fn predicate(&self) -> Result<Predicate> {
            stored(&self.0.predicate)
        }
        /// The object, when it is a record.
        async fn object(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
            match (&self.0.object_type, self.0.object_id) {
                (Some(ty), Some(id)) => by_record(ctx, ty, id).await,
                _ => Ok(None),
            }
        }
        /// The object, when it is a literal (e.g. the name of an award).
        async fn object_literal(&self) -> Option<&str> {
            self.0.object_literal.as_deref()
        }
        /// The source's wording.
        async fn label(&self) -> Option<&str> {
            self.0.label.as_deref()
        }
    }
    dated {
        valid, valid_year_from, valid_year_to:
            "When, as EDTF.",
            "Earliest year.",
            "Latest year.";
    }
    connections {}
}

order_fields! {
    /// Fields relations can be ordered by.
    RelationOrderField for relation {
        /// Predicate.
        Predicate => ("predicate", Predicate, Text, false),
        /// Start; unknown last.
        ValidFrom => ("valid_from", ValidYearFrom, Int, true),
    }
}

/// Conditions on relations; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct RelationFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Predicate.
    pub predicate: Option<EnumFilter<Predicate>>,
    /// The source's wording.
    pub label: Option<StringFilter>,
    /// Literal object.
    pub object_literal: Option<StringFilter>,
    /// Earliest year.
    pub valid_year_from: Option<IntFilter>,
    /// Latest year.
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
    pub and: Option<Vec<RelationFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<RelationFilter>>,
    /// This does not hold.
    pub not: Option<Box<RelationFilter>>,
}

impl FilterInput for RelationFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<relation::Entity>("Relation", &self.id)?;
        b.enumeration(Column::Predicate, &self.predicate);
        b.string(Column::Label, &self.label);
        b.string(Column::ObjectLiteral, &self.object_literal);
        b.int(Column::ValidYearFrom, &self.valid_year_from);
        b.int(Column::ValidYearTo, &self.valid_year_to);
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
