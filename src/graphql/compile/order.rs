//! Response keys in selection order on the resolver path.
//!
//! async-graphql 7 resolves an object's fields concurrently and writes each as it completes,
//! so a field that waits on a batch (a page, a count) lands after one that did not, whatever
//! the query asked. GraphQL orders a response's keys as the fields were selected; this pass
//! puts them back in that order, the order the compiled path writes
//! ([`super::collect::Reader::collect_all`]).

use async_graphql::Variables;
use async_graphql::parser::types::{ExecutableDocument, SelectionSet};
use async_graphql_value::ConstValue;

use super::collect::{Reader, Vars, operation};

/// Puts every object of `data` in selection order (a no-op on data already in order).
pub fn in_selection_order(
    data: &mut ConstValue,
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
) {
    let Some(op) = operation(doc, operation_name) else {
        return;
    };
    let vars = Vars::of(op, variables);
    let reader = Reader { doc, vars: &vars };
    reorder(&reader, data, &[&op.selection_set.node]);
}

fn reorder<'a>(reader: &Reader<'a>, value: &mut ConstValue, sets: &[&'a SelectionSet]) {
    match value {
        ConstValue::List(items) => {
            for item in items {
                reorder(reader, item, sets);
            }
        }
        ConstValue::Object(map) => {
            let Some(fields) = reader.collect_all(sets) else {
                return;
            };
            let in_order = map
                .keys()
                .zip(fields.iter().filter(|f| map.contains_key(f.key)))
                .all(|(k, f)| k.as_str() == f.key);
            if !in_order {
                let mut sorted = async_graphql::indexmap::IndexMap::with_capacity(map.len());
                for f in &fields {
                    if let Some((k, v)) = map.shift_remove_entry(f.key) {
                        sorted.insert(k, v);
                    }
                }
                // anything the selection does not name (none expected) keeps its place after
                sorted.extend(std::mem::take(map));
                *map = sorted;
            }
            for f in &fields {
                if let Some(child) = map.get_mut(f.key) {
                    reorder(reader, child, &f.sets);
                }
            }
        }
        _ => {}
    }
}
