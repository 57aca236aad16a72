//! Rows decoded by position, with only the columns a request reads.
//!
//! A list or lookup selects the columns of [`Positional::COLUMNS`] that its [`Columns`] set
//! holds, in that order, and decodes them by index straight from the driver's row: no lookup
//! of a column by name, and no error value built for every NULL (SeaORM's by-name decoding
//! formats one per NULL column). A column the set leaves out is not fetched and holds its
//! type's default in the model, so the set must cover every column the caller reads; the
//! GraphQL layer derives it from the selection and falls back to [`Columns::ALL`].

use sea_orm::sqlx::{self, Row as _};
use sea_orm::{DbErr, QueryResult};

use crate::entities::*;

/// A set of columns of one table, as bits over the positions of [`Positional::COLUMNS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Columns(u64);

impl Columns {
    /// Every column.
    pub const ALL: Columns = Columns(u64::MAX);
    /// No column but the ones every read needs (see [`Columns::of`]).
    pub const NONE: Columns = Columns(0);

    /// The set of the named columns of `M`, plus `id` and `slug` (keys of every loader and
    /// of the global id); a name `M` has not is ignored.
    pub fn of<M: Positional>(names: impl IntoIterator<Item = impl AsRef<str>>) -> Columns {
        let mut set = Columns::NONE;
        for name in names {
            set = set.with::<M>(name.as_ref());
        }
        set.with::<M>("id").with::<M>("slug")
    }

    /// This set plus the column `name` of `M`, if it has one.
    pub fn with<M: Positional>(self, name: &str) -> Columns {
        match M::COLUMNS.iter().position(|c| *c == name) {
            Some(i) => Columns(self.0 | 1 << i),
            None => self,
        }
    }

    /// Both sets.
    pub fn union(self, other: Columns) -> Columns {
        Columns(self.0 | other.0)
    }

    /// Whether the column at position `i` is in the set.
    pub fn has(self, i: usize) -> bool {
        i < 64 && self.0 & (1 << i) != 0
    }

    /// The names of the columns of `M` in the set, in table order (`id` and `slug` always).
    pub fn names<M: Positional>(self) -> Vec<&'static str> {
        let set = self.with::<M>("id").with::<M>("slug");
        M::COLUMNS
            .iter()
            .enumerate()
            .filter(|(i, _)| set.has(*i))
            .map(|(_, c)| *c)
            .collect()
    }
}

/// A model read by position.
pub trait Positional: Sized {
    /// The model's columns, in field order.
    const COLUMNS: &'static [&'static str];
    /// Reads the model from the columns of `set` (plus `id` and `slug`), selected in
    /// [`Positional::COLUMNS`] order starting at index `at`; columns outside the set hold
    /// their default.
    fn decode(row: &QueryResult, at: usize, set: Columns) -> Result<Self, DbErr>;
}

/// Reads the selected columns of a row one after the other.
pub struct Reader<'a> {
    row: &'a QueryResult,
    set: Columns,
    field: usize,
    index: usize,
}

impl<'a> Reader<'a> {
    /// A reader of `set` (plus `id` and `slug`, which are the first two fields of every
    /// model) starting at index `at`.
    pub fn new(row: &'a QueryResult, at: usize, set: Columns) -> Self {
        Reader {
            row,
            set: set.union(Columns(0b11)),
            field: 0,
            index: at,
        }
    }

    /// The next field: read when selected, else its default.
    pub fn field<T: Column>(&mut self) -> Result<T, DbErr> {
        let field = self.field;
        self.field += 1;
        if !self.set.has(field) {
            return Ok(T::default());
        }
        let index = self.index;
        self.index += 1;
        T::get(self.row, index)
    }
}

/// A column type read by index from PostgreSQL or SQLite rows.
pub trait Column: Default + Sized {
    /// The value at `index`.
    fn get(row: &QueryResult, index: usize) -> Result<Self, DbErr>;
}

fn decode_err(index: usize, e: sqlx::Error) -> DbErr {
    DbErr::Type(format!("column {index}: {e}"))
}

