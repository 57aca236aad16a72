//! `Work`: a legal act, a quotation, a musical work.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::agent::agent;
use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::work::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::enums::WorkKind;
use crate::graphql::filter::{Build, EnumFilter, FilterInput, IdFilter, IntFilter, StringFilter};
use crate::graphql::stored;

record_object! {
    /// A work: a legal act (a decree behind a change of lineage), a quotation, a musical work.
    Work wraps work, filter WorkFilter, order WorkOrderField, curated Work;
    fields {
        /// Kind.
        async fn kind(&self) -> Result<WorkKind> {
            stored(&self.0.kind)
        }
        /// Title.
        async fn title(&self) -> &str {
            &self.0.title
        }
        /// Type of legal act, e.g. "Decree of the President".
        async fn legislation_type(&self) -> Option<&str> {
            self.0.legislation_type.as_deref()
        }
        /// Identifier such as a decree number.
        async fn identifier(&self) -> Option<&str> {
            self.0.identifier.as_deref()
        }
        /// Text of a quotation.
        async fn text(&self) -> Option<&str> {
            self.0.text.as_deref()
        }
        /// Language tag.
        async fn language(&self) -> Option<&str> {
            self.0.language.as_deref()
        }
        /// Who created it: a person or an organization.
        async fn creator(&self, ctx: &Context<'_>) -> Result<Option<Agent>> {
            agent(ctx, self.0.creator_person_id, self.0.creator_organization_id).await
        }
        /// The body that passed a legal act.
        async fn passed_by(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one(ctx, self.0.passed_by_id).await
        }
        /// Where it was created.
        async fn place(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
            one(ctx, self.0.place_id).await
        }
        /// The event series it belongs to as context.
        async fn series(&self, ctx: &Context<'_>) -> Result<Option<EventSeries>> {
            one(ctx, self.0.series_id).await
        }
    }
    dated {
        date, date_year_from, date_year_to:
            "When, as EDTF.",
            "Earliest year the date allows.",
            "Latest year the date allows.";
    }
    connections {
        /// Lineage edges this work is the legal act of.
        successions: Succession = WorkSuccessions;
        /// Statistics about it.
        statistics: Statistic = Statistics("work");
        /// Relations in which it is the subject.
        relations: Relation = RelationsAsSubject("work");
        /// Relations in which it is the object.
        relations_as_object: Relation = RelationsAsObject("work");
    }
}

order_fields! {
    /// Fields works can be ordered by.
    WorkOrderField for work {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Title.
        Title => ("title", Title, Text, false),
        /// Earliest year of the date; unknown last.
        Date => ("date", DateYearFrom, Int, true),
    }
}

/// Conditions on works; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct WorkFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Kind.
    pub kind: Option<EnumFilter<WorkKind>>,
    /// Title.
    pub title: Option<StringFilter>,
    /// The main name or any name variant (another spelling, a former, short or other-language
    /// name): some one of them meets every operator given, e.g. `{containsCi: "rossotrud"}`.
    pub any_name: Option<StringFilter>,
    /// Identifier.
    pub identifier: Option<StringFilter>,
    /// Earliest year of the date.
    pub date_year_from: Option<IntFilter>,
    /// Latest year of the date.
    pub date_year_to: Option<IntFilter>,
    /// The body that passed it.
    pub passed_by: Option<Box<OrganizationFilter>>,
    /// Its series.
    pub series: Option<Box<EventSeriesFilter>>,
    /// All of these hold.
    pub and: Option<Vec<WorkFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<WorkFilter>>,
    /// This does not hold.
    pub not: Option<Box<WorkFilter>>,
}

impl FilterInput for WorkFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<work::Entity>("Work", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.enumeration(Column::Kind, &self.kind);
        b.string(Column::Title, &self.title);
        b.any_name("work", Column::Title, &self.any_name)?;
        b.string(Column::Identifier, &self.identifier);
        b.int(Column::DateYearFrom, &self.date_year_from);
        b.int(Column::DateYearTo, &self.date_year_to);
        b.one(Column::PassedById, "organization", &self.passed_by)?;
        b.one(Column::SeriesId, "event_series", &self.series)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
