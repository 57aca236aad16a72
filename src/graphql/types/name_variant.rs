//! `NameVariant`: another name of a record.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use crate::domain::filter::Scope;
use crate::entities::name_variant::{self, Column};
use crate::error::AppError;
use crate::graphql::enums::NameKind;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, StringFilter, YearRange,
};
use crate::graphql::node::{Node, by_record};
use crate::graphql::stored;

record_object! {
    /// Another name of a record: official, short, former, translated, or misspelt in a source
    /// ("Erenst Hemingway"), dated when the sources date it.
    NameVariant wraps name_variant, filter NameVariantFilter, order NameVariantOrderField;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// The record it names.
        async fn record(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
            by_record(ctx, &self.0.record_type, self.0.record_id).await
        }
        /// The name as written.
        async fn name(&self) -> &str {
            &self.0.name
        }
        /// Kind of name.
        async fn kind(&self) -> Result<NameKind> {
            stored(&self.0.kind)
        }
        /// Language tag.
        async fn lang(&self) -> Option<&str> {
            self.0.lang.as_deref()
        }
        /// Position among the record's names.
        async fn position(&self) -> i32 {
            self.0.position
        }
    }
    dated {
        valid, valid_year_from, valid_year_to:
            "When the name was in use, as EDTF.",
            "Earliest year of use.",
            "Latest year of use.";
    }
    connections {}
}

order_fields! {
    /// Fields name variants can be ordered by.
    NameVariantOrderField for name_variant {
        /// Position among the record's names.
        Position => ("position", Position, Int, false),
        /// Name.
        Name => ("name", Name, Text, false),
        /// Start of use; unknown last.
        ValidFrom => ("valid_from", ValidYearFrom, Int, true),
    }
}

/// Conditions on name variants; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct NameVariantFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// The name.
    pub name: Option<StringFilter>,
    /// Kind.
    pub kind: Option<EnumFilter<NameKind>>,
    /// Language tag.
    pub lang: Option<StringFilter>,
    /// Earliest year of use.
    pub valid_year_from: Option<IntFilter>,
    /// Latest year of use.
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
    pub and: Option<Vec<NameVariantFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<NameVariantFilter>>,
    /// This does not hold.
    pub not: Option<Box<NameVariantFilter>>,
}

impl FilterInput for NameVariantFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<name_variant::Entity>("NameVariant", &self.id)?;
        b.string(Column::Name, &self.name);
        b.enumeration(Column::Kind, &self.kind);
        b.string(Column::Lang, &self.lang);
        b.int(Column::ValidYearFrom, &self.valid_year_from);
        b.int(Column::ValidYearTo, &self.valid_year_to);
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
