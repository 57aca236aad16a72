//! Grouped counts, pushed down into one SQL statement: `GROUP BY` over the listed table and
//! the records it links to (venues, organizers, participants, members, origins and
//! destinations), with `HAVING`, ordering by any key or aggregate, and paging by position.
//!
//! A dimension is a SQL expression over the root table (alias `t0`, filtered by the usual
//! filters) and the joins it needs. Joins to many-valued links fan rows out, so every count is
//! `COUNT(DISTINCT …)`: an event with two organizers counts once in each organizer's group and
//! once in a group that does not split by organizer.
//!
//! Agents (a person or an organization) are one integer key: the organization's id, or the
//! person's id negated ([`agent_key`], [`Agent`]).

use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, JoinType, Order, Query, QueryStatementBuilder,
    SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr};

use super::links::ORGANIZER_ROLES;
use super::listing::ROOT;

/// Roles of the agents an exchange comes from.
pub const SENDER_ROLES: [&str; 2] = ["sender", "visitor"];
/// Roles of the agents an exchange goes to.
pub const RECEIVER_ROLES: [&str; 3] = ["host", "recipient", "inviter"];
/// Place kinds that are states.
pub const STATE_KINDS: [&str; 2] = [
    crate::domain::alive::STATE_KINDS[0].as_str(),
    crate::domain::alive::STATE_KINDS[1].as_str(),
];

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn c(table: &str, column: &str) -> Expr {
    Expr::col((a(table), a(column)))
}

/// A join that a dimension or an aggregate needs. Declared in dependency order: a join only
/// refers to the root and to joins declared before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Join {
    /// `s_ve`: the event's venues (`event_place`, role `venue`).
    Venue,
    /// `s_vp`: the venue place.
    VenuePlace,
    /// `s_po`: the event's organizing organizations (`participation`, organizer roles).
    Organizer,
    /// `s_oo`: the organizing organization.
    OrganizerOrg,
    /// `s_pa`: the event's other participants (every role but the organizer roles).
    Participant,
    /// `s_ao`: a participating organization.
    ParticipantOrg,
    /// `s_ap`: a participating person.
    ParticipantPerson,
    /// `s_mo`: a member organization (memberships).
    MemberOrg,
    /// `s_mp`: a member person (memberships).
    MemberPerson,
    /// `s_or`: the exchange's places of origin (`event_place`, role `origin`).
    Origin,
    /// `s_op`: an origin place.
    OriginPlace,
    /// `s_de`: the exchange's destinations, or venues (`event_place`, role `destination` or
    /// `venue`).
    Destination,
    /// `s_dp`: a destination place.
    DestinationPlace,
    /// `s_se`: the exchange's senders (`participation`, roles sender, visitor).
    Sender,
    /// `s_so`: a sending organization.
    SenderOrg,
    /// `s_sp`: a sending person.
    SenderPerson,
    /// `s_re`: the exchange's receivers (`participation`, roles host, recipient, inviter).
    Receiver,
    /// `s_ro`: a receiving organization.
    ReceiverOrg,
    /// `s_rp`: a receiving person.
    ReceiverPerson,
}

