//! `Organization`: a society, union, agency, centre, ensemble… or an aggregate standing for an
//! unnamed set of bodies.

use crate::domain::alive::Spanned as _;
use async_graphql::{Context, InputObject, Result};

use crate::graphql::budget::meter::Metered;
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::organization::{self, Column};
use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::enums::{NameStatus, OrganizationKind};
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, ListFilter, StringFilter,
    YearRange,
};
use crate::graphql::{stored, stored_list};

record_object! {
    /// A body: a society, union, agency, centre, ensemble… or an aggregate standing for an
    /// unnamed set ("Soviet cultural centres abroad").
    Organization wraps organization, filter OrganizationFilter, order OrganizationOrderField, curated Organization;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// Main name as the sources give it (misspellings found in the sources are name
        /// variants, never this); `null` when the sources do not name the body: show `label`.
        async fn name(&self) -> Option<&str> {
            (self.0.name_status.as_deref() != Some("not_given")).then_some(self.0.name.as_str())
        }
        /// What to call the body on screen: its name, or the curator's description when the
        /// sources give no name ("Visual artists' union of Armenia"). Never null.
        async fn label(&self) -> &str {
            &self.0.name
        }
        /// Whether the sources give the name: `STATED`, `INFERRED` by the curator, or
        /// `NOT_GIVEN` (then `name` is null and `label` is a description).
        async fn name_status(&self) -> Result<NameStatus> {
            stored(self.0.name_status.as_deref().unwrap_or("stated"))
        }
        /// What kind of body it is.
        async fn kind(&self) -> Result<OrganizationKind> {
            stored(&self.0.kind)
        }
        /// True when the record stands for an unnamed set, e.g. "Soviet cultural centres".
        async fn aggregate(&self) -> bool {
            self.0.aggregate
        }
        /// Artistic disciplines it works in, as the sources name them.
        async fn disciplines(&self) -> Result<Vec<String>> {
            stored_list(&self.0.disciplines)
        }
        /// Its stated purpose.
        async fn purpose(&self) -> Option<&str> {
            self.0.purpose.as_deref()
        }
        /// Description.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }
        /// The state the body was based in (may be a historical state such as the USSR).
        async fn country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
            one(ctx, self.0.country_id).await
        }
        /// The finest known location, usually a city.
        async fn place(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
            one(ctx, self.0.place_id).await
        }
        /// The body this one is a structural part of.
        async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one(ctx, self.0.parent_id).await
        }
        /// The name in use in `year`: a dated name variant if the sources date one, else the
        /// main name while the body was alive (its `lifespan`), else null; null too when the
        /// sources do not name the body.
        async fn name_in(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The year.")] year: i32,
            #[graphql(desc = "How to read fuzzy dates.", default)] certainty: Certainty,
        ) -> Result<Option<String>> {
            let name = (self.0.name_status.as_deref() != Some("not_given")).then_some(self.0.name.as_str());
            super::asof::name_in(ctx, "organization", self.0.id, name, self.0.lifespan(), year, certainty).await
        }
        /// Posts (chair, head) held in `year`, earliest first: the people who led the body then
        /// (a post whose end is unknown is not counted past the body's own end).
        #[graphql(complexity = "crate::graphql::connection::cost(first, last, 10)")]
        #[allow(clippy::too_many_arguments)] // the Relay arguments are GraphQL arguments
        async fn posts_in(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The year.")] year: i32,
            #[graphql(desc = "How to read fuzzy dates.", default)] certainty: Certainty,
            #[graphql(desc = "Page size from the start (default 20, at most 100).")] first: Option<i32>,
            #[graphql(desc = "Only records after this cursor.")] after: Option<String>,
            #[graphql(desc = "Page size from the end (at most 100).")] last: Option<i32>,
            #[graphql(desc = "Only records before this cursor.")] before: Option<String>,
        ) -> Result<crate::graphql::connection::Conn<Membership>> {
            let (filter, order) = posts_in(year, certainty);
            let args = crate::graphql::connection::PageArgs { first, after, last, before };
            let set = crate::graphql::columns::connection::<Membership>(ctx);
            crate::graphql::connection::child(ctx, OrganizationPosts, self.0.id, args, Some(filter), order, set).await
        }
        /// The bodies of this one's lineage (itself, its predecessors, successors and their
        /// branches) alive in `year` under the rules of "alive in a year", in lineage order:
        /// the AUSCR's lineage at 1960 is the USFS; Rossotrudnichestvo's at 1993 is the RAICD
        /// and the RAIC.
        async fn lineage_at(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The year.")] year: i32,
            #[graphql(desc = "How to read fuzzy dates.", default)] certainty: Certainty,
        ) -> Result<Metered<Vec<Organization>>> {
            super::lineage_at(ctx, self, year, certainty).await.map(Metered)
        }
        /// The lineage walked transitively, in one recursive SQL query: every succession step
        /// back (predecessors) and/or forward (successors) up to `maxDepth` steps away,
        /// predecessors first, then by depth. Every branch appears from any starting point:
        /// walking back from Rossotrudnichestvo shows the RAIC as a `branch` off the USFS.
        #[graphql(complexity = "crate::graphql::types::lineage_cost(max_depth, 10)")]
        async fn lineage(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "Which way to walk.", default)] direction: LineageDirection,
            #[graphql(desc = "Most steps away from this body (1 to 50).", default = 10)]
            max_depth: i32,
        ) -> Result<Metered<Vec<LineageStep>>> {
            crate::graphql::types::lineage(ctx, self.0.id, direction, max_depth)
                .await
                .map(Metered)
        }
    }
    dated {
        founded, founded_year_from, founded_year_to:
            "Founding date as EDTF, e.g. `1925-04` or `[..1957]`.",
            "Earliest year the founding date allows.",
            "Latest year the founding date allows.";
        dissolved, dissolved_year_from, dissolved_year_to:
            "Dissolution date as EDTF.",
            "Earliest year the dissolution date allows.",
            "Latest year the dissolution date allows.";
    }
    connections {
        /// Bodies that are structural parts of this one.
        children: Organization = OrganizationChildren;
        /// Memberships in this body: its members and the holders of its posts.
        memberships: Membership = OrganizationMemberships;
        /// Posts in this body (chairs, heads) and who held them.
        posts: Membership = OrganizationPosts;
        /// This body's own memberships in other bodies.
        member_of: Membership = OrganizationMemberOf;
        /// Lineage edges to the bodies this one succeeded.
        predecessors: Succession = OrganizationPredecessors;
        /// Lineage edges to the bodies that succeeded this one.
        successors: Succession = OrganizationSuccessors;
        /// Its roles in events and event series.
        participations: Participation = OrganizationParticipations;
        /// Event series it organized or co-organized.
        organized_series: EventSeries = OrganizationOrganizedSeries;
        /// Events it organized or co-organized.
        organized_events: Event = OrganizationOrganizedEvents;
        /// Works it created.
        works: Work = OrganizationWorks;
        /// Legal acts it passed.
        acts_passed: Work = OrganizationActsPassed;
        /// Statistics about this body.
        statistics: Statistic = Statistics("organization");
        /// Relations in which this body is the subject.
        relations: Relation = RelationsAsSubject("organization");
        /// Relations in which this body is the object.
        relations_as_object: Relation = RelationsAsObject("organization");
    }
}

