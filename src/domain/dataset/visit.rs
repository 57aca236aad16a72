//! Visiting every section type in write order, for code that is generic over `Table`.

use super::format::*;
use super::table::Table;

/// Something done once per section type.
pub trait Visitor {
    /// Called once per section, in write order.
    fn visit<T: Table>(&mut self);
}

/// Calls `v.visit::<T>()` for every section, in write order.
pub fn visit_all(v: &mut impl Visitor) {
    v.visit::<DocumentRecord>();
    v.visit::<PlaceRecord>();
    v.visit::<PlacePartRecord>();
    v.visit::<OrganizationRecord>();
    v.visit::<PersonRecord>();
    v.visit::<EventSeriesRecord>();
    v.visit::<EventRecord>();
    v.visit::<WorkRecord>();
    v.visit::<MembershipRecord>();
    v.visit::<SuccessionRecord>();
    v.visit::<ParticipationRecord>();
    v.visit::<EventPlaceRecord>();
    v.visit::<RelationRecord>();
    v.visit::<StatisticRecord>();
}
