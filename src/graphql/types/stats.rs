//! Grouped counts: `eventStats`, `membershipStats`, `organizationStats` and `exchangeFlows`.
//! Each call runs one grouping statement (plus one for `totalCount`, and the usual loader
//! batches for the records its keys expose).

use async_graphql::{Context, Enum, InputObject, Object, Result};
use sea_orm::DatabaseConnection;
use sea_orm::sea_query::{Condition, Order};

use super::agent::Agent as AgentObject;
use super::{
    EventFilter, EventSeries, MembershipFilter, Organization, OrganizationFilter, Person, Place,
};
use crate::domain::stats::Sort;
use crate::domain::stats::{
    self, Agent, EventDim, FlowDim, Group, Grouping, Key, KeyValue, MembershipDim, OrganizationDim,
};
use crate::error::AppError;
use crate::graphql::connection::{compile_filter, one};
use crate::graphql::enums::{EventKind, MembershipRole, OrganizationKind};
use crate::graphql::filter::{IntFilter, OrderDirection, int_conditions};
use crate::graphql::loader::{Db, GroupPage, GroupingKey};
use crate::graphql::ranked::{Position, Ranked, Total};
use crate::graphql::{gql, gql_load, stored};
use async_graphql::dataloader::DataLoader;

fn bad(msg: String) -> async_graphql::Error {
    gql(AppError::BadUserInput(msg))
}

/// What an ordering refers to: a grouped key or an aggregate (by index).
enum Target<D> {
    Key(D),
    Aggregate(usize),
}

/// Builds the grouping shared by every stats field.
struct Spec<D> {
    table: &'static str,
    filter: Condition,
    group_by: Vec<D>,
    key: fn(D) -> Key,
    aggregates: Vec<stats::Aggregate>,
    /// The GraphQL field of each aggregate, in order.
    fields: &'static [&'static str],
    having: Vec<(usize, Option<IntFilter>)>,
    order: Vec<(Target<D>, OrderDirection)>,
}

impl<D: Copy + PartialEq + std::fmt::Debug> Spec<D> {
    fn build(self, ctx: &Context<'_>) -> Result<(Grouping, Vec<D>)> {
        let mut seen = Vec::new();
        for d in &self.group_by {
            if seen.contains(d) {
                return Err(bad(format!("`groupBy` lists {d:?} twice")));
            }
            seen.push(*d);
        }
        let keys: Vec<Key> = self.group_by.iter().map(|d| (self.key)(*d)).collect();
        let mut having = Condition::all();
        for (i, f) in &self.having {
            if let Some(f) = f {
                for cond in int_conditions(|| stats::aggregate_expr(*i), f) {
                    having = having.add(cond);
                }
            }
        }
        let mut order = Vec::new();
        for (target, dir) in self.order {
            let dir = match dir {
                OrderDirection::Asc => Order::Asc,
                OrderDirection::Desc => Order::Desc,
            };
            match target {
                Target::Aggregate(i) => order.push((Sort::Aggregate(i), dir)),
                Target::Key(d) => {
                    let Some(pos) = self.group_by.iter().position(|g| *g == d) else {
                        return Err(bad(format!(
                            "`orderBy` uses {d:?}, which is not in `groupBy`"
                        )));
                    };
                    order.push((Sort::Key(pos), dir));
                }
            }
        }
        if order.is_empty() {
            // the biggest groups first
            order.push((Sort::Aggregate(0), Order::Desc));
        }
        // the distinct counts (after the plain count) cost joins: computed only when selected,
        // filtered on or ordered by
        let ahead = ctx.look_ahead();
        let selected = |field: &str| {
            ahead.field("nodes").field(field).exists()
                || ahead.field("edges").field("node").field(field).exists()
        };
        let skipped = (1..self.aggregates.len())
            .filter(|&i| {
                let filtered = self.having.iter().any(|(j, f)| *j == i && f.is_some());
                let ordered = order.iter().any(|(s, _)| *s == Sort::Aggregate(i));
                !filtered && !ordered && !self.fields.get(i).is_some_and(|f| selected(f))
            })
            .collect();
        let grouping = Grouping {
            table: self.table,
            filter: self.filter,
            keys,
            aggregates: self.aggregates,
            skipped,
            having,
            order,
        };
        Ok((grouping, self.group_by))
    }
}

