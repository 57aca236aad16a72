//! The filter and ordering vocabulary shared by every `<Noun>Filter` and `<Noun>Order`, and
//! the one place where filter inputs become SQL conditions ([`Build`]).

use async_graphql::{Enum, ID, InputObject, InputType};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, IntoIden};

use super::enums::{self, FromStored};
use crate::domain::filter::{MAX_CONDITIONS, MAX_VALUES, Scope, all, any};
use crate::domain::gid;
use crate::domain::links::ToMany;
use crate::domain::listing::{KeyType, SortKey, root_col};
use crate::domain::record::Record;
use crate::entities::name_variant;
use crate::error::{AppError, Code};

/// A filter input that compiles to a condition over the table aliased `t`.
pub trait FilterInput: InputType {
    /// The SQL condition.
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError>;
}

/// A field records can be ordered by.
pub trait SortField: async_graphql::EnumType + InputType + Copy + Send + Sync + 'static {
    /// Name (for cursors), column, type, nullability.
    fn key(self) -> (&'static str, Expr, KeyType, bool);
}

/// Conditions on a text field; all given operators must hold.
#[derive(InputObject, Default, Clone)]
pub struct StringFilter {
    /// Equal to.
    pub eq: Option<String>,
    /// Not equal to (an empty field counts as not equal).
    pub ne: Option<String>,
    /// One of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    /// Contains the text (case-sensitive).
    pub contains: Option<String>,
    /// Starts with the text (case-sensitive).
    pub starts_with: Option<String>,
    /// Equal to, ignoring case (on SQLite, the case of ASCII letters only).
    pub eq_ci: Option<String>,
    /// Contains the text, ignoring case (on SQLite, the case of ASCII letters only).
    pub contains_ci: Option<String>,
    /// Starts with the text, ignoring case (on SQLite, the case of ASCII letters only).
    pub starts_with_ci: Option<String>,
    /// True: the field is empty (NULL); false: it has a value.
    pub is_null: Option<bool>,
}

/// Conditions on an integer field; all given operators must hold.
#[derive(InputObject, Default, Clone)]
pub struct IntFilter {
    /// Equal to.
    pub eq: Option<i32>,
    /// Not equal to (an empty field counts as not equal).
    pub ne: Option<i32>,
    /// One of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<i32>>,
    /// Greater than.
    pub gt: Option<i32>,
    /// Greater than or equal to.
    pub gte: Option<i32>,
    /// Less than.
    pub lt: Option<i32>,
    /// Less than or equal to.
    pub lte: Option<i32>,
    /// True: the field is empty (NULL); false: it has a value.
    pub is_null: Option<bool>,
}

/// Conditions on a record's global id.
#[derive(InputObject, Default, Clone)]
pub struct IdFilter {
    /// Equal to.
    pub eq: Option<ID>,
    /// Not equal to.
    pub ne: Option<ID>,
    /// One of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<ID>>,
}

/// A span of years, both ends included.
#[derive(InputObject, Clone, Copy)]
pub struct YearRange {
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
}

/// The conditions an [`IntFilter`] puts on an expression (all must hold).
pub fn int_conditions(c: impl Fn() -> Expr, f: &IntFilter) -> Vec<Expr> {
    let mut out = Vec::new();
    type Op = fn(Expr, i32) -> Expr;
    let ops: [(Option<i32>, Op); 6] = [
        (f.eq, |e, v| e.eq(v)),
        (f.ne, |e, v| e.clone().ne(v).or(e.is_null())),
        (f.gt, |e, v| e.gt(v)),
        (f.gte, |e, v| e.gte(v)),
        (f.lt, |e, v| e.lt(v)),
        (f.lte, |e, v| e.lte(v)),
    ];
    for (value, op) in ops {
        if let Some(v) = value {
            out.push(op(c(), v));
        }
    }
    if let Some(v) = &f.in_ {
        out.push(c().is_in(v.iter().copied()));
    }
    if let Some(v) = f.is_null {
        out.push(if v { c().is_null() } else { c().is_not_null() });
    }
    out
}