/// The nullable value at `index`, decoded by the driver itself.
fn nullable<T>(row: &QueryResult, index: usize) -> Result<Option<T>, DbErr>
where
    T: sea_orm::TryGetable
        + sqlx::Type<sqlx::Postgres>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Sqlite>,
{
    if let Some(pg) = row.try_as_pg_row() {
        return pg
            .try_get::<Option<T>, _>(index)
            .map_err(|e| decode_err(index, e));
    }
    if let Some(lite) = row.try_as_sqlite_row() {
        return lite
            .try_get::<Option<T>, _>(index)
            .map_err(|e| decode_err(index, e));
    }
    row.try_get_by_index::<Option<T>>(index)
}

fn required<T>(value: Option<T>, index: usize) -> Result<T, DbErr> {
    value.ok_or_else(|| DbErr::Type(format!("column {index}: unexpected NULL")))
}

macro_rules! column_types {
    ($($ty:ty),+) => {$(
        impl Column for $ty {
            fn get(row: &QueryResult, index: usize) -> Result<Self, DbErr> {
                required(nullable::<$ty>(row, index)?, index)
            }
        }
        impl Column for Option<$ty> {
            fn get(row: &QueryResult, index: usize) -> Result<Self, DbErr> {
                nullable::<$ty>(row, index)
            }
        }
    )+};
}

column_types!(i32, i64, bool, String);

/// `Positional` for entity models, from their field names in declaration order (`id` and
/// `slug` first). A field left out fails to compile (the struct literal is incomplete).
macro_rules! positional {
    ($($module:ident { $($field:ident),+ $(,)? })+) => {$(
        impl Positional for $module::Model {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];
            fn decode(row: &QueryResult, at: usize, set: Columns) -> Result<Self, DbErr> {
                let mut r = Reader::new(row, at, set);
                Ok($module::Model { $($field: r.field()?),+ })
            }
        }
    )+};
}

positional! {
    citation { id, slug, basis, note, record_type, record_id, position, field, line, quote, document_id }
    event { id, slug, version, basis, note, title, kind, edition_number, theme, description, aggregate, open_list, series_id, parent_id, date, date_year_from, date_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    event_place { id, slug, version, basis, note, role, event_id, series_id, place_id }
    event_series { id, slug, version, basis, note, name, kind, frequency, disciplines, formats, description, status, open_list, date, date_year_from, date_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    membership { id, slug, version, basis, note, role, label, ordinal, member_person_id, member_organization_id, organization_id, valid, valid_year_from, valid_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    name_variant { id, slug, basis, note, record_type, record_id, position, name, kind, lang, valid, valid_year_from, valid_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    organization { id, slug, version, basis, note, name, name_status, kind, aggregate, disciplines, purpose, description, country_id, place_id, parent_id, founded, founded_year_from, founded_year_to, dissolved, dissolved_year_from, dissolved_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    succession { id, slug, version, basis, note, kind, predecessor_id, successor_id, legal_act_id, date, date_year_from, date_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    participation { id, slug, version, basis, note, role, label, person_id, organization_id, event_id, series_id, derived_from }
    person { id, slug, version, basis, note, name, occupations, description, nationality_id, born, born_year_from, born_year_to, died, died_year_from, died_year_to }
    place { id, slug, version, basis, note, kind, name, iso_alpha2, iso_alpha3, iso_numeric, iso3166_3, iso3166_2, iso_status, wikidata, valid, valid_year_from, valid_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    place_part { id, slug, version, basis, note, place_id, part_of_id, valid, valid_year_from, valid_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    relation { id, slug, version, basis, note, subject_type, subject_id, predicate, object_type, object_id, object_literal, label, valid, valid_year_from, valid_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    source_document { id, slug, version, basis, note, title, file_name, collection, publisher, language, text, sha256, published, published_year_from, published_year_to, written, written_year_from, written_year_to }
    statistic { id, slug, version, basis, note, subject_type, subject_id, indicator, value, comparator, unit, per, value_text, as_of_text, as_of, as_of_year_from, as_of_year_to, latest_start, earliest_end, possible_start, possible_end, end_basis, end_ref }
    work { id, slug, version, basis, note, kind, title, legislation_type, identifier, text, language, creator_person_id, creator_organization_id, passed_by_id, place_id, series_id, date, date_year_from, date_year_to }
}