impl Join {
    fn apply(self, select: &mut SelectStatement) {
        let link = |alias: &str, table: &str, roles: &[&str]| {
            (
                table.to_owned(),
                alias.to_owned(),
                Condition::all()
                    .add(c(alias, "event_id").equals((a(ROOT), a("id"))))
                    .add(c(alias, "role").is_in(roles.iter().copied())),
            )
        };
        let others: Vec<&str> = participation_roles_except(&ORGANIZER_ROLES);
        // a record the row points at: `alias.id = from.column`
        let rec = |table: &str, alias: &str, from: &str, column: &str| {
            (
                table.to_owned(),
                alias.to_owned(),
                cond_id(alias, from, column),
            )
        };
        let (table, alias, on) = match self {
            Join::Venue => link("s_ve", "event_place", &["venue"]),
            Join::VenuePlace => rec("place", "s_vp", "s_ve", "place_id"),
            Join::Organizer => {
                let (t, al, on) = link("s_po", "participation", &ORGANIZER_ROLES);
                (t, al, on.add(c("s_po", "organization_id").is_not_null()))
            }
            Join::OrganizerOrg => rec("organization", "s_oo", "s_po", "organization_id"),
            Join::Participant => link("s_pa", "participation", &others),
            Join::ParticipantOrg => rec("organization", "s_ao", "s_pa", "organization_id"),
            Join::ParticipantPerson => rec("person", "s_ap", "s_pa", "person_id"),
            Join::MemberOrg => rec("organization", "s_mo", ROOT, "member_organization_id"),
            Join::MemberPerson => rec("person", "s_mp", ROOT, "member_person_id"),
            Join::Origin => link("s_or", "event_place", &["origin"]),
            Join::OriginPlace => rec("place", "s_op", "s_or", "place_id"),
            Join::Destination => link("s_de", "event_place", &["destination", "venue"]),
            Join::DestinationPlace => rec("place", "s_dp", "s_de", "place_id"),
            Join::Sender => link("s_se", "participation", &SENDER_ROLES),
            Join::SenderOrg => rec("organization", "s_so", "s_se", "organization_id"),
            Join::SenderPerson => rec("person", "s_sp", "s_se", "person_id"),
            Join::Receiver => link("s_re", "participation", &RECEIVER_ROLES),
            Join::ReceiverOrg => rec("organization", "s_ro", "s_re", "organization_id"),
            Join::ReceiverPerson => rec("person", "s_rp", "s_re", "person_id"),
        };
        select.join_as(JoinType::LeftJoin, a(&table), a(&alias), on);
    }

    /// The joins this one needs first.
    fn needs(self) -> &'static [Join] {
        match self {
            Join::VenuePlace => &[Join::Venue],
            Join::OrganizerOrg => &[Join::Organizer],
            Join::ParticipantOrg | Join::ParticipantPerson => &[Join::Participant],
            Join::OriginPlace => &[Join::Origin],
            Join::DestinationPlace => &[Join::Destination],
            Join::SenderOrg | Join::SenderPerson => &[Join::Sender],
            Join::ReceiverOrg | Join::ReceiverPerson => &[Join::Receiver],
            _ => &[],
        }
    }
}

/// `alias.id = other.column`.
fn cond_id(alias: &str, other: &str, column: &str) -> Condition {
    Condition::all().add(c(alias, "id").equals((a(other), a(column))))
}

fn participation_roles_except(except: &[&str]) -> Vec<&'static str> {
    crate::domain::dataset::format::ParticipationRole::ALL
        .iter()
        .map(|r| r.as_str())
        .filter(|r| !except.contains(r))
        .collect()
}

/// One agent as one integer: an organization's id, or a person's id negated.
pub fn agent_key(person: Expr, organization: Expr) -> Expr {
    Expr::case(person.clone().is_not_null(), Expr::val(0).sub(person))
        .finally(organization)
        .into()
}

/// An agent decoded from [`agent_key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agent {
    /// A person id.
    Person(i32),
    /// An organization id.
    Organization(i32),
}

impl Agent {
    /// Decodes an agent key.
    pub fn from_key(key: i64) -> Option<Agent> {
        let id = i32::try_from(key.unsigned_abs()).ok()?;
        Some(if key < 0 {
            Agent::Person(id)
        } else {
            Agent::Organization(id)
        })
    }
}

