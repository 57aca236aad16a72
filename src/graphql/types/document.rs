//! `SourceDocument`: a source text every citation quotes.

use async_graphql::{InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::source_document::{self, Column};
use crate::error::AppError;
use crate::graphql::filter::{Build, FilterInput, IdFilter, StringFilter};

record_object! {
    /// A source text the records are drawn from; every citation quotes one of its lines.
    SourceDocument wraps source_document, filter SourceDocumentFilter, order SourceDocumentOrderField, curated SourceDocument;
    fields {
        /// Title.
        async fn title(&self) -> &str {
            &self.0.title
        }
        /// Original file name.
        async fn file_name(&self) -> &str {
            &self.0.file_name
        }
        /// Collection it belongs to.
        async fn collection(&self) -> Option<&str> {
            self.0.collection.as_deref()
        }
        /// Publisher.
        async fn publisher(&self) -> Option<&str> {
            self.0.publisher.as_deref()
        }
        /// Language tag.
        async fn language(&self) -> Option<&str> {
            self.0.language.as_deref()
        }
        /// Publication date as EDTF.
        async fn published(&self) -> Option<&str> {
            self.0.published.as_deref()
        }
        /// SHA-256 of the text, hex.
        async fn sha256(&self) -> &str {
            &self.0.sha256
        }
        /// Number of lines of the text.
        async fn line_count(&self) -> usize {
            self.0.text.lines().count()
        }
        /// The full text.
        async fn text(&self) -> &str {
            &self.0.text
        }
        /// One line of the text (numbered from 1), or null past the end.
        async fn line(&self, #[graphql(desc = "Line number, from 1.")] number: i32) -> Option<&str> {
            let index = usize::try_from(number).ok()?.checked_sub(1)?;
            self.0.text.lines().nth(index)
        }
    }
    dated {}
    connections {
        /// Every citation that quotes this document, with the record it supports.
        quotations: Citation = DocumentCitations;
    }
}

order_fields! {
    /// Fields source documents can be ordered by.
    SourceDocumentOrderField for source_document {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Title.
        Title => ("title", Title, Text, false),
    }
}

/// Conditions on source documents; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct SourceDocumentFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Title.
    pub title: Option<StringFilter>,
    /// All of these hold.
    pub and: Option<Vec<SourceDocumentFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<SourceDocumentFilter>>,
    /// This does not hold.
    pub not: Option<Box<SourceDocumentFilter>>,
}

impl FilterInput for SourceDocumentFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<source_document::Entity>("SourceDocument", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.string(Column::Title, &self.title);
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
