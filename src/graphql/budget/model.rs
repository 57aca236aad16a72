//! The cost model: what each field of the schema costs, read once from the schema's own SDL
//! (plus the introspection types, which the SDL leaves out).
//!
//! The rules, in order (see the README's "Cost model"):
//! - every field costs 1, and its selection's cost times its multiplier;
//! - a connection (a type named `…Connection`) multiplies by its page size (`first`/`last`,
//!   20 by default, at most 100);
//! - `nodes(ids:)` multiplies by the number of ids, `lineage(maxDepth:)` by two steps per
//!   level, other lists of records by [`LIST_ROWS`];
//! - free-text fields (`description`, `note`, `quote`…) cost [`TEXT_PRICE`]: they return
//!   about a kilobyte where a name returns a few dozen bytes;
//! - grouped statistics and search add the price of their SQL ([`SQL_PRICES`]);
//! - introspection lists multiply by the schema's real average counts (types, fields per
//!   type, arguments per field…), so a `__schema` costs what its answer weighs.

use std::collections::HashMap;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// What one free-text field costs.
pub const TEXT_PRICE: f64 = 10.0;
/// Free-text fields, on any type.
const TEXT_FIELDS: &[&str] = &[
    "description",
    "purpose",
    "note",
    "quote",
    "theme",
    "line",
    "snippet",
];
/// Rows assumed for a list of records that has no page size.
pub const LIST_ROWS: f64 = 20.0;
/// Extra price of root fields whose SQL scans or ranks a whole table: grouping over every
/// row, or ranking every match of a search.
const SQL_PRICES: &[(&str, f64)] = &[
    ("eventStats", 500.0),
    ("organizationStats", 500.0),
    ("membershipStats", 500.0),
    ("exchangeFlows", 500.0),
    ("search", 200.0),
    ("datasetCounts", 100.0),
];

/// How a field multiplies the cost of its selection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Multiplier {
    /// Once.
    One,
    /// A fixed factor.
    Fixed(f64),
    /// The page size of `first` / `last`.
    Page,
    /// The length of the `ids` argument.
    Ids,
    /// Two per level of `maxDepth`.
    Lineage,
}

/// A field as the cost model sees it.
#[derive(Clone, Debug)]
pub struct FieldCost {
    /// The named type it returns (lists and non-null unwrapped).
    pub returns: String,
    /// Its own price.
    pub price: f64,
    /// What it multiplies its selection by.
    pub multiplier: Multiplier,
}

/// Every type's fields, with their costs.
#[derive(Clone, Debug, Default)]
pub struct Model {
    types: HashMap<String, HashMap<String, FieldCost>>,
}

fn named(ty: &Type) -> (&str, bool) {
    match &ty.base {
        BaseType::Named(name) => (name.as_str(), false),
        BaseType::List(inner) => (named(inner).0, true),
    }
}

/// Counts of the schema, for pricing introspection.
#[derive(Default)]
struct Counts {
    types: f64,
    fields: f64,
    args: f64,
    input_fields: f64,
    enum_values: f64,
    interfaces: f64,
    possible: f64,
}

impl Model {
    /// The model of a schema, from its SDL. An SDL that does not parse gives an empty model
    /// (every field then costs 1), which the schema test would catch.
    pub fn from_sdl(sdl: &str) -> Model {
        let mut model = Model::default();
        let Ok(doc) = async_graphql::parser::parse_schema(sdl) else {
            tracing::error!("the schema's SDL does not parse: cost model empty");
            return model;
        };
        let mut counts = Counts::default();
        for def in &doc.definitions {
            let TypeSystemDefinition::Type(def) = def else {
                continue;
            };
            let def = &def.node;
            counts.types += 1.0;
            let type_name = def.name.node.to_string();
            let fields = match &def.kind {
                TypeKind::Object(o) => {
                    counts.interfaces += o.implements.len() as f64;
                    &o.fields
                }
                TypeKind::Interface(i) => &i.fields,
                TypeKind::Union(u) => {
                    counts.possible += u.members.len() as f64;
                    continue;
                }
                TypeKind::Enum(e) => {
                    counts.enum_values += e.values.len() as f64;
                    continue;
                }
                TypeKind::InputObject(i) => {
                    counts.input_fields += i.fields.len() as f64;
                    continue;
                }
                TypeKind::Scalar => continue,
            };
            let mut map = HashMap::new();
            for field in fields {
                let field = &field.node;
                counts.fields += 1.0;
                counts.args += field.arguments.len() as f64;
                let name = field.name.node.as_str();
                let (returns, list) = named(&field.ty.node);
                map.insert(
                    name.to_owned(),
                    price(&type_name, name, returns, list, &field.arguments),
                );
            }
            model.types.insert(type_name, map);
        }
        // the built-in scalars and introspection types are not in the SDL
        counts.types += 5.0 + 8.0;
        model.add_introspection(&counts);
        model
    }