/// The state a place belonged to in the root event's year: the place itself when it is a
/// state, else the state it was part of then (the earliest such period when two meet in the
/// year; when the event's year is unknown, the state it belongs to now).
pub fn country_as_of(place: &str) -> Expr {
    let year = c(ROOT, "date_year_from");
    let from = c("s_pp", "valid_year_from");
    let alive = crate::domain::alive::condition_between(
        &a("s_pp"),
        year.clone(),
        year.clone(),
        crate::domain::alive::Reading::Possibly,
    );
    // an undated event: the state the place belongs to now (an open containment)
    let now = c("s_pp", "possible_end").is_null();
    let in_year = year.is_null().and(now).or(alive);
    let containing = Query::select()
        .column((a("s_pp"), a("part_of_id")))
        .from_as(a("place_part"), a("s_pp"))
        .join_as(
            JoinType::InnerJoin,
            a("place"),
            a("s_ps"),
            Condition::all().add(c("s_ps", "id").equals((a("s_pp"), a("part_of_id")))),
        )
        .and_where(c("s_pp", "place_id").equals((a(place), a("id"))))
        .and_where(c("s_ps", "kind").is_in(STATE_KINDS))
        .and_where(in_year)
        .order_by_expr(
            Expr::case(from.clone().is_null(), 1).finally(0).into(),
            Order::Asc,
        )
        .order_by_expr(from, Order::Asc)
        .order_by((a("s_pp"), a("id")), Order::Asc)
        .limit(1)
        .to_owned();
    Expr::case(c(place, "kind").is_in(STATE_KINDS), c(place, "id"))
        .finally(SimpleExpr::SubQuery(
            None,
            Box::new(containing.into_sub_query_statement()),
        ))
        .into()
}

/// `(year / 10) * 10`: the decade of a year column.
pub fn decade(year: Expr) -> Expr {
    year.div(10).mul(10)
}

/// A group key: its SQL expression and the joins it needs.
#[derive(Clone, Debug)]
pub struct Key {
    /// The expression grouped by.
    pub expr: Expr,
    /// Text (`true`) or integer.
    pub text: bool,
    /// Joins it needs.
    pub joins: Vec<Join>,
}

/// An aggregate, `COUNT(DISTINCT arg)`: the counted expression and the joins it needs.
#[derive(Clone, Debug)]
pub struct Aggregate {
    /// What is counted once per distinct value, e.g. `t0.id`.
    pub arg: Expr,
    /// Joins it needs.
    pub joins: Vec<Join>,
}

/// The SQL of aggregate `i` in the grouped statement, for `HAVING` conditions.
pub fn aggregate_expr(i: usize) -> Expr {
    sea_orm::sea_query::Func::count_distinct(Expr::col((a(GROUPED), a(&format!("x{i}"))))).into()
}

/// The alias of the derived table the grouped statement reads.
const GROUPED: &str = "g";

/// What a grouping is ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Key `i`.
    Key(usize),
    /// Aggregate `i`.
    Aggregate(usize),
}

/// A grouped query.
#[derive(Clone, Debug)]
pub struct Grouping {
    /// The root table (alias `t0`).
    pub table: &'static str,
    /// The usual filter on the root, applied before grouping.
    pub filter: Condition,
    /// Keys grouped by, in order.
    pub keys: Vec<Key>,
    /// Aggregates computed per group.
    pub aggregates: Vec<Aggregate>,
    /// Aggregates left out of the statement and read as 0 (nobody asked for them, so their
    /// joins and `COUNT(DISTINCT …)` would be wasted work). They must not be in `having` or
    /// `order`.
    pub skipped: Vec<usize>,
    /// Conditions on the aggregates (built with [`aggregate_expr`]).
    pub having: Condition,
    /// Ordering, applied in turn. Every key is appended ascending, so the order is total.
    pub order: Vec<(Sort, Order)>,
}

/// One group: its key values and aggregate values, in declaration order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Key values (`Int` or `Text`, `None` when the group has no value, e.g. no venue).
    pub keys: Vec<KeyValue>,
    /// Aggregate values.
    pub aggregates: Vec<i64>,
}

/// A key value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyValue {
    /// An integer key (a year, decade or id).
    Int(Option<i64>),
    /// A text key (a kind or role).
    Text(Option<String>),
}