/// Runs a grouping for one page.
async fn run<D: Clone, G: async_graphql::OutputType>(
    ctx: &Context<'_>,
    grouping: Grouping,
    dims: Vec<D>,
    first: Option<i32>,
    after: Option<String>,
    wrap: fn(Vec<D>, Group) -> G,
) -> Result<Ranked<G>> {
    let backend = ctx.data::<DatabaseConnection>()?.get_database_backend();
    let key = GroupingKey::new(grouping, backend);
    let position = Position::new(first, after, key.grouping.fingerprint(backend))?;
    let page = GroupPage {
        grouping: key.clone(),
        offset: position.offset,
        limit: position.size + 1,
    };
    let groups = ctx
        .data::<DataLoader<Db>>()?
        .load_one(page)
        .await
        .map_err(gql_load)?
        .unwrap_or_default();
    let groups = groups.into_iter().map(|g| wrap(dims.clone(), g)).collect();
    Ok(Ranked::new(groups, &position, Total::Groups(key)))
}

/// The key values of a group, by dimension.
struct Keys<D> {
    dims: Vec<D>,
    values: Vec<KeyValue>,
}

impl<D: PartialEq> Keys<D> {
    fn value(&self, d: D) -> Option<&KeyValue> {
        self.dims
            .iter()
            .position(|x| *x == d)
            .map(|i| &self.values[i])
    }
    fn int(&self, d: D) -> Option<i64> {
        match self.value(d) {
            Some(KeyValue::Int(v)) => *v,
            _ => None,
        }
    }
    fn id(&self, d: D) -> Option<i32> {
        self.int(d).and_then(|v| i32::try_from(v).ok())
    }
    fn year(&self, d: D) -> Option<i32> {
        self.id(d)
    }
    fn text(&self, d: D) -> Option<&str> {
        match self.value(d) {
            Some(KeyValue::Text(v)) => v.as_deref(),
            _ => None,
        }
    }
    fn stored<T: crate::graphql::enums::FromStored>(&self, d: D) -> Result<Option<T>> {
        self.text(d).map(stored).transpose()
    }
    async fn place(&self, ctx: &Context<'_>, d: D) -> Result<Option<Place>> {
        one(ctx, self.id(d)).await
    }
    async fn agent(&self, ctx: &Context<'_>, d: D) -> Result<Option<AgentObject>> {
        match self.int(d).and_then(Agent::from_key) {
            Some(Agent::Person(id)) => {
                Ok(one::<Person>(ctx, Some(id)).await?.map(AgentObject::Person))
            }
            Some(Agent::Organization(id)) => Ok(one::<Organization>(ctx, Some(id))
                .await?
                .map(AgentObject::Organization)),
            None => Ok(None),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// events

/// What events can be grouped by. Many-valued links (venues, organizers, participants) put an
/// event in one group per linked record; every count counts an event once per group.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "EventDim")]
pub enum EventDimension {
    /// The earliest year of the event's date.
    Year,
    /// The decade of that year (1941 → 1940).
    Decade,
    /// The event's kind.
    Kind,
    /// The series the event is an edition of.
    Series,
    /// The state each venue belonged to in the event's year: a 1941 event in Leningrad counts
    /// under the USSR, a 2012 event in Ashgabat under Turkmenistan.
    VenueCountry,
    /// Each venue place as recorded (usually a city).
    VenueCity,
    /// Each organizing organization (roles organizer, co-organizer).
    Organizer,
    /// The kind of each organizing organization.
    OrganizerKind,
    /// The country each organizing organization is based in.
    OrganizerCountry,
    /// Each participating person or organization (every role but organizer and co-organizer).
    Participant,
    /// `person`, or the kind of each participating organization.
    ParticipantKind,
    /// The country of each participating organization, or the nationality of each person.
    ParticipantCountry,
}

/// The key of an event group: the fields of the dimensions grouped by; the others are null.
pub struct EventStatsKey(Keys<EventDim>);

/// The key of an event group: the fields of the dimensions grouped by; the others are null.
#[Object]
impl EventStatsKey {
    /// Year (`YEAR`).
    async fn year(&self) -> Option<i32> {
        self.0.year(EventDim::Year)
    }
    /// Decade, e.g. 1940 (`DECADE`).
    async fn decade(&self) -> Option<i32> {
        self.0.year(EventDim::Decade)
    }
    /// Kind (`KIND`).
    async fn kind(&self) -> Result<Option<EventKind>> {
        self.0.stored(EventDim::Kind)
    }
    /// Series (`SERIES`).
    async fn series(&self, ctx: &Context<'_>) -> Result<Option<EventSeries>> {
        one(ctx, self.0.id(EventDim::Series)).await
    }
    /// The venue's state in the event's year (`VENUE_COUNTRY`).
    async fn venue_country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, EventDim::VenueCountry).await
    }
    /// The venue place (`VENUE_CITY`).
    async fn venue_city(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, EventDim::VenueCity).await
    }
    /// The organizing organization (`ORGANIZER`).
    async fn organizer(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        one(ctx, self.0.id(EventDim::Organizer)).await
    }
    /// The organizer's kind (`ORGANIZER_KIND`).
    async fn organizer_kind(&self) -> Result<Option<OrganizationKind>> {
        self.0.stored(EventDim::OrganizerKind)
    }
    /// The organizer's country (`ORGANIZER_COUNTRY`).
    async fn organizer_country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, EventDim::OrganizerCountry).await
    }
    /// The participant (`PARTICIPANT`).
    async fn participant(&self, ctx: &Context<'_>) -> Result<Option<AgentObject>> {
        self.0.agent(ctx, EventDim::Participant).await
    }
    /// The participant's kind: `person`, or an organization kind in snake_case
    /// (`PARTICIPANT_KIND`).
    async fn participant_kind(&self) -> Option<&str> {
        self.0.text(EventDim::ParticipantKind)
    }
    /// The participant's country or nationality (`PARTICIPANT_COUNTRY`).
    async fn participant_country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, EventDim::ParticipantCountry).await
    }
}

