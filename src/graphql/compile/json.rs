//! JSON written by the database as text, the same on PostgreSQL and SQLite: objects and
//! arrays are `concat` of literal punctuation and values, strings are quoted by the
//! database's own JSON function (`to_json` / `json_quote`), lists are ordered string
//! aggregates. Every value expression here is non-NULL text (a missing value is `null`), so
//! `concat`, which skips NULLs, never drops a value. Building text rather than JSON values
//! keeps the output compact (PostgreSQL's `json_build_object` puts spaces in it) and avoids
//! SQLite's JSON subtype being lost between subqueries.

use sea_orm::DbBackend;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, IntoIden, SimpleExpr};

/// PostgreSQL allows 100 arguments per function call; stay well below.
const MAX_CONCAT_ARGS: usize = 64;

/// JSON text expressions for one database.
#[derive(Clone, Copy)]
pub struct Json {
    backend: DbBackend,
}

/// A column of a row alias.
pub fn col(row: &Alias, column: &str) -> Expr {
    Expr::col((row.clone(), Alias::new(column)))
}

/// A text literal written into the statement (only the compiler's own punctuation, keys and
/// names: GraphQL names, which need no escaping).
pub fn lit(text: impl Into<String>) -> Expr {
    Expr::Constant(text.into().into())
}

fn call(name: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Func::cust(Alias::new(name).into_iden()).args(args).into()
}

impl Json {
    /// For `backend`.
    pub fn new(backend: DbBackend) -> Self {
        Json { backend }
    }

    /// The database.
    pub fn backend(self) -> DbBackend {
        self.backend
    }

    /// `concat(parts…)`, nested when there are many.
    pub fn concat(self, parts: Vec<Expr>) -> Expr {
        if parts.len() <= MAX_CONCAT_ARGS {
            return call("concat", parts);
        }
        let chunks: Vec<Expr> = parts
            .chunks(MAX_CONCAT_ARGS)
            .map(|c| call("concat", c.to_vec()))
            .collect();
        self.concat(chunks)
    }

    /// `null` in place of a NULL.
    pub fn or_null(self, value: Expr) -> Expr {
        self.raw_or(value, "null")
    }

    /// A string value (`null` when NULL).
    pub fn string(self, value: Expr) -> Expr {
        match self.backend {
            DbBackend::Postgres => {
                self.or_null(call("to_json", [value]).cast_as(Alias::new("TEXT")))
            }
            _ => call("json_quote", [value]),
        }
    }

    /// A number value (`null` when NULL).
    pub fn int(self, value: Expr) -> Expr {
        self.or_null(value.cast_as(Alias::new("TEXT")))
    }

    /// A boolean value (`null` when NULL).
    pub fn boolean(self, value: Expr) -> Expr {
        let truth: SimpleExpr = match self.backend {
            DbBackend::Postgres => value.clone(),
            _ => value.clone().ne(0),
        };
        Expr::case(value.is_null(), lit("null"))
            .case(truth, lit("true"))
            .finally(lit("false"))
            .into()
    }

    /// An enum value: the stored snake case upper-cased (`null` when NULL).
    pub fn enumeration(self, value: Expr) -> Expr {
        self.string(Expr::from(Func::upper(value)))
    }

    /// Text that is already JSON (a stored list), or `default` when NULL.
    pub fn raw_or(self, value: Expr, default: &str) -> Expr {
        Expr::from(Func::coalesce([value, lit(default)]))
    }

    /// A string of characters that need no escaping (ids, hex cursors), `null` when NULL.
    pub fn plain_string(self, value: Expr) -> Expr {
        Expr::case(value.clone().is_null(), lit("null"))
            .finally(self.concat(vec![lit("\""), value, lit("\"")]))
            .into()
    }

    /// Upper-case hex of the UTF-8 bytes of a text.
    pub fn hex(self, value: Expr) -> Expr {
        match self.backend {
            DbBackend::Postgres => Expr::from(Func::upper(call(
                "encode",
                [call("convert_to", [value, lit("UTF8")]), lit("hex")],
            ))),
            _ => call("hex", [value]),
        }
    }

    /// The values of a group's rows, comma-separated, in `order` (NULLs skipped), or NULL
    /// for no row.
    pub fn joined(self, value: Expr, order: Expr, desc: bool) -> Expr {
        let dir = if desc { "DESC" } else { "ASC" };
        let template = match self.backend {
            DbBackend::Postgres => format!("string_agg($1, ',' ORDER BY $2 {dir})"),
            _ => format!("group_concat(?, ',' ORDER BY ? {dir})"),
        };
        Expr::cust_with_exprs(template, [value, order])
    }

    /// A JSON array of the values, in `order`.
    pub fn array_agg(self, value: Expr, order: Expr, desc: bool) -> Expr {
        self.concat(vec![lit("["), self.joined(value, order, desc), lit("]")])
    }

    /// A JSON object of (key, JSON value) pairs, keys in the order given; `null` for no
    /// pair, as async-graphql writes an object none of whose fields were selected (a
    /// fragment on another type of a union).
    pub fn object(self, fields: Vec<(String, Expr)>) -> Expr {
        let mut parts = Vec::with_capacity(fields.len() * 2 + 1);
        for (i, (key, value)) in fields.into_iter().enumerate() {
            let open = if i == 0 { '{' } else { ',' };
            parts.push(lit(format!("{open}\"{key}\":")));
            parts.push(value);
        }
        if parts.is_empty() {
            return lit("null");
        }
        parts.push(lit("}"));
        self.concat(parts)
    }
}
