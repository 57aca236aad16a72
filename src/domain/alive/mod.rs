//! One meaning of "alive in a year": when a dated record (a body, a post, a name, a
//! containment, an event…) held, under the two readings of fuzzy dates, after the rules a
//! historian applies. Every filter (`activeIn`, `during`), every as-of field (`nameIn`,
//! `postsIn`, `countryIn`, `lineageAt`) and the stats read the same four stored bounds,
//! through [`Lifespan::overlaps`] in Rust or [`condition`] in SQL.
//!
//! The bounds are derived after every import ([`derive::derive`]), from the record's own
//! dates and these rules (the README's "One meaning of alive in a year" has the table of
//! real examples):
//! 1. A stated end is the end.
//! 2. A body with no stated end that was renamed, transformed, continued, had its functions
//!    transferred or served as another's prototype ends at the earliest such succession's
//!    date (`end_basis = succession`, `end_ref` the succession).
//! 3. An open end that a dated source states or implies as current (a citation of the
//!    record with `field: current`) runs at least to that source's date, the date it was
//!    written if known, else published (`current`, the document): the certain reading keeps
//!    the record to then.
//! 4. A post or membership never outlasts its body, nor its holder (a person's death, a
//!    member body's end) where known (`body` / `holder`, the record that bounds it), and
//!    never begins before its body; a structural part (a department) never outlasts the body
//!    it belongs to (`body`).
//! 5. A body based in a state that ended (the USSR), with no end from rules 1–3, ends no
//!    later than that state (`state`, the place).
//!
//! The *possibly* reading (the default) keeps a record in a year when some reading of its
//! bounds meets the year: an unknown start or end is open. The *certainly* reading keeps it
//! when every reading does: from the latest year it can have started to the earliest year
//! it can have ended; an open end adds no year beyond the start (unless rule 3 gives one).

pub(crate) mod batch;
pub mod derive;
pub mod roles;

use sea_orm::sea_query::{Alias, Expr, ExprTrait};

use crate::domain::dataset::format::{NameKind, PlaceKind};

/// The name kinds that can be a record's name in a year (`nameIn`), when dated: its official,
/// former, short or variant names (not abbreviations, translations or misspellings). Without
/// one, the record's main name holds while it is alive.
pub const DATED_NAME_KINDS: [NameKind; 4] = [
    NameKind::Official,
    NameKind::Former,
    NameKind::Short,
    NameKind::Variant,
];

/// The place kinds that are states (`countryIn`, the stats' countries): a place's state in a
/// year is itself while it is alive, else the state of its earliest containment alive then.
pub const STATE_KINDS: [PlaceKind; 2] = [PlaceKind::Country, PlaceKind::HistoricalState];

/// How fuzzy dates are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    /// Some reading of the dates meets the years.
    #[default]
    Possibly,
    /// Every reading does.
    Certainly,
}

/// Where a record's end comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndBasis {
    /// Its own dates state it.
    Stated,
    /// The body was succeeded (rule 2).
    Succession,
    /// A dated source speaks of it as current (rule 3).
    Current,
    /// Its body's end bounds it (rule 4).
    Body,
    /// Its holder's death or end bounds it (rule 4).
    Holder,
    /// The state it was based in ended, and nothing else ends it (rule 5).
    State,
    /// Nothing bounds it: the end is unknown.
    Open,
}

impl EndBasis {
    /// Every value.
    pub const ALL: [EndBasis; 7] = [
        EndBasis::Stated,
        EndBasis::Succession,
        EndBasis::Current,
        EndBasis::Body,
        EndBasis::Holder,
        EndBasis::State,
        EndBasis::Open,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EndBasis::Stated => "stated",
            EndBasis::Succession => "succession",
            EndBasis::Current => "current",
            EndBasis::Body => "body",
            EndBasis::Holder => "holder",
            EndBasis::State => "state",
            EndBasis::Open => "open",
        }
    }

    /// Parses a stored name.
    pub fn parse(text: &str) -> Option<EndBasis> {
        EndBasis::ALL.into_iter().find(|b| b.as_str() == text)
    }

    /// Whether the end was derived by a rule rather than read from the record's own dates.
    pub fn derived(self) -> bool {
        !matches!(self, EndBasis::Stated | EndBasis::Open)
    }
}

/// A record's derived bounds, as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lifespan {
    /// Earliest year it can have held in (`None`: open).
    pub possible_start: Option<i32>,
    /// Latest year it can have held in (`None`: open).
    pub possible_end: Option<i32>,
    /// Latest year it can have started in (`None`: never certain).
    pub latest_start: Option<i32>,
    /// Earliest year it can have ended in (`None`: never certain).
    pub earliest_end: Option<i32>,
}

impl Lifespan {
    /// Whether the record holds at some time in `from..=to` under `reading`.
    pub fn overlaps(&self, from: i32, to: i32, reading: Reading) -> bool {
        match reading {
            Reading::Possibly => {
                self.possible_start.is_none_or(|s| s <= to)
                    && self.possible_end.is_none_or(|e| e >= from)
            }
            Reading::Certainly => matches!(
                (self.latest_start, self.earliest_end),
                (Some(s), Some(e)) if s <= to && e >= from
            ),
        }
    }

