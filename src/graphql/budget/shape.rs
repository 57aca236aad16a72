//! The shape of an operation with its fragments inlined: fields, aliases, depth, repeated
//! fields and cost, computed without inlining anything.
//!
//! A fragment's summary does not depend on where it is spread (its type condition fixes its
//! parent type), so each fragment is summarised once and every spread reuses the summary:
//! the walk is linear in the document, however many times fragments spread each other
//! (`F1 { ...F0 ...F0 } … F24 { ...F23 ...F23 }` is 25 small steps, not 2^24). Counts
//! saturate instead of overflowing.

use std::collections::HashMap;

use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Variables};
use async_graphql_value::Value;

use super::model::{Model, Multiplier};
use crate::graphql::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// What an operation (or a fragment) amounts to once inlined.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Fields selected, counting every spread of a fragment.
    pub fields: u64,
    /// Aliased fields.
    pub aliases: u64,
    /// Deepest field nesting (a root field is depth 1).
    pub depth: u64,
    /// Most selections of one response key in one selection set.
    pub repeats: u64,
    /// Most directives on one field, spread or inline fragment.
    pub directives: u64,
    /// Estimated cost (see `model`).
    pub cost: f64,
    /// Response keys at the top level, with how often each is selected (through spreads
    /// and inline fragments too).
    top: HashMap<Name, u64>,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.fields = self.fields.saturating_add(other.fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.depth = self.depth.max(other.depth);
        self.repeats = self.repeats.max(other.repeats);
        self.directives = self.directives.max(other.directives);
        self.cost += other.cost;
        for (key, n) in &other.top {
            let entry = self.top.entry(key.clone()).or_default();
            *entry = entry.saturating_add(*n);
        }
    }

    /// Root fields of an operation: its distinct top-level response keys.
    pub fn root_fields(&self) -> u64 {
        self.top.len() as u64
    }
}

/// Walks one operation of a document.
pub struct Walker<'a> {
    doc: &'a ExecutableDocument,
    model: &'a Model,
    variables: &'a Variables,
    operation: &'a OperationDefinition,
    memo: HashMap<Name, Summary>,
    visiting: Vec<Name>,
}

impl<'a> Walker<'a> {
    /// A walker over `operation` of `doc`, with the request's variables.
    pub fn new(
        doc: &'a ExecutableDocument,
        operation: &'a OperationDefinition,
        model: &'a Model,
        variables: &'a Variables,
    ) -> Self {
        Walker {
            doc,
            model,
            variables,
            operation,
            memo: HashMap::new(),
            visiting: Vec::new(),
        }
    }

    /// The operation's summary.
    pub fn operation(&mut self) -> Summary {
        let root = match self.operation.ty {
            async_graphql::parser::types::OperationType::Query => "Query",
            async_graphql::parser::types::OperationType::Mutation => "Mutation",
            async_graphql::parser::types::OperationType::Subscription => "Subscription",
        };
        let set = &self.operation.selection_set.node;
        self.set(set, Some(root))
    }

    fn set(&mut self, set: &'a SelectionSet, parent: Option<&'a str>) -> Summary {
        let mut out = Summary::default();
        for item in &set.items {
            out.directives = out.directives.max(item.node.directives().len() as u64);
            match &item.node {
                Selection::Field(field) => {
                    let summary = self.field(&field.node, parent);
                    out.add(&summary);
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    let ty = match &inline.type_condition {
                        Some(cond) => Some(cond.node.on.node.as_str()),
                        None => parent,
                    };
                    let summary = self.set(&inline.selection_set.node, ty);
                    out.add(&summary);
                }
                Selection::FragmentSpread(spread) => {
                    let summary = self.fragment(&spread.node.fragment_name.node);
                    out.add(&summary);
                }
            }
        }
        let most = out.top.values().copied().max().unwrap_or(0);
        out.repeats = out.repeats.max(most);
        out
    }

    fn fragment(&mut self, name: &Name) -> Summary {
        if let Some(done) = self.memo.get(name) {
            return done.clone();
        }
        let Some(def) = self.doc.fragments.get(name) else {
            return Summary::default(); // validation reports the unknown fragment
        };
        if self.visiting.contains(name) {
            return Summary::default(); // a cycle: validation reports it
        }
        self.visiting.push(name.clone());
        let def = &def.node;
        let summary = self.set(
            &def.selection_set.node,
            Some(def.type_condition.node.on.node.as_str()),
        );
        self.visiting.pop();
        self.memo.insert(name.clone(), summary.clone());
        summary
    }

    fn field(&mut self, field: &'a Field, parent: Option<&'a str>) -> Summary {
        let cost = parent.and_then(|p| self.model.field(p, field.name.node.as_str()));
        let returns = cost.map(|c| c.returns.as_str());
        let children = self.set(&field.selection_set.node, returns);
        let (price, factor) = match cost {
            Some(c) => (c.price, self.factor(c.multiplier, field)),
            None => (1.0, 1.0),
        };
        let mut top = HashMap::new();
        top.insert(field.response_key().node.clone(), 1);
        Summary {
            fields: children.fields.saturating_add(1),
            aliases: children
                .aliases
                .saturating_add(u64::from(field.alias.is_some())),
            depth: children.depth.saturating_add(1),
            repeats: children.repeats,
            directives: children.directives,
            cost: price + factor * children.cost,
            top,
        }
    }

    fn factor(&self, multiplier: Multiplier, field: &Field) -> f64 {
        match multiplier {
            Multiplier::One => 1.0,
            Multiplier::Fixed(n) => n,
            Multiplier::Page => {
                let n = self
                    .int_arg(field, "first")
                    .or_else(|| self.int_arg(field, "last"))
                    .unwrap_or(DEFAULT_PAGE_SIZE as i64);
                n.clamp(0, MAX_PAGE_SIZE as i64) as f64
            }
            Multiplier::Ids => match self.arg(field, "ids") {
                Some(Value::List(items)) => items.len() as f64,
                _ => 1.0,
            },
            Multiplier::Lineage => {
                let depth = self.int_arg(field, "maxDepth").unwrap_or(10);
                2.0 * depth.clamp(1, crate::graphql::types::MAX_LINEAGE_DEPTH.into()) as f64
            }
        }
    }

    /// An argument's value, with variables replaced (by the request's value, else the
    /// variable's default).
    fn arg(&self, field: &Field, name: &str) -> Option<Value> {
        let (_, value) = field.arguments.iter().find(|(n, _)| n.node == name)?;
        match &value.node {
            Value::Variable(var) => self.variable(var),
            other => Some(other.clone()),
        }
    }

    fn variable(&self, var: &Name) -> Option<Value> {
        if let Some(value) = self.variables.get(var) {
            return Some(value.clone().into_value());
        }
        let def = self
            .operation
            .variable_definitions
            .iter()
            .find(|d| d.node.name.node == *var)?;
        def.node
            .default_value
            .as_ref()
            .map(|v: &Positioned<_>| v.node.clone().into_value())
    }

    fn int_arg(&self, field: &Field, name: &str) -> Option<i64> {
        match self.arg(field, name)? {
            Value::Number(n) => n.as_i64().or(Some(i64::MAX)),
            _ => None,
        }
    }
}