order_fields! {
    /// Fields organizations can be ordered by.
    OrganizationOrderField for organization {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Name.
        Name => ("name", Name, Text, false),
        /// Kind.
        Kind => ("kind", Kind, Text, false),
        /// Earliest founding year; unknown last.
        Founded => ("founded", FoundedYearFrom, Int, true),
        /// Earliest dissolution year; unknown last.
        Dissolved => ("dissolved", DissolvedYearFrom, Int, true),
    }
}

/// Conditions on organizations; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct OrganizationFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Main name, or the label of a body the sources do not name (`label`).
    pub name: Option<StringFilter>,
    /// The main name or any name variant (another spelling, a former, short or other-language
    /// name): some one of them meets every operator given, e.g. `{containsCi: "rossotrud"}`.
    pub any_name: Option<StringFilter>,
    /// Description.
    pub description: Option<StringFilter>,
    /// Kind.
    pub kind: Option<EnumFilter<OrganizationKind>>,
    /// Stands for an unnamed set.
    pub aggregate: Option<bool>,
    /// Earliest founding year.
    pub founded_year_from: Option<IntFilter>,
    /// Latest founding year.
    pub founded_year_to: Option<IntFilter>,
    /// Earliest dissolution year.
    pub dissolved_year_from: Option<IntFilter>,
    /// Latest dissolution year.
    pub dissolved_year_to: Option<IntFilter>,
    /// The state it was based in, e.g. `{isoAlpha2: {eq: "BY"}}`.
    pub country: Option<Box<PlaceFilter>>,
    /// Its finest known location.
    pub place: Option<Box<PlaceFilter>>,
    /// The body it is part of.
    pub parent: Option<Box<OrganizationFilter>>,
    /// Its structural parts.
    pub children: Option<Box<ListFilter<OrganizationFilter>>>,
    /// Memberships in it.
    pub memberships: Option<Box<ListFilter<MembershipFilter>>>,
    /// Its memberships in other bodies.
    pub member_of: Option<Box<ListFilter<MembershipFilter>>>,
    /// Lineage edges to its predecessors.
    pub predecessors: Option<Box<ListFilter<SuccessionFilter>>>,
    /// Lineage edges to its successors.
    pub successors: Option<Box<ListFilter<SuccessionFilter>>>,
    /// Its participations.
    pub participations: Option<Box<ListFilter<ParticipationFilter>>>,
    /// Its name variants.
    pub name_variants: Option<Box<ListFilter<NameVariantFilter>>>,
    /// Its citations.
    pub citations: Option<Box<ListFilter<CitationFilter>>>,
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
    pub and: Option<Vec<OrganizationFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<OrganizationFilter>>,
    /// This does not hold.
    pub not: Option<Box<OrganizationFilter>>,
}

