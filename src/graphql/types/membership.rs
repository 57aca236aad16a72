//! `Membership`: a member of a body, or the holder of a post in it.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::agent::agent;
use super::*;
use crate::domain::filter::Scope;
use crate::entities::membership::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::{one, required};
use crate::graphql::enums::MembershipRole;
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, StringFilter, YearRange,
};
use crate::graphql::stored;

record_object! {
    /// A member of a body (a union in a confederation, a society in a union) or the holder of
    /// a post in it (its chairman); posts are memberships with a post role.
    Membership wraps membership, filter MembershipFilter, order MembershipOrderField, curated Membership;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// The role: member, chair, head…
        async fn role(&self) -> Result<MembershipRole> {
            stored(&self.0.role)
        }
        /// The source's wording of the role, e.g. "first chairman".
        async fn label(&self) -> Option<&str> {
            self.0.label.as_deref()
        }
        /// Order among holders of the post ("first chairman" is 1).
        async fn ordinal(&self) -> Option<i32> {
            self.0.ordinal
        }
        /// The body.
        async fn organization(&self, ctx: &Context<'_>) -> Result<Organization> {
            required(ctx, self.0.organization_id).await
        }
        /// The member or post holder: a person or an organization.
        async fn member(&self, ctx: &Context<'_>) -> Result<Option<Agent>> {
            agent(ctx, self.0.member_person_id, self.0.member_organization_id).await
        }
        /// The member when it is a person.
        async fn member_person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            one(ctx, self.0.member_person_id).await
        }
        /// The member when it is an organization.
        async fn member_organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one(ctx, self.0.member_organization_id).await
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
    /// Fields memberships can be ordered by.
    MembershipOrderField for membership {
        /// Role.
        Role => ("role", Role, Text, false),
        /// Ordinal; none last.
        Ordinal => ("ordinal", Ordinal, Int, true),
        /// Start of the period; unknown last.
        ValidFrom => ("valid_from", ValidYearFrom, Int, true),
    }
}

/// Conditions on memberships; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct MembershipFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Role.
    pub role: Option<EnumFilter<MembershipRole>>,
    /// The source's wording.
    pub label: Option<StringFilter>,
    /// Ordinal.
    pub ordinal: Option<IntFilter>,
    /// Earliest year of the period.
    pub valid_year_from: Option<IntFilter>,
    /// Latest year of the period.
    pub valid_year_to: Option<IntFilter>,
    /// The body.
    pub organization: Option<Box<OrganizationFilter>>,
    /// The member, when a person.
    pub member_person: Option<Box<PersonFilter>>,
    /// The member, when an organization.
    pub member_organization: Option<Box<OrganizationFilter>>,
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
    pub and: Option<Vec<MembershipFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<MembershipFilter>>,
    /// This does not hold.
    pub not: Option<Box<MembershipFilter>>,
}

impl FilterInput for MembershipFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<membership::Entity>("Membership", &self.id)?;
        b.enumeration(Column::Role, &self.role);
        b.string(Column::Label, &self.label);
        b.int(Column::Ordinal, &self.ordinal);
        b.int(Column::ValidYearFrom, &self.valid_year_from);
        b.int(Column::ValidYearTo, &self.valid_year_to);
        b.one(Column::OrganizationId, "organization", &self.organization)?;
        b.one(Column::MemberPersonId, "person", &self.member_person)?;
        b.one(
            Column::MemberOrganizationId,
            "organization",
            &self.member_organization,
        )?;
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
