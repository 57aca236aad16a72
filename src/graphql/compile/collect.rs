//! The fields a selection asks of an object type, as GraphQL's CollectFields says (spec
//! §6.3.2): `@skip` / `@include` applied, fragments (named and inline) included when their
//! type condition holds for the type, and fields with the same response key merged, first
//! occurrence first. Runs before validation, so it gives up (returns `None`) on anything
//! odd — an unknown fragment, a fragment cycle, an unknown directive — and validation then
//! reports it on the resolver path.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::Variables;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType, Selection,
    SelectionSet,
};
use async_graphql_value::{ConstValue, Value};

use super::catalog;

/// The variables of the operation, with their defaults.
pub struct Vars(HashMap<Name, ConstValue>);

impl Vars {
    /// The operation's variables: those given, else their defaults.
    pub fn of(op: &OperationDefinition, given: &Variables) -> Self {
        let mut vars = HashMap::new();
        for def in &op.variable_definitions {
            let name = def.node.name.node.clone();
            let value = given
                .get(&name)
                .cloned()
                .or_else(|| def.node.default_value.as_ref().map(|d| d.node.clone()));
            if let Some(value) = value {
                vars.insert(name, value);
            }
        }
        Vars(vars)
    }

    /// An argument value with its variables substituted (an unset variable is null).
    pub fn resolve(&self, value: &Value) -> ConstValue {
        let resolved: Result<ConstValue, ()> = value
            .clone()
            .into_const_with(|name| Ok(self.0.get(&name).cloned().unwrap_or(ConstValue::Null)));
        resolved.unwrap_or(ConstValue::Null)
    }
}

/// Gives every variable of the operation that the request leaves out its default, so that
/// `@skip(if: $v)` / `@include(if: $v)` read the default as GraphQL says (async-graphql reads
/// an absent variable there as null).
pub fn with_defaults(doc: &ExecutableDocument, name: Option<&str>, variables: &mut Variables) {
    let Some(op) = chosen(doc, name) else {
        return;
    };
    for def in &op.variable_definitions {
        let name = &def.node.name.node;
        if !variables.contains_key(name)
            && let Some(default) = &def.node.default_value
        {
            variables.insert(name.clone(), default.node.clone());
        }
    }
}

/// The operation a request runs: the named one, or the only one (async-graphql's choice:
/// an anonymous operation takes no name).
fn chosen<'a>(doc: &'a ExecutableDocument, name: Option<&str>) -> Option<&'a OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), None) => Some(&op.node),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(ops), Some(name)) => Some(&ops.get(name)?.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            Some(&ops.values().next()?.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// The operation a request runs, when it is a query.
pub fn operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    chosen(doc, name).filter(|op| op.ty == OperationType::Query)
}

/// One response key of a selection: the field and every selection set asked under it.
pub struct Collected<'a> {
    /// The response key (alias or name).
    pub key: &'a str,
    /// The field name.
    pub name: &'a str,
    /// The arguments of its first occurrence (validation makes the others equal).
    pub args: &'a [(
        async_graphql::Positioned<Name>,
        async_graphql::Positioned<Value>,
    )],
    /// The selection sets under it, in document order.
    pub sets: Vec<&'a SelectionSet>,
}

impl Collected<'_> {
    /// An argument, variables substituted; `None` when not given.
    pub fn arg(&self, vars: &Vars, name: &str) -> Option<ConstValue> {
        self.args
            .iter()
            .find(|(n, _)| n.node.as_str() == name)
            .map(|(_, v)| vars.resolve(&v.node))
            .filter(|v| *v != ConstValue::Null)
    }
}

/// Whether a fragment on `condition` applies to an object of type `ty`.
pub fn applies(condition: &str, ty: &str) -> bool {
    condition == ty
        || (condition == "Node" && catalog::is_record(ty))
        || (condition == "Agent" && matches!(ty, "Person" | "Organization"))
}

