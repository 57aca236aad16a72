//! Every to-many relation of the data model, named once: child pages, child counts and the
//! `some` / `none` filters all build their SQL from [`ToMany::link`].

use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, IntoIden, Query};

use super::listing::Link;
use crate::entities::*;

/// Membership roles that are posts (a person holding an office in a body).
pub const POST_ROLES: [&str; 2] = ["chair", "head"];
/// Participation roles that make an agent an organizer of an event or series.
pub const ORGANIZER_ROLES: [&str; 2] = ["organizer", "co_organizer"];

/// A to-many relation from a parent record to the rows listed under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ToMany {
    /// organization → organizations whose parent it is.
    OrganizationChildren,
    /// organization → memberships in it (as the body).
    OrganizationMemberships,
    /// organization → memberships in it that are posts.
    OrganizationPosts,
    /// organization → its memberships in other bodies (as the member).
    OrganizationMemberOf,
    /// organization → successions where it is the successor (links to predecessors).
    OrganizationPredecessors,
    /// organization → successions where it is the predecessor (links to successors).
    OrganizationSuccessors,
    /// organization → its participations in events and series.
    OrganizationParticipations,
    /// organization → event series it organized.
    OrganizationOrganizedSeries,
    /// organization → events it organized.
    OrganizationOrganizedEvents,
    /// organization → works it created.
    OrganizationWorks,
    /// organization → legal acts it passed.
    OrganizationActsPassed,
    /// person → memberships.
    PersonMemberships,
    /// person → posts held.
    PersonPosts,
    /// person → participations.
    PersonParticipations,
    /// person → works created.
    PersonWorks,
    /// place → organizations based in it (as their state).
    PlaceOrganizations,
    /// place → organizations located in it (as their city or finest place).
    PlaceLocatedOrganizations,
    /// place → people of this nationality.
    PlaceNationals,
    /// place → event places naming it.
    PlaceEventPlaces,
    /// place → events naming it, optionally in one role.
    PlaceEvents(Option<&'static str>),
    /// place → containment rows where it is the whole.
    PlaceParts,
    /// place → containment rows where it is the part.
    PlaceContainers,
    /// place → works created there.
    PlaceWorks,
    /// event series → its editions.
    SeriesEditions,
    /// event series → organizations organizing it.
    SeriesOrganizers,
    /// event series → participations.
    SeriesParticipations,
    /// event series → its places.
    SeriesPlaces,
    /// event series → works in its context.
    SeriesWorks,
    /// event → its sub-events.
    EventChildren,
    /// event → organizations organizing it.
    EventOrganizers,
    /// event → participations.
    EventParticipations,
    /// event → its places.
    EventPlaces,
    /// source document → citations quoting it.
    DocumentCitations,
    /// work → successions it is the legal act of.
    WorkSuccessions,
    /// any record (by table) → citations.
    Citations(&'static str),
    /// any record (by table) → name variants.
    NameVariants(&'static str),
    /// any record (by table) → statistics about it.
    Statistics(&'static str),
    /// any record (by table) → relations it is the subject of.
    RelationsAsSubject(&'static str),
    /// any record (by table) → relations it is the object of.
    RelationsAsObject(&'static str),
}

fn col(alias: &Alias, column: impl IntoIden) -> Expr {
    Expr::col((alias.clone(), column))
}

fn fk(t: &Alias, column: impl IntoIden) -> Link {
    Link {
        parent: col(t, column),
        join: None,
        extra: Condition::all(),
    }
}

fn typed(t: &Alias, id: impl IntoIden, ty: impl IntoIden, table: &'static str) -> Link {
    Link {
        parent: col(t, id),
        join: None,
        extra: Condition::all().add(col(t, ty).eq(table)),
    }
}

/// Through `participation` with an organizer role: `target` is the participation column
/// pointing at the listed row, `parent` the one pointing at the parent. The link is the
/// DISTINCT pairs, so a body both organizer and co-organizer of a series is listed once.
fn organized(
    t: &Alias,
    j: &Alias,
    target: participation::Column,
    parent: participation::Column,
) -> Link {
    let pairs = Query::select()
        .distinct()
        .column(target)
        .column(parent)
        .from(participation::Entity)
        .and_where(Expr::col(participation::Column::Role).is_in(ORGANIZER_ROLES))
        .to_owned();
    Link {
        parent: col(j, parent),
        join: Some((
            pairs,
            j.clone(),
            Condition::all().add(col(j, target).equals((t.clone(), Alias::new("id")))),
        )),
        extra: Condition::all(),
    }
}

/// `t.id IN (SELECT target FROM participation WHERE parent_col = parent AND role IN organizer
/// roles)`.
fn organized_in(
    t: &Alias,
    target: participation::Column,
    parent_col: participation::Column,
    parent: Expr,
) -> Condition {
    let ids = Query::select()
        .column(target)
        .from(participation::Entity)
        .and_where(Expr::col(parent_col).eq(parent))
        .and_where(Expr::col(participation::Column::Role).is_in(ORGANIZER_ROLES))
        .to_owned();
    Condition::all().add(col(t, Alias::new("id")).in_subquery(ids))
}

impl ToMany {
    /// The rows (alias `t`) under the one parent whose id is `parent` (an expression over an
    /// enclosing query), as one condition: the foreign key equal to it, or, through a link
    /// table, `t.id IN (SELECT … WHERE parent = …)`, which lists a row once however many
    /// link rows it has, and lets the database read the link table's index for that parent.
    pub fn under(self, t: &Alias, parent: Expr) -> Condition {
        use ToMany::*;
        type P = participation::Column;
        match self {
            OrganizationOrganizedSeries => organized_in(t, P::SeriesId, P::OrganizationId, parent),
            OrganizationOrganizedEvents => organized_in(t, P::EventId, P::OrganizationId, parent),
            SeriesOrganizers => organized_in(t, P::OrganizationId, P::SeriesId, parent),
            EventOrganizers => organized_in(t, P::OrganizationId, P::EventId, parent),
            PlaceEvents(role) => {
                type E = event_place::Column;
                let mut ids = Query::select();
                ids.column(E::EventId)
                    .from(event_place::Entity)
                    .and_where(Expr::col(E::PlaceId).eq(parent));
                if let Some(role) = role {
                    ids.and_where(Expr::col(E::Role).eq(role));
                }
                Condition::all().add(col(t, Alias::new("id")).in_subquery(ids))
            }
            _ => {
                let link = self.link(t, &Alias::new("j0"));
                debug_assert!(link.join.is_none(), "{self:?} joins a link table");
                Condition::all().add(link.parent.eq(parent)).add(link.extra)
            }
        }
    }

    /// The table of the listed rows.
    pub fn table(self) -> &'static str {
        use ToMany::*;
        match self {
            OrganizationChildren
            | PlaceOrganizations
            | PlaceLocatedOrganizations
            | SeriesOrganizers
            | EventOrganizers => "organization",
            OrganizationMemberships
            | OrganizationPosts
            | OrganizationMemberOf
            | PersonMemberships
            | PersonPosts => "membership",
            OrganizationPredecessors | OrganizationSuccessors | WorkSuccessions => "succession",
            OrganizationParticipations
            | PersonParticipations
            | SeriesParticipations
            | EventParticipations => "participation",
            OrganizationOrganizedSeries => "event_series",
            OrganizationOrganizedEvents | PlaceEvents(_) | SeriesEditions | EventChildren => {
                "event"
            }
            OrganizationWorks | OrganizationActsPassed | PersonWorks | PlaceWorks | SeriesWorks => {
                "work"
            }
            PlaceNationals => "person",
            PlaceEventPlaces | SeriesPlaces | EventPlaces => "event_place",
            PlaceParts | PlaceContainers => "place_part",
            DocumentCitations | Citations(_) => "citation",
            NameVariants(_) => "name_variant",
            Statistics(_) => "statistic",
            RelationsAsSubject(_) | RelationsAsObject(_) => "relation",
        }
    }

    /// The link from listed rows (alias `t`) to the parent; `j` aliases a link table.
    pub fn link(self, t: &Alias, j: &Alias) -> Link {
        use ToMany::*;
        type M = membership::Column;
        type P = participation::Column;
        match self {
            OrganizationChildren => fk(t, organization::Column::ParentId),
            OrganizationMemberships => fk(t, M::OrganizationId),
            OrganizationPosts => {
                let mut link = fk(t, M::OrganizationId);
                link.extra = link.extra.add(col(t, M::Role).is_in(POST_ROLES));
                link
            }
            OrganizationMemberOf => fk(t, M::MemberOrganizationId),
            OrganizationPredecessors => fk(t, succession::Column::SuccessorId),
            OrganizationSuccessors => fk(t, succession::Column::PredecessorId),
            OrganizationParticipations => fk(t, P::OrganizationId),
            OrganizationOrganizedSeries => organized(t, j, P::SeriesId, P::OrganizationId),
            OrganizationOrganizedEvents => organized(t, j, P::EventId, P::OrganizationId),
            OrganizationWorks => fk(t, work::Column::CreatorOrganizationId),
            OrganizationActsPassed => fk(t, work::Column::PassedById),
            PersonMemberships => fk(t, M::MemberPersonId),
            PersonPosts => {
                let mut link = fk(t, M::MemberPersonId);
                link.extra = link.extra.add(col(t, M::Role).is_in(POST_ROLES));
                link
            }
            PersonParticipations => fk(t, P::PersonId),
            PersonWorks => fk(t, work::Column::CreatorPersonId),
            PlaceOrganizations => fk(t, organization::Column::CountryId),
            PlaceLocatedOrganizations => fk(t, organization::Column::PlaceId),
            PlaceNationals => fk(t, person::Column::NationalityId),
            PlaceEventPlaces => fk(t, event_place::Column::PlaceId),
            PlaceEvents(role) => {
                // DISTINCT pairs: an event naming a place in two roles is listed once
                type E = event_place::Column;
                let mut pairs = Query::select();
                pairs
                    .distinct()
                    .column(E::EventId)
                    .column(E::PlaceId)
                    .from(event_place::Entity);
                if let Some(role) = role {
                    pairs.and_where(Expr::col(E::Role).eq(role));
                }
                let on =
                    Condition::all().add(col(j, E::EventId).equals((t.clone(), Alias::new("id"))));
                Link {
                    parent: col(j, E::PlaceId),
                    join: Some((pairs, j.clone(), on)),
                    extra: Condition::all(),
                }
            }
            PlaceParts => fk(t, place_part::Column::PartOfId),
            PlaceContainers => fk(t, place_part::Column::PlaceId),
            PlaceWorks => fk(t, work::Column::PlaceId),
            SeriesEditions => fk(t, event::Column::SeriesId),
            SeriesOrganizers => organized(t, j, P::OrganizationId, P::SeriesId),
            SeriesParticipations => fk(t, P::SeriesId),
            SeriesPlaces => fk(t, event_place::Column::SeriesId),
            SeriesWorks => fk(t, work::Column::SeriesId),
            EventChildren => fk(t, event::Column::ParentId),
            EventOrganizers => organized(t, j, P::OrganizationId, P::EventId),
            EventParticipations => fk(t, P::EventId),
            EventPlaces => fk(t, event_place::Column::EventId),
            DocumentCitations => fk(t, citation::Column::DocumentId),
            WorkSuccessions => fk(t, succession::Column::LegalActId),
            Citations(table) => typed(
                t,
                citation::Column::RecordId,
                citation::Column::RecordType,
                table,
            ),
            NameVariants(table) => typed(
                t,
                name_variant::Column::RecordId,
                name_variant::Column::RecordType,
                table,
            ),
            Statistics(table) => typed(
                t,
                statistic::Column::SubjectId,
                statistic::Column::SubjectType,
                table,
            ),
            RelationsAsSubject(table) => typed(
                t,
                relation::Column::SubjectId,
                relation::Column::SubjectType,
                table,
            ),
            RelationsAsObject(table) => typed(
                t,
                relation::Column::ObjectId,
                relation::Column::ObjectType,
                table,
            ),
        }
    }
}