/// A group of events and its counts.
pub struct EventStats(EventStatsKey, Vec<i64>);

/// A group of events and its counts.
#[Object]
impl EventStats {
    /// The group's key.
    async fn key(&self) -> &EventStatsKey {
        &self.0
    }
    /// Events in the group.
    async fn count(&self) -> i64 {
        self.1[0]
    }
    /// Distinct participating people and organizations across the group's events (every
    /// role but organizer and co-organizer).
    async fn distinct_participants(&self) -> i64 {
        self.1[1]
    }
}

/// Conditions on the counts of an event group (SQL `HAVING`).
#[derive(InputObject, Default)]
pub struct EventStatsHaving {
    /// Events in the group.
    pub count: Option<IntFilter>,
    /// Distinct participants.
    pub distinct_participants: Option<IntFilter>,
}

/// What event groups can be ordered by: a count, or a dimension that is grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatsOrderField {
    /// Events in the group.
    Count,
    /// Distinct participants.
    DistinctParticipants,
    /// Year.
    Year,
    /// Decade.
    Decade,
    /// Kind.
    Kind,
    /// Series (by id, the order of the dataset).
    Series,
    /// Venue country (by id).
    VenueCountry,
    /// Venue city (by id).
    VenueCity,
    /// Organizer (by id).
    Organizer,
    /// Organizer kind.
    OrganizerKind,
    /// Organizer country (by id).
    OrganizerCountry,
    /// Participant (organizations by id, then people).
    Participant,
    /// Participant kind.
    ParticipantKind,
    /// Participant country (by id).
    ParticipantCountry,
}

impl EventStatsOrderField {
    fn target(self) -> Target<EventDim> {
        use EventStatsOrderField as F;
        match self {
            F::Count => Target::Aggregate(0),
            F::DistinctParticipants => Target::Aggregate(1),
            F::Year => Target::Key(EventDim::Year),
            F::Decade => Target::Key(EventDim::Decade),
            F::Kind => Target::Key(EventDim::Kind),
            F::Series => Target::Key(EventDim::Series),
            F::VenueCountry => Target::Key(EventDim::VenueCountry),
            F::VenueCity => Target::Key(EventDim::VenueCity),
            F::Organizer => Target::Key(EventDim::Organizer),
            F::OrganizerKind => Target::Key(EventDim::OrganizerKind),
            F::OrganizerCountry => Target::Key(EventDim::OrganizerCountry),
            F::Participant => Target::Key(EventDim::Participant),
            F::ParticipantKind => Target::Key(EventDim::ParticipantKind),
            F::ParticipantCountry => Target::Key(EventDim::ParticipantCountry),
        }
    }
}

