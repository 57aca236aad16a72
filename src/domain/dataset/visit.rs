//! Visiting every section type in write order, for code that is generic over `Table`.

use super::format::*;
use super::kind::Kind;
use super::table::Table;

/// Something done once per section type.
pub trait Visitor {
    /// Called once per section, in write order.
    fn visit<T: Table>(&mut self);
}

/// Calls `v.visit::<T>()` for the section of `kind`.
pub fn visit_kind(kind: Kind, v: &mut impl Visitor) {
    match kind {
        Kind::SourceDocument => v.visit::<SourceDocumentRecord>(),
        Kind::Place => v.visit::<PlaceRecord>(),
        Kind::PlacePart => v.visit::<PlacePartRecord>(),
        Kind::Organization => v.visit::<OrganizationRecord>(),
        Kind::Person => v.visit::<PersonRecord>(),
        Kind::EventSeries => v.visit::<EventSeriesRecord>(),
        Kind::Event => v.visit::<EventRecord>(),
        Kind::Work => v.visit::<WorkRecord>(),
        Kind::Membership => v.visit::<MembershipRecord>(),
        Kind::Succession => v.visit::<SuccessionRecord>(),
        Kind::Participation => v.visit::<ParticipationRecord>(),
        Kind::EventPlace => v.visit::<EventPlaceRecord>(),
        Kind::Relation => v.visit::<RelationRecord>(),
        Kind::Statistic => v.visit::<StatisticRecord>(),
    }
}

/// Calls `v.visit::<T>()` for every section, in write order (`Kind::ALL`).
pub fn visit_all(v: &mut impl Visitor) {
    for kind in Kind::ALL {
        visit_kind(kind, v);
    }
}