impl Grouping {
    /// The grouped `SELECT` (without paging). The keys and the counted values are computed
    /// per row in a derived table, which the outer statement groups by plain columns: PostgreSQL
    /// then needs no proof that a key's expression (with its bound values and subqueries)
    /// matches its `GROUP BY` entry.
    pub fn statement(&self, backend: DatabaseBackend) -> SelectStatement {
        let mut inner = Query::select();
        inner
            .from_as(a(self.table), a(ROOT))
            .cond_where(self.filter.clone());
        let mut joins: Vec<Join> = Vec::new();
        let need = |j: Join, joins: &mut Vec<Join>| {
            for dep in j.needs() {
                if !joins.contains(dep) {
                    joins.push(*dep);
                }
            }
            if !joins.contains(&j) {
                joins.push(j);
            }
        };
        let wanted = self
            .keys
            .iter()
            .flat_map(|k| &k.joins)
            .chain(self.computed().flat_map(|(_, a)| &a.joins));
        for j in wanted {
            need(*j, &mut joins);
        }
        joins.sort();
        for j in joins {
            j.apply(&mut inner);
        }
        // a constant column keeps the derived table valid when nothing is grouped or counted
        inner.expr_as(Expr::val(1), a("one"));
        for (i, key) in self.keys.iter().enumerate() {
            let expr = if key.text {
                key.expr.clone()
            } else {
                key.expr.clone().cast_as(a("BIGINT"))
            };
            inner.expr_as(expr, a(&format!("k{i}")));
        }
        for (i, agg) in self.computed() {
            inner.expr_as(agg.arg.clone(), a(&format!("x{i}")));
        }
        let g = |name: String| Expr::col((a(GROUPED), a(&name)));
        let mut select = Query::select();
        select.from_subquery(inner, a(GROUPED));
        for i in 0..self.keys.len() {
            select.expr_as(g(format!("k{i}")), a(&format!("k{i}")));
            select.add_group_by([g(format!("k{i}"))]);
        }
        for i in 0..self.aggregates.len() {
            let value = if self.skipped.contains(&i) {
                Expr::val(0)
            } else {
                aggregate_expr(i)
            };
            select.expr_as(value.cast_as(a("BIGINT")), a(&format!("a{i}")));
        }
        select.cond_having(self.having.clone());
        let keys = (0..self.keys.len()).map(|i| (Sort::Key(i), Order::Asc));
        for (sort, dir) in self.order.iter().cloned().chain(keys) {
            let (expr, text) = match sort {
                Sort::Key(i) => (g(format!("k{i}")), self.keys[i].text),
                Sort::Aggregate(i) => (aggregate_expr(i), false),
            };
            // empty values last in both directions; text in byte order on both databases
            select.order_by_expr(
                Expr::case(expr.clone().is_null(), 1).finally(0).into(),
                Order::Asc,
            );
            let expr = if text && backend == DatabaseBackend::Postgres {
                Expr::cust_with_exprs("$1 COLLATE \"C\"", [expr])
            } else {
                expr
            };
            select.order_by_expr(expr, dir);
        }
        select
    }

