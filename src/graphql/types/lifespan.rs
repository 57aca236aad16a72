//! `Lifespan`: when a record was alive under the rules of "alive in a year"
//! (`crate::domain::alive`), with where its end comes from.

use async_graphql::{Enum, SimpleObject};

use crate::domain::alive::{self, Spanned};

/// Where the end of a record's lifespan comes from.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "alive::EndBasis")]
pub enum EndBasis {
    /// The record's own dates state it.
    Stated,
    /// Derived: the body was renamed, transformed, continued, had its functions transferred or
    /// served as another's prototype; it ends at that succession's date (`endDerivedFrom`).
    Succession,
    /// Derived: a dated source speaks of the record as current, so it lasted at least to that
    /// source's date (`endDerivedFrom` is the document).
    Current,
    /// Derived: a post or membership ends no later than its body, nor a department than
    /// the body it belongs to (`endDerivedFrom`).
    Body,
    /// Derived: a post or membership ends no later than its holder's death or end.
    Holder,
    /// Derived: a body based in a state that ended (the USSR), with no other end, ends no
    /// later than that state (`endDerivedFrom` is the place).
    State,
    /// Nothing bounds it: the end is unknown.
    Open,
}

/// When a record was alive, under both readings of its fuzzy dates, after the rules a
/// historian applies (README: "One meaning of alive in a year"). `activeIn`, `during`,
/// `nameIn`, `postsIn`, `countryIn`, `lineageAt` and the stats all read these bounds.
#[derive(SimpleObject)]
pub struct Lifespan {
    /// Earliest year it can have been alive in; null: unknown (open).
    pub from: Option<i32>,
    /// Latest year it can have been alive in; null: unknown (open). It is possibly alive in
    /// every year from `from` to `to`.
    pub to: Option<i32>,
    /// The latest year it can have started in; null: no year is certain.
    pub certain_from: Option<i32>,
    /// The earliest year it can have ended in; null: no year is certain. It is certainly
    /// alive in every year from `certainFrom` to `certainTo`.
    pub certain_to: Option<i32>,
    /// Where the end comes from.
    pub end_basis: EndBasis,
    /// True when a rule derived the end rather than the record's own dates.
    pub end_derived: bool,
    /// The record a derived end comes from, as a typed reference: `suc.<slug>` (a
    /// succession), `org.<slug>`, `per.<slug>`, `pl.<slug>` (a state) or `doc.<slug>` (a source document).
    pub end_derived_from: Option<String>,
}

/// The lifespan of a model of a dated table.
pub fn lifespan(model: &impl Spanned) -> Lifespan {
    let span = model.lifespan();
    let (end_basis, end_ref) = model.end();
    let basis =
        end_basis
            .and_then(alive::EndBasis::parse)
            .unwrap_or(if span.possible_end.is_some() {
                alive::EndBasis::Stated
            } else {
                alive::EndBasis::Open
            });
    Lifespan {
        from: span.possible_start,
        to: span.possible_end,
        certain_from: span.latest_start,
        certain_to: span.earliest_end,
        end_basis: basis.into(),
        end_derived: basis.derived(),
        end_derived_from: end_ref.map(str::to_owned),
    }
}