/// How a year filter reads fuzzy dates (EDTF qualifiers `?` `~`, unspecified digits `198X`,
/// sets `[1970..1989]`, open ends `2006/..`).
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Certainty {
    /// Some reading of the dates meets the years: the year windows overlap. "Since 2006"
    /// (`2006/..`) is possibly active in every year from 2006 on.
    #[default]
    Possibly,
    /// Every reading of the dates meets the years: the record started by its latest possible
    /// start and lasted to its earliest possible end. An open or uncertain end adds no years
    /// (unless a dated source speaks of the record as current: then it runs to that date):
    /// "since 2006" is certainly active in 2006 only, "1970s-80s" (`197X/198X`) in 1979-1980,
    /// "by 1957" (`[..1957]`, one unknown year up to 1957) in no single year.
    Certainly,
}

impl From<Certainty> for crate::domain::alive::Reading {
    fn from(c: Certainty) -> Self {
        match c {
            Certainty::Possibly => crate::domain::alive::Reading::Possibly,
            Certainty::Certainly => crate::domain::alive::Reading::Certainly,
        }
    }
}

/// Conditions on an enumerated field.
#[derive(InputObject, Clone)]
#[graphql(
    concrete(name = "BasisFilter", params(enums::Basis)),
    concrete(name = "PlaceKindFilter", params(enums::PlaceKind)),
    concrete(name = "NameKindFilter", params(enums::NameKind)),
    concrete(name = "OrganizationKindFilter", params(enums::OrganizationKind)),
    concrete(name = "MembershipRoleFilter", params(enums::MembershipRole)),
    concrete(name = "SuccessionKindFilter", params(enums::SuccessionKind)),
    concrete(name = "WorkKindFilter", params(enums::WorkKind)),
    concrete(name = "EventKindFilter", params(enums::EventKind)),
    concrete(name = "ParticipationRoleFilter", params(enums::ParticipationRole)),
    concrete(name = "EventPlaceRoleFilter", params(enums::EventPlaceRole)),
    concrete(name = "PredicateFilter", params(enums::Predicate)),
    concrete(name = "ComparatorFilter", params(enums::Comparator))
)]
pub struct EnumFilter<T: InputType + FromStored + Copy> {
    /// Equal to.
    pub eq: Option<T>,
    /// Not equal to.
    pub ne: Option<T>,
    /// One of.
    #[graphql(name = "in")]
    pub in_: Option<Vec<T>>,
}

/// Conditions on a to-many relation.
#[derive(InputObject, Clone)]
#[graphql(
    concrete(
        name = "OrganizationListFilter",
        params(super::types::OrganizationFilter)
    ),
    concrete(name = "MembershipListFilter", params(super::types::MembershipFilter)),
    concrete(
        name = "ParticipationListFilter",
        params(super::types::ParticipationFilter)
    ),
    concrete(name = "EventPlaceListFilter", params(super::types::EventPlaceFilter)),
    concrete(name = "EventListFilter", params(super::types::EventFilter)),
    concrete(
        name = "NameVariantListFilter",
        params(super::types::NameVariantFilter)
    ),
    concrete(name = "CitationListFilter", params(super::types::CitationFilter)),
    concrete(name = "SuccessionListFilter", params(super::types::SuccessionFilter)),
    concrete(name = "PlacePartListFilter", params(super::types::PlacePartFilter))
)]
pub struct ListFilter<F: FilterInput> {
    /// At least one related record matches.
    pub some: Option<F>,
    /// No related record matches.
    pub none: Option<F>,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first (A to Z, oldest first); empty values last.
    #[default]
    Asc,
    /// Largest first (Z to A, newest first); empty values last.
    Desc,
}

