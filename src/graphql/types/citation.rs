//! `Citation`: the source passage behind a record or one of its fields.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::entities::citation::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::filter::{Build, FilterInput, IdFilter, IntFilter, StringFilter};
use crate::graphql::node::{Node, by_record};

record_object! {
    /// The source passage behind a record or one of its fields: the document, the line and
    /// the exact quote. `basis` says whether the fact is stated there, inferred, or external.
    Citation wraps citation, filter CitationFilter, order CitationOrderField;
    fields {
        /// The record it supports.
        async fn record(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
            by_record(ctx, &self.0.record_type, self.0.record_id).await
        }
        /// The field of the record it supports; null for the record as a whole.
        async fn field(&self) -> Option<&str> {
            self.0.field.as_deref()
        }
        /// Position among the record's citations.
        async fn position(&self) -> i32 {
            self.0.position
        }
        /// The quoted document.
        async fn document(&self, ctx: &Context<'_>) -> Result<Option<SourceDocument>> {
            one(ctx, self.0.document_id).await
        }
        /// Line number in the document, from 1.
        async fn line(&self) -> Option<i32> {
            self.0.line
        }
        /// The exact quote, found on that line.
        async fn quote(&self) -> Option<&str> {
            self.0.quote.as_deref()
        }
    }
    dated {}
    connections {}
}

order_fields! {
    /// Fields citations can be ordered by.
    CitationOrderField for citation {
        /// Position among the record's citations.
        Position => ("position", Position, Int, false),
        /// Line number; none last.
        Line => ("line", Line, Int, true),
    }
}

/// Conditions on citations; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct CitationFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// The quoted document.
    pub document: Option<Box<SourceDocumentFilter>>,
    /// Line number.
    pub line: Option<IntFilter>,
    /// The quote.
    pub quote: Option<StringFilter>,
    /// The supported field.
    pub field: Option<StringFilter>,
    /// All of these hold.
    pub and: Option<Vec<CitationFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<CitationFilter>>,
    /// This does not hold.
    pub not: Option<Box<CitationFilter>>,
}

impl FilterInput for CitationFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<citation::Entity>("Citation", &self.id)?;
        b.one(Column::DocumentId, "source_document", &self.document)?;
        b.int(Column::Line, &self.line);
        b.string(Column::Quote, &self.quote);
        b.string(Column::Field, &self.field);
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