impl FilterInput for OrganizationFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<organization::Entity>("Organization", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.string(Column::Name, &self.name);
        b.any_name("organization", Column::Name, &self.any_name)?;
        b.string(Column::Description, &self.description);
        b.enumeration(Column::Kind, &self.kind);
        b.bool(Column::Aggregate, self.aggregate);
        b.int(Column::FoundedYearFrom, &self.founded_year_from);
        b.int(Column::FoundedYearTo, &self.founded_year_to);
        b.int(Column::DissolvedYearFrom, &self.dissolved_year_from);
        b.int(Column::DissolvedYearTo, &self.dissolved_year_to);
        b.one(Column::CountryId, "place", &self.country)?;
        b.one(Column::PlaceId, "place", &self.place)?;
        b.one(Column::ParentId, "organization", &self.parent)?;
        b.many(OrganizationChildren, &self.children)?;
        b.many(OrganizationMemberships, &self.memberships)?;
        b.many(OrganizationMemberOf, &self.member_of)?;
        b.many(OrganizationPredecessors, &self.predecessors)?;
        b.many(OrganizationSuccessors, &self.successors)?;
        b.many(OrganizationParticipations, &self.participations)?;
        b.many(NameVariants("organization"), &self.name_variants)?;
        b.many(Citations("organization"), &self.citations)?;
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}

/// The posts of a body held in `year`, earliest first, as `postsIn` lists them (the
/// resolver and the compiled path): a post cannot outlast its body, so both must hold.
pub fn posts_in(
    year: i32,
    certainty: Certainty,
) -> (
    MembershipFilter,
    Option<Vec<crate::graphql::filter::OrderBy<MembershipOrderField>>>,
) {
    let body = OrganizationFilter {
        active_in: Some(year),
        certainty,
        ..OrganizationFilter::default()
    };
    let filter = MembershipFilter {
        active_in: Some(year),
        certainty,
        organization: Some(Box::new(body)),
        ..MembershipFilter::default()
    };
    let order = Some(vec![crate::graphql::filter::OrderBy {
        field: MembershipOrderField::ValidFrom,
        direction: crate::graphql::filter::OrderDirection::Asc,
    }]);
    (filter, order)
}