/// One ordering criterion.
#[derive(InputObject, Clone)]
#[graphql(
    concrete(
        name = "OrganizationOrder",
        params(super::types::OrganizationOrderField)
    ),
    concrete(name = "PersonOrder", params(super::types::PersonOrderField)),
    concrete(name = "PlaceOrder", params(super::types::PlaceOrderField)),
    concrete(name = "PlacePartOrder", params(super::types::PlacePartOrderField)),
    concrete(name = "MembershipOrder", params(super::types::MembershipOrderField)),
    concrete(name = "SuccessionOrder", params(super::types::SuccessionOrderField)),
    concrete(name = "EventSeriesOrder", params(super::types::EventSeriesOrderField)),
    concrete(name = "EventOrder", params(super::types::EventOrderField)),
    concrete(
        name = "ParticipationOrder",
        params(super::types::ParticipationOrderField)
    ),
    concrete(name = "EventPlaceOrder", params(super::types::EventPlaceOrderField)),
    concrete(name = "WorkOrder", params(super::types::WorkOrderField)),
    concrete(name = "StatisticOrder", params(super::types::StatisticOrderField)),
    concrete(name = "NameVariantOrder", params(super::types::NameVariantOrderField)),
    concrete(name = "RelationOrder", params(super::types::RelationOrderField)),
    concrete(
        name = "SourceDocumentOrder",
        params(super::types::SourceDocumentOrderField)
    ),
    concrete(name = "CitationOrder", params(super::types::CitationOrderField))
)]
pub struct OrderBy<F: SortField> {
    /// The field to order by.
    pub field: F,
    /// The direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl<F: SortField> OrderBy<F> {
    /// The sort key.
    pub fn sort_key(&self) -> SortKey {
        let (name, expr, ty, nullable) = self.field.key();
        SortKey {
            name,
            expr,
            ty,
            nullable,
            desc: self.direction == OrderDirection::Desc,
        }
    }
}

/// A sort key on a column of the listed table.
pub fn key(
    name: &'static str,
    column: impl IntoIden,
    ty: KeyType,
    nullable: bool,
) -> (&'static str, Expr, KeyType, bool) {
    (name, root_col(column), ty, nullable)
}

/// Collects the conditions of one filter over the table aliased `t`.
pub struct Build<'a> {
    scope: &'a mut Scope,
    t: Alias,
    conds: Vec<Condition>,
    too_deep: bool,
    too_big: Option<AppError>,
}

impl<'a> Build<'a> {
    /// Starts a filter over `t`.
    pub fn new(scope: &'a mut Scope, t: &Alias) -> Self {
        let too_deep = !scope.enter();
        Build {
            scope,
            t: t.clone(),
            conds: Vec::new(),
            too_deep,
            too_big: None,
        }
    }

    /// Stops before recursing into a nested filter when this one is already too deep.
    fn check_depth(&self) -> Result<(), AppError> {
        if self.too_deep {
            let limit = self.scope.max_depth() as u64;
            return Err(AppError::limit(
                Code::QueryTooDeep,
                format!("the filter nests deeper than {limit} levels"),
                limit + 1,
                limit,
            ));
        }
        Ok(())
    }

    fn spend(&mut self, values: usize) {
        if !self.scope.spend_condition() {
            self.too_big = Some(AppError::limit(
                Code::FilterTooLarge,
                format!("the filter holds more than {MAX_CONDITIONS} conditions"),
                MAX_CONDITIONS as u64 + 1,
                MAX_CONDITIONS as u64,
            ));
        } else if !self.scope.spend_values(values) {
            self.too_big = Some(AppError::limit(
                Code::FilterTooLarge,
                format!("the filter's `in` lists hold more than {MAX_VALUES} values"),
                MAX_VALUES as u64 + 1,
                MAX_VALUES as u64,
            ));
        }
    }

    fn col(&self, column: impl IntoIden) -> Expr {
        Expr::col((self.t.clone(), column))
    }

    fn push(&mut self, expr: Expr) {
        self.spend(0);
        self.conds.push(Condition::all().add(expr));
    }

