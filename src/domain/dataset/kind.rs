//! Record kinds and typed references (`org.usfs`) between records.

use std::fmt;

/// Every kind of record the dataset holds; its table name is also the stored `record_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `source_document`
    SourceDocument,
    /// `place`
    Place,
    /// `place_part`
    PlacePart,
    /// `organization`
    Organization,
    /// `person`
    Person,
    /// `membership`
    Membership,
    /// `succession`
    Succession,
    /// `work`
    Work,
    /// `event_series`
    EventSeries,
    /// `event`
    Event,
    /// `participation`
    Participation,
    /// `event_place`
    EventPlace,
    /// `relation`
    Relation,
    /// `statistic`
    Statistic,
}

impl Kind {
    /// Every kind, in write order (a kind only references kinds before it, or itself).
    pub const ALL: [Kind; 14] = [
        Kind::SourceDocument,
        Kind::Place,
        Kind::PlacePart,
        Kind::Organization,
        Kind::Person,
        Kind::EventSeries,
        Kind::Event,
        Kind::Work,
        Kind::Membership,
        Kind::Succession,
        Kind::Participation,
        Kind::EventPlace,
        Kind::Relation,
        Kind::Statistic,
    ];

    /// The kinds written before this one on import: what its references may point at.
    pub fn written_before(self) -> &'static [Kind] {
        static ORDER: [Kind; 14] = Kind::ALL;
        let end = ORDER.iter().position(|k| *k == self).unwrap_or(0);
        &ORDER[..end]
    }

    /// The table name, stored as `record_type` in citations, names, relations and statistics.
    pub fn table(self) -> &'static str {
        match self {
            Kind::SourceDocument => "source_document",
            Kind::Place => "place",
            Kind::PlacePart => "place_part",
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Membership => "membership",
            Kind::Succession => "succession",
            Kind::Work => "work",
            Kind::EventSeries => "event_series",
            Kind::Event => "event",
            Kind::Participation => "participation",
            Kind::EventPlace => "event_place",
            Kind::Relation => "relation",
            Kind::Statistic => "statistic",
        }
    }

    /// The prefix of a typed reference (`org.usfs`).
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::SourceDocument => "doc",
            Kind::Place => "pl",
            Kind::PlacePart => "pp",
            Kind::Organization => "org",
            Kind::Person => "per",
            Kind::Membership => "mem",
            Kind::Succession => "suc",
            Kind::Work => "wk",
            Kind::EventSeries => "es",
            Kind::Event => "ev",
            Kind::Participation => "part",
            Kind::EventPlace => "ep",
            Kind::Relation => "rel",
            Kind::Statistic => "st",
        }
    }

    /// The kind stored under a table name.
    pub fn from_table(table: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.table() == table)
    }

    fn from_prefix(prefix: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.prefix() == prefix)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.table())
    }
}

/// Splits a typed reference `org.usfs` into its kind and slug.
pub fn parse_typed(value: &str) -> Result<(Kind, &str), String> {
    let (prefix, slug) = value
        .split_once('.')
        .ok_or_else(|| format!("`{value}` is not a typed reference such as `org.<slug>`"))?;
    let kind = Kind::from_prefix(prefix)
        .ok_or_else(|| format!("`{value}`: unknown reference prefix `{prefix}`"))?;
    Ok((kind, slug))
}

/// Formats a typed reference.
pub fn typed(kind: Kind, slug: &str) -> String {
    format!("{}.{slug}", kind.prefix())
}

/// Whether a slug is lowercase words joined by single hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