    /// The field `name` of `type_name`, if the model knows it.
    pub fn field(&self, type_name: &str, name: &str) -> Option<&FieldCost> {
        self.types.get(type_name)?.get(name)
    }

    fn add_introspection(&mut self, c: &Counts) {
        let avg = |total: f64, per: f64| if per > 0.0 { total / per } else { 1.0 };
        let list = |returns: &str, factor: f64| FieldCost {
            returns: returns.into(),
            price: 1.0,
            multiplier: Multiplier::Fixed(factor),
        };
        let one = |returns: &str| FieldCost {
            returns: returns.into(),
            price: 1.0,
            multiplier: Multiplier::One,
        };
        let directives = 6.0;
        let type_fields = [
            ("fields", list("__Field", avg(c.fields, c.types))),
            ("interfaces", list("__Type", avg(c.interfaces, c.types))),
            ("possibleTypes", list("__Type", avg(c.possible, c.types))),
            (
                "enumValues",
                list("__EnumValue", avg(c.enum_values, c.types)),
            ),
            (
                "inputFields",
                list("__InputValue", avg(c.input_fields, c.types)),
            ),
            ("ofType", one("__Type")),
        ];
        let table: [(&str, Vec<(&str, FieldCost)>); 6] = [
            (
                "__Schema",
                vec![
                    ("types", list("__Type", c.types)),
                    ("queryType", one("__Type")),
                    ("mutationType", one("__Type")),
                    ("subscriptionType", one("__Type")),
                    ("directives", list("__Directive", directives)),
                ],
            ),
            ("__Type", type_fields.to_vec()),
            (
                "__Field",
                vec![
                    ("args", list("__InputValue", avg(c.args, c.fields))),
                    ("type", one("__Type")),
                ],
            ),
            ("__InputValue", vec![("type", one("__Type"))]),
            ("__EnumValue", vec![]),
            ("__Directive", vec![("args", list("__InputValue", 2.0))]),
        ];
        for (ty, fields) in table {
            let map = self.types.entry(ty.to_owned()).or_default();
            for (name, cost) in fields {
                map.insert(name.to_owned(), cost);
            }
        }
        if let Some(query) = self.types.get_mut("Query") {
            query.insert("__schema".into(), one("__Schema"));
            query.insert("__type".into(), one("__Type"));
        }
    }
}

/// The price and multiplier of one field of the schema.
fn price(
    type_name: &str,
    name: &str,
    returns: &str,
    list: bool,
    args: &[async_graphql::Positioned<async_graphql::parser::types::InputValueDefinition>],
) -> FieldCost {
    let has_arg = |arg: &str| args.iter().any(|a| a.node.name.node == arg);
    let multiplier = if returns.ends_with("Connection") && (has_arg("first") || has_arg("last")) {
        Multiplier::Page
    } else if type_name.ends_with("Connection") {
        // `edges` and `nodes`: the connection field already counted the page
        Multiplier::One
    } else if name == "nodes" && has_arg("ids") {
        Multiplier::Ids
    } else if has_arg("maxDepth") {
        Multiplier::Lineage
    } else if list {
        Multiplier::Fixed(LIST_ROWS)
    } else {
        Multiplier::One
    };
    let mut price = if TEXT_FIELDS.contains(&name) {
        TEXT_PRICE
    } else {
        1.0
    };
    if type_name == "Query"
        && let Some((_, extra)) = SQL_PRICES.iter().find(|(n, _)| *n == name)
    {
        price += extra;
    }
    FieldCost {
        returns: returns.to_owned(),
        price,
        multiplier,
    }
}