    /// Conditions on the record's global id (compared by slug).
    pub fn id<E: Record>(&mut self, type_name: &str, f: &Option<IdFilter>) -> Result<(), AppError> {
        let Some(f) = f else { return Ok(()) };
        let slug = |id: &ID| gid::decode(id.as_str(), Some(type_name)).map(|(_, slug)| slug);
        let t = self.t.clone();
        let col = || Expr::col((t.clone(), E::slug_column()));
        let mut conds = Vec::new();
        if let Some(id) = &f.eq {
            conds.push(col().eq(slug(id)?));
        }
        if let Some(id) = &f.ne {
            conds.push(col().ne(slug(id)?));
        }
        if let Some(ids) = &f.in_ {
            self.spend(ids.len());
            let slugs = ids.iter().map(slug).collect::<Result<Vec<_>, _>>()?;
            conds.push(col().is_in(slugs));
        }
        for c in conds {
            self.push(c);
        }
        Ok(())
    }

    /// Conditions on a text column.
    pub fn string(&mut self, column: impl IntoIden + Clone, f: &Option<StringFilter>) {
        let Some(f) = f else { return };
        let t = self.t.clone();
        for e in self.string_conditions(|| Expr::col((t.clone(), column.clone())), f) {
            self.push(e);
        }
    }

    /// `anyName`: the main name (`column`) or some name variant of the record (a row of
    /// `table`) meets every operator of the filter.
    pub fn any_name(
        &mut self,
        table: &'static str,
        column: impl IntoIden + Clone,
        f: &Option<StringFilter>,
    ) -> Result<(), AppError> {
        let Some(f) = f else { return Ok(()) };
        self.check_depth()?;
        let t = self.t.clone();
        let main = self.string_conditions(|| Expr::col((t.clone(), column.clone())), f);
        let variant = self
            .scope
            .to_many(&t, ToMany::NameVariants(table), true, |s, v| {
                let mut b = Build::new(s, v);
                b.string(name_variant::Column::Name, &Some(f.clone()));
                b.finish()
            })?;
        self.spend(0);
        let main = all(main.into_iter().map(|e| Condition::all().add(e)));
        self.conds.push(Condition::any().add(main).add(variant));
        Ok(())
    }

    /// The conditions of a text filter over an expression, one per operator given.
    fn string_conditions(&mut self, c: impl Fn() -> Expr, f: &StringFilter) -> Vec<Expr> {
        let mut out = Vec::new();
        if let Some(v) = &f.eq {
            out.push(c().eq(v.as_str()));
        }
        if let Some(v) = &f.ne {
            out.push(c().ne(v.as_str()).or(c().is_null()));
        }
        if let Some(v) = &f.in_ {
            self.spend(v.len());
            out.push(c().is_in(v.iter().map(String::as_str)));
        }
        if let Some(v) = &f.contains {
            out.push(self.scope.contains(c(), v));
        }
        if let Some(v) = &f.starts_with {
            out.push(self.scope.starts_with(c(), v));
        }
        if let Some(v) = &f.eq_ci {
            out.push(self.scope.eq_ci(c(), v));
        }
        if let Some(v) = &f.contains_ci {
            out.push(self.scope.like_ci(c(), v, true, true));
        }
        if let Some(v) = &f.starts_with_ci {
            out.push(self.scope.like_ci(c(), v, false, true));
        }
        if let Some(v) = f.is_null {
            out.push(if v { c().is_null() } else { c().is_not_null() });
        }
        out
    }

    /// Conditions on an integer column.
    pub fn int(&mut self, column: impl IntoIden + Clone, f: &Option<IntFilter>) {
        let Some(f) = f else { return };
        let t = self.t.clone();
        if let Some(v) = &f.in_ {
            self.spend(v.len());
        }
        for e in int_conditions(|| Expr::col((t.clone(), column.clone())), f) {
            self.push(e);
        }
    }

    /// "As of a year" (`crate::domain::alive`): `active_in` keeps the records alive in the
    /// year, `during` those alive at some time in the range, as `certainty` reads it.
    pub fn active(
        &mut self,
        active_in: Option<i32>,
        during: Option<YearRange>,
        certainty: Certainty,
    ) -> Result<(), AppError> {
        let t = self.t.clone();
        let reading = certainty.into();
        if let Some(year) = active_in {
            self.push(crate::domain::alive::condition(&t, year, year, reading));
        }
        if let Some(range) = during {
            if range.from > range.to {
                return Err(AppError::BadUserInput(format!(
                    "`during` runs from {} to {}: `from` must not be after `to`",
                    range.from, range.to
                )));
            }
            let cond = crate::domain::alive::condition(&t, range.from, range.to, reading);
            self.push(cond);
        }
        Ok(())
    }

