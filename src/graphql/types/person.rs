//! `Person`.

use async_graphql::{Context, InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::person::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::filter::{Build, FilterInput, IdFilter, IntFilter, ListFilter, StringFilter};
use crate::graphql::stored_list;

record_object! {
    /// A person: an artist, official, chairman, writer or visitor named in the sources.
    Person wraps person, filter PersonFilter, order PersonOrderField, curated Person;
    fields {
        /// Name as the sources give it (misspellings are name variants).
        async fn name(&self) -> &str {
            &self.0.name
        }
        /// Occupations as the sources give them.
        async fn occupations(&self) -> Result<Vec<String>> {
            stored_list(&self.0.occupations)
        }
        /// Description.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }
        /// Nationality.
        async fn nationality(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
            one(ctx, self.0.nationality_id).await
        }
    }
    dated {
        born, born_year_from, born_year_to:
            "Birth date as EDTF.",
            "Earliest year the birth date allows.",
            "Latest year the birth date allows.";
        died, died_year_from, died_year_to:
            "Death date as EDTF.",
            "Earliest year the death date allows.",
            "Latest year the death date allows.";
    }
    connections {
        /// Memberships and posts, in any body.
        memberships: Membership = PersonMemberships;
        /// Posts held (chair, head).
        posts: Membership = PersonPosts;
        /// Roles in events and event series.
        participations: Participation = PersonParticipations;
        /// Works created.
        works: Work = PersonWorks;
        /// Statistics about this person.
        statistics: Statistic = Statistics("person");
        /// Relations in which this person is the subject.
        relations: Relation = RelationsAsSubject("person");
        /// Relations in which this person is the object.
        relations_as_object: Relation = RelationsAsObject("person");
    }
}

order_fields! {
    /// Fields people can be ordered by.
    PersonOrderField for person {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Name.
        Name => ("name", Name, Text, false),
        /// Earliest birth year; unknown last.
        Born => ("born", BornYearFrom, Int, true),
    }
}

/// Conditions on people; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct PersonFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Name.
    pub name: Option<StringFilter>,
    /// The main name or any name variant (another spelling, a former, short or other-language
    /// name): some one of them meets every operator given, e.g. `{containsCi: "rossotrud"}`.
    pub any_name: Option<StringFilter>,
    /// Earliest birth year.
    pub born_year_from: Option<IntFilter>,
    /// Latest death year.
    pub died_year_to: Option<IntFilter>,
    /// Nationality.
    pub nationality: Option<Box<PlaceFilter>>,
    /// Memberships and posts.
    pub memberships: Option<Box<ListFilter<MembershipFilter>>>,
    /// Participations.
    pub participations: Option<Box<ListFilter<ParticipationFilter>>>,
    /// Name variants.
    pub name_variants: Option<Box<ListFilter<NameVariantFilter>>>,
    /// All of these hold.
    pub and: Option<Vec<PersonFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<PersonFilter>>,
    /// This does not hold.
    pub not: Option<Box<PersonFilter>>,
}

impl FilterInput for PersonFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<person::Entity>("Person", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.string(Column::Name, &self.name);
        b.any_name("person", Column::Name, &self.any_name)?;
        b.int(Column::BornYearFrom, &self.born_year_from);
        b.int(Column::DiedYearTo, &self.died_year_to);
        b.one(Column::NationalityId, "place", &self.nationality)?;
        b.many(PersonMemberships, &self.memberships)?;
        b.many(PersonParticipations, &self.participations)?;
        b.many(NameVariants("person"), &self.name_variants)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