/// One ordering of event groups.
#[derive(InputObject)]
pub struct EventStatsOrder {
    /// What to order by.
    pub field: EventStatsOrderField,
    /// The direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// `eventStats`.
#[allow(clippy::too_many_arguments)]
pub async fn event_stats(
    ctx: &Context<'_>,
    filter: Option<EventFilter>,
    group_by: Vec<EventDimension>,
    having: Option<EventStatsHaving>,
    order_by: Option<Vec<EventStatsOrder>>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Ranked<EventStats>> {
    let having = having.unwrap_or_default();
    let spec = Spec {
        table: "event",
        filter: compile_filter(ctx, filter)?,
        group_by: group_by.into_iter().map(Into::into).collect(),
        key: EventDim::key,
        aggregates: stats::event_aggregates(),
        fields: &["count", "distinctParticipants"],
        having: vec![(0, having.count), (1, having.distinct_participants)],
        order: order_by
            .unwrap_or_default()
            .into_iter()
            .map(|o| (o.field.target(), o.direction))
            .collect(),
    };
    let (grouping, dims) = spec.build(ctx)?;
    run(ctx, grouping, dims, first, after, |dims, g| {
        EventStats(
            EventStatsKey(Keys {
                dims,
                values: g.keys,
            }),
            g.aggregates,
        )
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// memberships

/// What memberships (and posts) can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "MembershipDim")]
pub enum MembershipDimension {
    /// The body the membership is in.
    Body,
    /// The member, a person or an organization.
    Member,
    /// `person`, or the kind of the member organization.
    MemberKind,
    /// The country of the member organization, or the nationality of the member person.
    MemberCountry,
    /// The role: member, chair, head…
    Role,
    /// The decade the membership began (its earliest reading).
    Decade,
}

/// The key of a membership group: the fields of the dimensions grouped by; the others are
/// null.
pub struct MembershipStatsKey(Keys<MembershipDim>);

/// The key of a membership group: the fields of the dimensions grouped by; the others are
/// null.
#[Object]
impl MembershipStatsKey {
    /// The body (`BODY`).
    async fn body(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        one(ctx, self.0.id(MembershipDim::Body)).await
    }
    /// The member (`MEMBER`).
    async fn member(&self, ctx: &Context<'_>) -> Result<Option<AgentObject>> {
        self.0.agent(ctx, MembershipDim::Member).await
    }
    /// The member's kind: `person`, or an organization kind in snake_case (`MEMBER_KIND`).
    async fn member_kind(&self) -> Option<&str> {
        self.0.text(MembershipDim::MemberKind)
    }
    /// The member's country or nationality (`MEMBER_COUNTRY`).
    async fn member_country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, MembershipDim::MemberCountry).await
    }
    /// The role (`ROLE`).
    async fn role(&self) -> Result<Option<MembershipRole>> {
        self.0.stored(MembershipDim::Role)
    }
    /// The decade the membership began (`DECADE`).
    async fn decade(&self) -> Option<i32> {
        self.0.year(MembershipDim::Decade)
    }
}

/// A group of memberships and its counts.
pub struct MembershipStats(MembershipStatsKey, Vec<i64>);

/// A group of memberships and its counts.
#[Object]
impl MembershipStats {
    /// The group's key.
    async fn key(&self) -> &MembershipStatsKey {
        &self.0
    }
    /// Memberships in the group.
    async fn count(&self) -> i64 {
        self.1[0]
    }
    /// Distinct members (people and organizations) in the group.
    async fn distinct_members(&self) -> i64 {
        self.1[1]
    }
}

/// Conditions on the counts of a membership group (SQL `HAVING`).
#[derive(InputObject, Default)]
pub struct MembershipStatsHaving {
    /// Memberships in the group.
    pub count: Option<IntFilter>,
    /// Distinct members.
    pub distinct_members: Option<IntFilter>,
}

/// What membership groups can be ordered by: a count, or a dimension that is grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MembershipStatsOrderField {
    /// Memberships in the group.
    Count,
    /// Distinct members.
    DistinctMembers,
    /// Body (by id).
    Body,
    /// Member (organizations by id, then people).
    Member,
    /// Member kind.
    MemberKind,
    /// Member country (by id).
    MemberCountry,
    /// Role.
    Role,
    /// Decade.
    Decade,
}

/// One ordering of membership groups.
#[derive(InputObject)]
pub struct MembershipStatsOrder {
    /// What to order by.
    pub field: MembershipStatsOrderField,
    /// The direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// `membershipStats`.
#[allow(clippy::too_many_arguments)]
pub async fn membership_stats(
    ctx: &Context<'_>,
    filter: Option<MembershipFilter>,
    group_by: Vec<MembershipDimension>,
    having: Option<MembershipStatsHaving>,
    order_by: Option<Vec<MembershipStatsOrder>>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Ranked<MembershipStats>> {
    use MembershipStatsOrderField as F;
    let having = having.unwrap_or_default();
    let target = |f: F| match f {
        F::Count => Target::Aggregate(0),
        F::DistinctMembers => Target::Aggregate(1),
        F::Body => Target::Key(MembershipDim::Body),
        F::Member => Target::Key(MembershipDim::Member),
        F::MemberKind => Target::Key(MembershipDim::MemberKind),
        F::MemberCountry => Target::Key(MembershipDim::MemberCountry),
        F::Role => Target::Key(MembershipDim::Role),
        F::Decade => Target::Key(MembershipDim::Decade),
    };
    let spec = Spec {
        table: "membership",
        filter: compile_filter(ctx, filter)?,
        group_by: group_by.into_iter().map(Into::into).collect(),
        key: MembershipDim::key,
        aggregates: stats::membership_aggregates(),
        fields: &["count", "distinctMembers"],
        having: vec![(0, having.count), (1, having.distinct_members)],
        order: order_by
            .unwrap_or_default()
            .into_iter()
            .map(|o| (target(o.field), o.direction))
            .collect(),
    };
    let (grouping, dims) = spec.build(ctx)?;
    run(ctx, grouping, dims, first, after, |dims, g| {
        MembershipStats(
            MembershipStatsKey(Keys {
                dims,
                values: g.keys,
            }),
            g.aggregates,
        )
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// organizations

/// What organizations can be grouped by. To count the bodies active in a year, filter with
/// `activeIn` (and `certainty`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "OrganizationDim")]
pub enum OrganizationDimension {
    /// The kind.
    Kind,
    /// The state it is based in.
    Country,
    /// The earliest year of its founding.
    FoundedYear,
    /// The decade of that year.
    FoundedDecade,
    /// The body it is a structural part of.
    Parent,
}

/// The key of an organization group: the fields of the dimensions grouped by; the others are
/// null.
pub struct OrganizationStatsKey(Keys<OrganizationDim>);

/// The key of an organization group: the fields of the dimensions grouped by; the others are
/// null.
#[Object]
impl OrganizationStatsKey {
    /// Kind (`KIND`).
    async fn kind(&self) -> Result<Option<OrganizationKind>> {
        self.0.stored(OrganizationDim::Kind)
    }
    /// Country (`COUNTRY`).
    async fn country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, OrganizationDim::Country).await
    }
    /// Founding year (`FOUNDED_YEAR`).
    async fn founded_year(&self) -> Option<i32> {
        self.0.year(OrganizationDim::FoundedYear)
    }
    /// Founding decade (`FOUNDED_DECADE`).
    async fn founded_decade(&self) -> Option<i32> {
        self.0.year(OrganizationDim::FoundedDecade)
    }
    /// Parent body (`PARENT`).
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        one(ctx, self.0.id(OrganizationDim::Parent)).await
    }
}

/// A group of organizations and its count.
pub struct OrganizationStats(OrganizationStatsKey, Vec<i64>);

/// A group of organizations and its count.
#[Object]
impl OrganizationStats {
    /// The group's key.
    async fn key(&self) -> &OrganizationStatsKey {
        &self.0
    }
    /// Organizations in the group.
    async fn count(&self) -> i64 {
        self.1[0]
    }
}

/// Conditions on the count of an organization group (SQL `HAVING`).
#[derive(InputObject, Default)]
pub struct OrganizationStatsHaving {
    /// Organizations in the group.
    pub count: Option<IntFilter>,
}

/// What organization groups can be ordered by: the count, or a dimension that is grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrganizationStatsOrderField {
    /// Organizations in the group.
    Count,
    /// Kind.
    Kind,
    /// Country (by id).
    Country,
    /// Founding year.
    FoundedYear,
    /// Founding decade.
    FoundedDecade,
    /// Parent (by id).
    Parent,
}

/// One ordering of organization groups.
#[derive(InputObject)]
pub struct OrganizationStatsOrder {
    /// What to order by.
    pub field: OrganizationStatsOrderField,
    /// The direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// `organizationStats`.
#[allow(clippy::too_many_arguments)]
pub async fn organization_stats(
    ctx: &Context<'_>,
    filter: Option<OrganizationFilter>,
    group_by: Vec<OrganizationDimension>,
    having: Option<OrganizationStatsHaving>,
    order_by: Option<Vec<OrganizationStatsOrder>>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Ranked<OrganizationStats>> {
    use OrganizationStatsOrderField as F;
    let having = having.unwrap_or_default();
    let target = |f: F| match f {
        F::Count => Target::Aggregate(0),
        F::Kind => Target::Key(OrganizationDim::Kind),
        F::Country => Target::Key(OrganizationDim::Country),
        F::FoundedYear => Target::Key(OrganizationDim::FoundedYear),
        F::FoundedDecade => Target::Key(OrganizationDim::FoundedDecade),
        F::Parent => Target::Key(OrganizationDim::Parent),
    };
    let spec = Spec {
        table: "organization",
        filter: compile_filter(ctx, filter)?,
        group_by: group_by.into_iter().map(Into::into).collect(),
        key: OrganizationDim::key,
        aggregates: stats::organization_aggregates(),
        fields: &["count"],
        having: vec![(0, having.count)],
        order: order_by
            .unwrap_or_default()
            .into_iter()
            .map(|o| (target(o.field), o.direction))
            .collect(),
    };
    let (grouping, dims) = spec.build(ctx)?;
    run(ctx, grouping, dims, first, after, |dims, g| {
        OrganizationStats(
            OrganizationStatsKey(Keys {
                dims,
                values: g.keys,
            }),
            g.aggregates,
        )
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// exchange flows

/// What exchange flows can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "FlowDim")]
pub enum FlowDimension {
    /// Where the exchange came from: the state of its place of origin in the event's year,
    /// else the country of a sending or visiting agent.
    FromCountry,
    /// Where it went: the state of its destination or venue in the event's year, else the
    /// country of a hosting, receiving or inviting agent.
    ToCountry,
    /// The event's kind.
    Kind,
    /// The decade of the event's earliest year.
    Decade,
}

/// The key of a flow: the fields of the dimensions grouped by; the others are null.
pub struct FlowKey(Keys<FlowDim>);

/// The key of a flow: the fields of the dimensions grouped by; the others are null.
#[Object]
impl FlowKey {
    /// Origin state (`FROM_COUNTRY`).
    #[allow(clippy::wrong_self_convention)] // a GraphQL field name, not a conversion
    async fn from_country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, FlowDim::FromCountry).await
    }
    /// Destination state (`TO_COUNTRY`).
    async fn to_country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        self.0.place(ctx, FlowDim::ToCountry).await
    }
    /// Kind (`KIND`).
    async fn kind(&self) -> Result<Option<EventKind>> {
        self.0.stored(FlowDim::Kind)
    }
    /// Decade (`DECADE`).
    async fn decade(&self) -> Option<i32> {
        self.0.year(FlowDim::Decade)
    }
}

/// A flow of exchange events between two states: a cell of the flow matrix.
pub struct Flow(FlowKey, Vec<i64>);

/// A flow of exchange events between two states: a cell of the flow matrix.
#[Object]
impl Flow {
    /// The flow's key.
    async fn key(&self) -> &FlowKey {
        &self.0
    }
    /// Exchange events in the flow.
    async fn count(&self) -> i64 {
        self.1[0]
    }
}

/// `exchangeFlows`.
pub async fn exchange_flows(
    ctx: &Context<'_>,
    filter: Option<EventFilter>,
    group_by: Vec<FlowDimension>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Ranked<Flow>> {
    let dims: Vec<FlowDim> = group_by.into_iter().map(Into::into).collect();
    let filter = compile_filter(ctx, filter)?.add(stats::flow_condition());
    let spec = Spec {
        table: "event",
        filter,
        group_by: dims,
        key: FlowDim::key,
        aggregates: stats::flow_aggregates(),
        fields: &["count"],
        having: vec![],
        order: vec![],
    };
    let (grouping, dims) = spec.build(ctx)?;
    run(ctx, grouping, dims, first, after, |dims, g| {
        Flow(
            FlowKey(Keys {
                dims,
                values: g.keys,
            }),
            g.aggregates,
        )
    })
    .await
}