    /// Equality on a boolean column.
    pub fn bool(&mut self, column: impl IntoIden, f: Option<bool>) {
        if let Some(v) = f {
            let e = self.col(column).eq(v);
            self.push(e);
        }
    }

    /// Conditions on an enumerated column.
    pub fn enumeration<T: InputType + FromStored + Copy>(
        &mut self,
        column: impl IntoIden + Clone,
        f: &Option<EnumFilter<T>>,
    ) {
        let Some(f) = f else { return };
        let t = self.t.clone();
        let c = || Expr::col((t.clone(), column.clone()));
        let mut out = Vec::new();
        if let Some(v) = f.eq {
            out.push(c().eq(v.stored()));
        }
        if let Some(v) = f.ne {
            out.push(c().ne(v.stored()).or(c().is_null()));
        }
        if let Some(v) = &f.in_ {
            self.spend(v.len());
            out.push(c().is_in(v.iter().map(|v| v.stored())));
        }
        for e in out {
            self.push(e);
        }
    }

    /// A condition on the record a foreign key points at.
    pub fn one<F: FilterInput>(
        &mut self,
        fk: impl IntoIden,
        table: &'static str,
        f: &Option<Box<F>>,
    ) -> Result<(), AppError> {
        let Some(f) = f else { return Ok(()) };
        self.check_depth()?;
        self.spend(0);
        let fk = self.col(fk);
        let cond = self.scope.to_one(fk, table, |s, t| f.compile(s, t))?;
        self.conds.push(cond);
        Ok(())
    }

    /// `some` / `none` conditions on a to-many relation.
    pub fn many<F: FilterInput>(
        &mut self,
        rel: ToMany,
        f: &Option<Box<ListFilter<F>>>,
    ) -> Result<(), AppError> {
        let Some(f) = f else { return Ok(()) };
        self.check_depth()?;
        for (inner, exists) in [(&f.some, true), (&f.none, false)] {
            if let Some(inner) = inner {
                self.spend(0);
                let t = self.t.clone();
                let cond = self
                    .scope
                    .to_many(&t, rel, exists, |s, t| inner.compile(s, t))?;
                self.conds.push(cond);
            }
        }
        Ok(())
    }

    /// `and`, `or` and `not`.
    pub fn logic<F: FilterInput>(
        &mut self,
        and: &Option<Vec<F>>,
        or: &Option<Vec<F>>,
        not: &Option<Box<F>>,
    ) -> Result<(), AppError> {
        if and.is_some() || or.is_some() || not.is_some() {
            self.check_depth()?;
        }
        let t = self.t.clone();
        if let Some(list) = and {
            let conds = list
                .iter()
                .map(|f| f.compile(self.scope, &t))
                .collect::<Result<Vec<_>, _>>()?;
            self.conds.push(all(conds));
        }
        if let Some(list) = or {
            let conds = list
                .iter()
                .map(|f| f.compile(self.scope, &t))
                .collect::<Result<Vec<_>, _>>()?;
            self.conds.push(any(conds));
        }
        if let Some(f) = not {
            let cond = f.compile(self.scope, &t)?;
            self.conds.push(crate::domain::filter::not(cond));
        }
        Ok(())
    }

    /// Adds an arbitrary condition.
    pub fn raw(&mut self, cond: Condition) {
        self.conds.push(cond);
    }

    /// The alias being filtered.
    pub fn alias(&self) -> &Alias {
        &self.t
    }

    /// All collected conditions, joined with AND.
    pub fn finish(self) -> Result<Condition, AppError> {
        self.check_depth()?;
        self.scope.leave();
        if let Some(err) = self.too_big {
            return Err(err);
        }
        Ok(all(self.conds))
    }
}