    /// Whether the record holds in `year` under `reading`.
    pub fn holds(&self, year: i32, reading: Reading) -> bool {
        self.overlaps(year, year, reading)
    }
}

/// The stored bounds of a model of a dated table.
pub trait Spanned {
    /// Its bounds.
    fn lifespan(&self) -> Lifespan;
    /// Where its end comes from (`end_basis`) and the record a derived end comes from
    /// (`end_ref`), as stored.
    fn end(&self) -> (Option<&str>, Option<&str>);
}

/// Columns of a model that [`derive::derive`] writes rather than the dataset: the importer
/// keeps them as they are when it compares a record with its row.
pub trait Derived {
    /// Takes the derived columns from `stored`.
    fn keep_derived(&mut self, _stored: &Self) {}
}

macro_rules! spanned {
    ($($table:ident),+ $(,)?) => {$(
        impl Spanned for crate::entities::$table::Model {
            fn lifespan(&self) -> Lifespan {
                Lifespan {
                    possible_start: self.possible_start,
                    possible_end: self.possible_end,
                    latest_start: self.latest_start,
                    earliest_end: self.earliest_end,
                }
            }
            fn end(&self) -> (Option<&str>, Option<&str>) {
                (self.end_basis.as_deref(), self.end_ref.as_deref())
            }
        }
    )+};
}

/// `Derived` for dated tables: [`derive::derive`] rewrites their window and end columns,
/// and for organizations and memberships the certain bounds too (which the importer
/// otherwise computes from the dates).
macro_rules! derived {
    (@keep $model:ident, $stored:ident) => {
        $model.possible_start = $stored.possible_start;
        $model.possible_end = $stored.possible_end;
        $model.end_basis = $stored.end_basis.clone();
        $model.end_ref = $stored.end_ref.clone();
    };
    (own: $($table:ident),+; certain: $($certain:ident),+) => {
        $(impl Derived for crate::entities::$table::Model {
            fn keep_derived(&mut self, stored: &Self) {
                derived!(@keep self, stored);
            }
        })+
        $(impl Derived for crate::entities::$certain::Model {
            fn keep_derived(&mut self, stored: &Self) {
                derived!(@keep self, stored);
                self.latest_start = stored.latest_start;
                self.earliest_end = stored.earliest_end;
            }
        })+
    };
}

derived!(
    own: place, place_part, event_series, event, succession, relation, statistic, name_variant;
    certain: organization, membership
);

impl Derived for crate::entities::citation::Model {}
impl Derived for crate::entities::event_place::Model {}
impl Derived for crate::entities::participation::Model {}
impl Derived for crate::entities::person::Model {}
impl Derived for crate::entities::source_document::Model {}
impl Derived for crate::entities::work::Model {}

spanned!(
    place,
    place_part,
    organization,
    event_series,
    event,
    membership,
    succession,
    relation,
    statistic,
    name_variant,
);

/// The stored columns [`condition`] reads.
pub const COLUMNS: [&str; 4] = [
    "possible_start",
    "possible_end",
    "latest_start",
    "earliest_end",
];

/// The SQL form of [`Lifespan::overlaps`] on the row of table alias `t`. A `NULL` certain
/// bound compares as unknown, which a `WHERE` (and `not`'s `CASE`) reads as false.
pub fn condition(t: &Alias, from: i32, to: i32, reading: Reading) -> Expr {
    condition_between(t, Expr::val(from), Expr::val(to), reading)
}

/// [`condition`] for years given as SQL expressions (another row's year, say).
pub fn condition_between(t: &Alias, from: Expr, to: Expr, reading: Reading) -> Expr {
    let col = |name: &str| Expr::col((t.clone(), Alias::new(name)));
    match reading {
        Reading::Possibly => {
            let (s, e) = (col("possible_start"), col("possible_end"));
            s.clone()
                .is_null()
                .or(s.lte(to))
                .and(e.clone().is_null().or(e.gte(from)))
        }
        Reading::Certainly => col("latest_start")
            .lte(to)
            .and(col("earliest_end").gte(from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_readings_of_an_open_end() {
        // founded 1994, end unknown
        let open = Lifespan {
            possible_start: Some(1994),
            possible_end: None,
            latest_start: Some(1994),
            earliest_end: Some(1994),
        };
        assert!(open.holds(2000, Reading::Possibly));
        assert!(!open.holds(2000, Reading::Certainly));
        assert!(open.holds(1994, Reading::Certainly));
        assert!(!open.holds(1993, Reading::Possibly));
        assert!(open.overlaps(1990, 1994, Reading::Certainly));
        let undated = Lifespan::default();
        assert!(undated.holds(1, Reading::Possibly));
        assert!(!undated.holds(1, Reading::Certainly));
        for basis in EndBasis::ALL {
            assert_eq!(EndBasis::parse(basis.as_str()), Some(basis));
        }
    }
}