/// The document and variables selections are read with.
pub struct Reader<'a> {
    /// The document.
    pub doc: &'a ExecutableDocument,
    /// The variables.
    pub vars: &'a Vars,
}

impl<'a> Reader<'a> {
    /// Whether `@skip` / `@include` keep a selection; `None` for any other directive.
    fn kept(
        &self,
        directives: &[async_graphql::Positioned<async_graphql::parser::types::Directive>],
    ) -> Option<bool> {
        let mut keep = true;
        for d in directives {
            let cond = d
                .node
                .get_argument("if")
                .map(|v| self.vars.resolve(&v.node));
            let truth = matches!(cond, Some(ConstValue::Boolean(true)));
            match d.node.name.node.as_str() {
                "skip" => keep &= !truth,
                "include" => keep &= truth,
                _ => return None,
            }
        }
        Some(keep)
    }

    /// The fields `sets` ask of an object of type `ty`, merged by response key, in
    /// [`Reader::collect_all`]'s order.
    pub fn collect(&self, ty: &str, sets: &[&'a SelectionSet]) -> Option<Vec<Collected<'a>>> {
        let mut out: Vec<Collected<'a>> = Vec::new();
        let mut stack = Vec::new();
        for set in sets {
            self.walk(Some(ty), set, &mut out, &mut stack)?;
        }
        let order = self.collect_all(sets)?;
        let rank = |key: &str| order.iter().position(|c| c.key == key);
        out.sort_by_key(|c| rank(c.key));
        Some(out)
    }

    /// The fields `sets` ask of an object of any type: every fragment included whatever its
    /// type condition, keys in order of first occurrence. This is the order responses are
    /// written in, on both paths: a key first asked in a fragment on another type keeps that
    /// place (GraphQL would place it by its first occurrence for the object's own type; the
    /// two differ only when one key is selected both under and outside a type condition).
    pub fn collect_all(&self, sets: &[&'a SelectionSet]) -> Option<Vec<Collected<'a>>> {
        let mut out: Vec<Collected<'a>> = Vec::new();
        let mut stack = Vec::new();
        for set in sets {
            self.walk(None, set, &mut out, &mut stack)?;
        }
        Some(out)
    }

    fn walk(
        &self,
        ty: Option<&str>,
        set: &'a SelectionSet,
        out: &mut Vec<Collected<'a>>,
        stack: &mut Vec<&'a str>,
    ) -> Option<()> {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let f = &field.node;
                    if !self.kept(&f.directives)? {
                        continue;
                    }
                    let key = f.response_key().node.as_str();
                    match out.iter_mut().find(|c| c.key == key) {
                        Some(existing) => existing.sets.push(&f.selection_set.node),
                        None => out.push(Collected {
                            key,
                            name: f.name.node.as_str(),
                            args: &f.arguments,
                            sets: vec![&f.selection_set.node],
                        }),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if !self.kept(&spread.node.directives)? {
                        continue;
                    }
                    let name = spread.node.fragment_name.node.as_str();
                    if stack.contains(&name) || stack.len() > 64 {
                        return None;
                    }
                    let fragment = &self.doc.fragments.get(name)?.node;
                    if let Some(ty) = ty
                        && !applies(fragment.type_condition.node.on.node.as_str(), ty)
                    {
                        continue;
                    }
                    stack.push(name);
                    self.walk(ty, &fragment.selection_set.node, out, stack)?;
                    stack.pop();
                }
                Selection::InlineFragment(inline) => {
                    let i = &inline.node;
                    if !self.kept(&i.directives)? {
                        continue;
                    }
                    if let (Some(cond), Some(ty)) = (&i.type_condition, ty)
                        && !applies(cond.node.on.node.as_str(), ty)
                    {
                        continue;
                    }
                    if stack.len() > 64 {
                        return None;
                    }
                    self.walk(ty, &i.selection_set.node, out, stack)?;
                }
            }
        }
        Some(())
    }
}
