//! The columns a request reads of each record it loads, from the fields it selects: the same
//! catalog that tells the compiler where each field's value comes from
//! ([`crate::graphql::compile::field`]). A field the catalog does not map to plain columns
//! (`lineage`, `nameIn`, a field of another type in a polymorphic selection…) reads every
//! column.

use async_graphql::{Context, SelectionField};

use crate::domain::row::Columns;
use crate::graphql::compile;
use crate::graphql::connection::Wrap;

type Model<T> = <<T as Wrap>::Entity as sea_orm::EntityTrait>::Model;

/// The columns of `T` read by the selection of the current field, which returns `T` (one, a
/// list, or a union or interface `T` belongs to).
pub fn selected<T: Wrap>(ctx: &Context<'_>) -> Columns {
    of::<T>(ctx.field().selection_set())
}

/// The columns of `T` read by the selection of the current field, a connection of `T`: the
/// fields under `edges { node }` and `nodes`.
pub fn connection<T: Wrap>(ctx: &Context<'_>) -> Columns {
    let mut set = Columns::NONE;
    for field in ctx.field().selection_set() {
        match field.name() {
            "nodes" => set = set.union(of::<T>(field.selection_set())),
            "edges" => {
                for edge in field.selection_set().filter(|f| f.name() == "node") {
                    set = set.union(of::<T>(edge.selection_set()));
                }
            }
            _ => {}
        }
    }
    set
}

fn of<'a, T: Wrap>(fields: impl Iterator<Item = SelectionField<'a>>) -> Columns {
    let type_name = T::type_name();
    let mut names = Vec::new();
    for field in fields {
        if field.name() == "__typename" {
            continue;
        }
        let columns = compile::field(&type_name, field.name()).and_then(compile::Field::columns);
        match columns {
            Some(columns) => names.extend(columns),
            None => return Columns::ALL,
        }
    }
    Columns::of::<Model<T>>(names)
}