    /// The aggregates the statement computes, with their index.
    fn computed(&self) -> impl Iterator<Item = (usize, &Aggregate)> {
        self.aggregates
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.skipped.contains(i))
    }

    /// A page of groups: `limit` groups after skipping `offset`.
    pub async fn groups(
        &self,
        db: &impl ConnectionTrait,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<Group>, DbErr> {
        let backend = db.get_database_backend();
        let mut select = self.statement(backend);
        select.limit(limit).offset(offset);
        if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug!(sql = %backend.build(&select).sql, "grouping statement");
        }
        let rows = db.query_all(&select).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut keys = Vec::with_capacity(self.keys.len());
            for (i, key) in self.keys.iter().enumerate() {
                let col = format!("k{i}");
                keys.push(if key.text {
                    KeyValue::Text(row.try_get::<Option<String>>("", &col)?)
                } else {
                    KeyValue::Int(row.try_get::<Option<i64>>("", &col)?)
                });
            }
            let mut aggregates = Vec::with_capacity(self.aggregates.len());
            for i in 0..self.aggregates.len() {
                aggregates.push(
                    row.try_get::<Option<i64>>("", &format!("a{i}"))?
                        .unwrap_or(0),
                );
            }
            out.push(Group { keys, aggregates });
        }
        Ok(out)
    }

    /// How many groups there are.
    pub async fn count(&self, db: &impl ConnectionTrait) -> Result<u64, DbErr> {
        let mut inner = self.statement(db.get_database_backend());
        inner.clear_order_by();
        let select = Query::select()
            .expr_as(Expr::cust("COUNT(*)").cast_as(a("BIGINT")), a("n"))
            .from_subquery(inner, a("counted"))
            .to_owned();
        let row = db.query_one(&select).await?;
        let n = match row {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// A stable text identifying the grouping, for cursors.
    /// Skipped aggregates do not change it: a page's cursor works whatever counts the next
    /// request selects.
    pub fn fingerprint(&self, backend: DatabaseBackend) -> String {
        let whole = Grouping {
            skipped: Vec::new(),
            ..self.clone()
        };
        let sql = match backend {
            DatabaseBackend::Postgres => whole
                .statement(backend)
                .to_string(sea_orm::sea_query::PostgresQueryBuilder),
            _ => whole
                .statement(backend)
                .to_string(sea_orm::sea_query::SqliteQueryBuilder),
        };
        super::listing::fingerprint(self.table, &sql)
    }
}

fn key(expr: Expr, text: bool, joins: &[Join]) -> Key {
    Key {
        expr,
        text,
        joins: joins.to_vec(),
    }
}

fn agent_kind(person: Expr, organization_kind: Expr) -> Expr {
    Expr::case(person.is_not_null(), Expr::val("person"))
        .finally(organization_kind)
        .into()
}

fn coalesce(a: Expr, b: Expr) -> Expr {
    sea_orm::sea_query::Func::coalesce([a, b]).into()
}

/// What events can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventDim {
    /// The earliest year of the event's date.
    Year,
    /// The decade of that year.
    Decade,
    /// The event's kind.
    Kind,
    /// The series it is an edition of.
    Series,
    /// The state each venue belonged to in the event's year.
    VenueCountry,
    /// Each venue place as recorded (usually a city).
    VenueCity,
    /// Each organizing organization.
    Organizer,
    /// The kind of each organizing organization.
    OrganizerKind,
    /// The country each organizing organization is based in.
    OrganizerCountry,
    /// Each participating agent (every role but organizer and co-organizer).
    Participant,
    /// `person`, or the kind of each participating organization.
    ParticipantKind,
    /// The country of each participating organization, or nationality of each person.
    ParticipantCountry,
}

impl EventDim {
    /// The group key.
    pub fn key(self) -> Key {
        let year = || c(ROOT, "date_year_from");
        match self {
            EventDim::Year => key(year(), false, &[]),
            EventDim::Decade => key(decade(year()), false, &[]),
            EventDim::Kind => key(c(ROOT, "kind"), true, &[]),
            EventDim::Series => key(c(ROOT, "series_id"), false, &[]),
            EventDim::VenueCountry => key(country_as_of("s_vp"), false, &[Join::VenuePlace]),
            EventDim::VenueCity => key(c("s_vp", "id"), false, &[Join::VenuePlace]),
            EventDim::Organizer => key(c("s_po", "organization_id"), false, &[Join::Organizer]),
            EventDim::OrganizerKind => key(c("s_oo", "kind"), true, &[Join::OrganizerOrg]),
            EventDim::OrganizerCountry => {
                key(c("s_oo", "country_id"), false, &[Join::OrganizerOrg])
            }
            EventDim::Participant => key(
                agent_key(c("s_pa", "person_id"), c("s_pa", "organization_id")),
                false,
                &[Join::Participant],
            ),
            EventDim::ParticipantKind => key(
                agent_kind(c("s_pa", "person_id"), c("s_ao", "kind")),
                true,
                &[Join::ParticipantOrg],
            ),
            EventDim::ParticipantCountry => key(
                coalesce(c("s_ao", "country_id"), c("s_ap", "nationality_id")),
                false,
                &[Join::ParticipantOrg, Join::ParticipantPerson],
            ),
        }
    }
}

/// Aggregates of event groups.
pub fn event_aggregates() -> Vec<Aggregate> {
    vec![
        Aggregate {
            arg: c(ROOT, "id"),
            joins: vec![],
        },
        Aggregate {
            arg: agent_key(c("s_pa", "person_id"), c("s_pa", "organization_id")),
            joins: vec![Join::Participant],
        },
    ]
}

