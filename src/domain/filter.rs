//! The SQL vocabulary filters compile to: text matching that behaves the same on SQLite and
//! PostgreSQL, and `EXISTS` subqueries for conditions on related records. Every nested
//! subquery gets its own table alias from a [`Scope`], so a filter can nest to any depth,
//! including on the same table (an organization whose parent's parent …).

use sea_orm::DbBackend;
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Func, LikeExpr, Query};

use super::links::ToMany;
use super::listing::ROOT;

/// Allocates table aliases while a filter compiles.
#[derive(Debug)]
pub struct Scope {
    next: usize,
    backend: DbBackend,
    depth: usize,
    max_depth: usize,
    conditions: usize,
    values: usize,
}

/// Most conditions one filter may hold: SQL builders and databases recurse over long
/// `a OR b OR …` chains, so an unbounded list could exhaust a worker's stack.
pub const MAX_CONDITIONS: usize = 200;
/// Most values all the `in` lists of one filter may hold together (bind parameters).
pub const MAX_VALUES: usize = 5_000;

impl Scope {
    /// A scope for a list whose table is aliased [`ROOT`]; filters may nest `max_depth` deep.
    pub fn new(backend: DbBackend, max_depth: usize) -> Self {
        Scope {
            next: 1,
            backend,
            depth: 0,
            max_depth,
            conditions: 0,
            values: 0,
        }
    }

    /// Counts one condition; false once the filter holds more than [`MAX_CONDITIONS`].
    pub fn spend_condition(&mut self) -> bool {
        self.conditions += 1;
        self.conditions <= MAX_CONDITIONS
    }

    /// Counts `n` bound values; false once the filter holds more than [`MAX_VALUES`].
    pub fn spend_values(&mut self, n: usize) -> bool {
        self.values += n;
        self.values <= MAX_VALUES
    }

    /// Enters a nested filter; false when that nests deeper than allowed.
    pub fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= self.max_depth
    }

    /// Leaves a nested filter.
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// How deep filters may nest.
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The alias of the listed table.
    pub fn root() -> Alias {
        Alias::new(ROOT)
    }

    /// A fresh alias.
    pub fn alias(&mut self) -> Alias {
        let alias = Alias::new(format!("t{}", self.next));
        self.next += 1;
        alias
    }

    /// The database the condition is for.
    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// `EXISTS (SELECT 1 FROM table AS t WHERE t.id = fk AND inner(t))`.
    pub fn to_one<E>(
        &mut self,
        fk: Expr,
        table: &'static str,
        inner: impl FnOnce(&mut Scope, &Alias) -> Result<Condition, E>,
    ) -> Result<Condition, E> {
        let t = self.alias();
        let cond = inner(self, &t)?;
        let mut sub = Query::select();
        sub.expr(Expr::val(1))
            .from_as(table, t.clone())
            .and_where(Expr::col((t, Alias::new("id"))).eq(fk))
            .cond_where(cond);
        Ok(Condition::all().add(Expr::exists(sub)))
    }

    /// `EXISTS` (or `NOT EXISTS` when `exists` is false) a row of the relation `rel` under the
    /// record aliased `outer`, meeting `inner`.
    pub fn to_many<E>(
        &mut self,
        outer: &Alias,
        rel: ToMany,
        exists: bool,
        inner: impl FnOnce(&mut Scope, &Alias) -> Result<Condition, E>,
    ) -> Result<Condition, E> {
        let t = self.alias();
        let j = self.alias();
        let link = rel.link(&t, &j);
        let cond = inner(self, &t)?;
        let mut sub = Query::select();
        sub.expr(Expr::val(1)).from_as(rel.table(), t.clone());
        if let Some((query, alias, on)) = link.join {
            sub.join_subquery(sea_orm::sea_query::JoinType::InnerJoin, query, alias, on);
        }
        sub.and_where(link.parent.eq(Expr::col((outer.clone(), Alias::new("id")))))
            .cond_where(link.extra)
            .cond_where(cond);
        let test = if exists {
            Expr::exists(sub)
        } else {
            Expr::not_exists(sub)
        };
        Ok(Condition::all().add(test))
    }

    /// Case-sensitive "contains".
    pub fn contains(&self, expr: Expr, needle: &str) -> Expr {
        let func = match self.backend {
            DbBackend::Postgres => "strpos",
            _ => "instr",
        };
        Expr::from(Func::cust(func).arg(expr).arg(needle)).gt(0)
    }

    /// Case-sensitive "starts with".
    pub fn starts_with(&self, expr: Expr, prefix: &str) -> Expr {
        let len = i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX);
        Expr::from(Func::cust("substr").arg(expr).arg(1).arg(len)).eq(prefix)
    }

    /// Case-insensitive LIKE with `%` on the sides asked for; the text is escaped.
    pub fn like_ci(&self, expr: Expr, text: &str, lead: bool, trail: bool) -> Expr {
        let mut pattern = String::new();
        if lead {
            pattern.push('%');
        }
        for c in text.to_lowercase().chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        if trail {
            pattern.push('%');
        }
        lower(expr).like(LikeExpr::new(pattern).escape('\\'))
    }

    /// Case-insensitive equality.
    pub fn eq_ci(&self, expr: Expr, text: &str) -> Expr {
        lower(expr).eq(text.to_lowercase())
    }
}

fn lower(expr: Expr) -> Expr {
    Func::lower(expr).into()
}

/// The negation of a condition in two-valued logic: true where the condition is false or
/// unknown (NULL), so `not` never drops rows whose fields are empty.
pub fn not(cond: Condition) -> Condition {
    Condition::all().add(Expr::case(cond, 1).finally(0).eq(0))
}

/// Combines conditions: all of them.
pub fn all(conds: impl IntoIterator<Item = Condition>) -> Condition {
    conds.into_iter().fold(Condition::all(), Condition::add)
}

/// Combines conditions: any of them (none → false).
pub fn any(conds: impl IntoIterator<Item = Condition>) -> Condition {
    let conds: Vec<Condition> = conds.into_iter().collect();
    if conds.is_empty() {
        return Condition::all().add(Expr::cust("1 = 0"));
    }
    conds.into_iter().fold(Condition::any(), Condition::add)
}
