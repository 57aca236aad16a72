//! GraphQL output types, one file per noun: the object (wrapping the entity model), its
//! `<Noun>Filter` and its `<Noun>OrderField`.

mod agent;
mod asof;
mod change;
mod citation;
mod document;
mod event;
mod event_place;
mod event_series;
mod lifespan;
mod lineage;
mod membership;
mod name_variant;
mod organization;
mod participation;
mod person;
mod place;
mod place_part;
mod relation;
mod search;
mod statistic;
mod stats;
mod succession;
mod work;

pub use agent::Agent;
pub use asof::{dated_names, state_parts};
pub use change::{Change, ChangeConnection, page as change_page, record_history, since_ms};
pub use citation::{Citation, CitationFilter, CitationOrderField};
pub use document::{SourceDocument, SourceDocumentFilter, SourceDocumentOrderField};
pub use event::{Event, EventFilter, EventOrderField};
pub use event_place::{EventPlace, EventPlaceFilter, EventPlaceOrderField};
pub use event_series::{EventSeries, EventSeriesFilter, EventSeriesOrderField};
pub use lifespan::{EndBasis, Lifespan, lifespan};
pub use lineage::{
    LineageDirection, LineageStep, MAX_LINEAGE_DEPTH, lineage, lineage_at, lineage_cost,
};
pub use membership::{Membership, MembershipFilter, MembershipOrderField};
pub use name_variant::{NameVariant, NameVariantFilter, NameVariantOrderField};
pub use organization::{Organization, OrganizationFilter, OrganizationOrderField, posts_in};
pub use participation::{Participation, ParticipationFilter, ParticipationOrderField};
pub use person::{Person, PersonFilter, PersonOrderField};
pub use place::{Place, PlaceFilter, PlaceOrderField};
pub use place_part::{PlacePart, PlacePartFilter, PlacePartOrderField};
pub use relation::{Relation, RelationFilter, RelationOrderField};
pub use search::{RecordType, SearchConnection, search};
pub use statistic::{Statistic, StatisticFilter, StatisticOrderField};
pub use stats::{
    EventDimension, EventStats, EventStatsHaving, EventStatsOrder, Flow, FlowDimension,
    MembershipDimension, MembershipStats, MembershipStatsHaving, MembershipStatsOrder,
    OrganizationDimension, OrganizationStats, OrganizationStatsHaving, OrganizationStatsOrder,
    event_stats, exchange_flows, membership_stats, organization_stats,
};
pub use succession::{Succession, SuccessionFilter, SuccessionOrderField};
pub use work::{Work, WorkFilter, WorkOrderField};