/// What memberships (and posts) can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MembershipDim {
    /// The body the membership is in.
    Body,
    /// The member (a person or an organization).
    Member,
    /// `person`, or the kind of the member organization.
    MemberKind,
    /// The country of the member organization, or nationality of the member person.
    MemberCountry,
    /// The role (member, chair, head…).
    Role,
    /// The decade the membership began (earliest reading).
    Decade,
}

impl MembershipDim {
    /// The group key.
    pub fn key(self) -> Key {
        match self {
            MembershipDim::Body => key(c(ROOT, "organization_id"), false, &[]),
            MembershipDim::Member => key(member_key(), false, &[]),
            MembershipDim::MemberKind => key(
                agent_kind(c(ROOT, "member_person_id"), c("s_mo", "kind")),
                true,
                &[Join::MemberOrg],
            ),
            MembershipDim::MemberCountry => key(
                coalesce(c("s_mo", "country_id"), c("s_mp", "nationality_id")),
                false,
                &[Join::MemberOrg, Join::MemberPerson],
            ),
            MembershipDim::Role => key(c(ROOT, "role"), true, &[]),
            MembershipDim::Decade => key(decade(c(ROOT, "valid_year_from")), false, &[]),
        }
    }
}

fn member_key() -> Expr {
    agent_key(
        c(ROOT, "member_person_id"),
        c(ROOT, "member_organization_id"),
    )
}

/// Aggregates of membership groups.
pub fn membership_aggregates() -> Vec<Aggregate> {
    vec![
        Aggregate {
            arg: c(ROOT, "id"),
            joins: vec![],
        },
        Aggregate {
            arg: member_key(),
            joins: vec![],
        },
    ]
}

/// What organizations can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrganizationDim {
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

impl OrganizationDim {
    /// The group key.
    pub fn key(self) -> Key {
        match self {
            OrganizationDim::Kind => key(c(ROOT, "kind"), true, &[]),
            OrganizationDim::Country => key(c(ROOT, "country_id"), false, &[]),
            OrganizationDim::FoundedYear => key(c(ROOT, "founded_year_from"), false, &[]),
            OrganizationDim::FoundedDecade => key(decade(c(ROOT, "founded_year_from")), false, &[]),
            OrganizationDim::Parent => key(c(ROOT, "parent_id"), false, &[]),
        }
    }
}

/// Aggregates of organization groups.
pub fn organization_aggregates() -> Vec<Aggregate> {
    vec![Aggregate {
        arg: c(ROOT, "id"),
        joins: vec![],
    }]
}

/// What exchange flows can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowDim {
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

fn from_country() -> Expr {
    coalesce(
        country_as_of("s_op"),
        coalesce(c("s_so", "country_id"), c("s_sp", "nationality_id")),
    )
}

fn to_country() -> Expr {
    coalesce(
        country_as_of("s_dp"),
        coalesce(c("s_ro", "country_id"), c("s_rp", "nationality_id")),
    )
}

const FROM_JOINS: [Join; 3] = [Join::OriginPlace, Join::SenderOrg, Join::SenderPerson];
const TO_JOINS: [Join; 3] = [
    Join::DestinationPlace,
    Join::ReceiverOrg,
    Join::ReceiverPerson,
];

impl FlowDim {
    /// The group key.
    pub fn key(self) -> Key {
        match self {
            FlowDim::FromCountry => key(from_country(), false, &FROM_JOINS),
            FlowDim::ToCountry => key(to_country(), false, &TO_JOINS),
            FlowDim::Kind => key(c(ROOT, "kind"), true, &[]),
            FlowDim::Decade => key(decade(c(ROOT, "date_year_from")), false, &[]),
        }
    }
}

/// Aggregates of flows: the exchange events counted once per group. Only events with both a
/// known origin and a known destination count ([`flow_condition`]).
pub fn flow_aggregates() -> Vec<Aggregate> {
    let mut joins = FROM_JOINS.to_vec();
    joins.extend(TO_JOINS);
    vec![Aggregate {
        arg: c(ROOT, "id"),
        joins,
    }]
}

/// Only rows with both ends of a flow known.
pub fn flow_condition() -> Condition {
    Condition::all()
        .add(from_country().is_not_null())
        .add(to_country().is_not_null())
}
