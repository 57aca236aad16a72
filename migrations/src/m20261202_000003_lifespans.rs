//! One meaning of "alive in a year" (`coopgraph::domain::alive`).
//!
//! - Every table whose records hold over a dated span gains the bounds the rules derive:
//!   `possible_start` and `possible_end`, the window of years the record can have held in
//!   (the possibly reading; `NULL` is open), beside the certain reading's `latest_start` and
//!   `earliest_end`; `end_basis` says where the end comes from (`stated`, `succession`, `state`,
//!   `body`, `holder`, `current`, `open`) and `end_ref` names the record it was derived
//!   from (`suc.auscr-usfs`, `org.usfs`, `doc.story`). The application fills them after
//!   every import and once after this migration applies (`coopgraph::db::migrate`).
//! - `participation.derived_from`: a role an event inherits from its series or from a
//!   relation is stored as a participation naming where it comes from; `NULL` for the
//!   participations the dataset states.
//! - `organization.name_status`: whether the sources give the name (`stated`, `inferred`,
//!   `not_given`); a name they do not give is a label, never shown as the name.
//! - `source_document.written`: the date the text was written, when it differs from its
//!   publication date (EDTF, with its year window).
//! - One noun, one name: `organization_succession` becomes `succession` and `place_part_of`
//!   becomes `place_part`, as their GraphQL types and dataset sections name them; the stored
//!   table names in `record_type` columns follow.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose records hold over a dated span.
const SPANNED: &[&str] = &[
    "place",
    "place_part_of",
    "organization",
    "event_series",
    "event",
    "membership",
    "organization_succession",
    "relation",
    "statistic",
    "name_variant",
];

/// Tables renamed to the noun their GraphQL type and dataset section use: (old, new).
const RENAMED: [(&str, &str); 2] = [
    ("organization_succession", "succession"),
    ("place_part_of", "place_part"),
];

/// Columns that store a table name: (table, column).
const TABLE_NAMES: [(&str, &str); 6] = [
    ("citation", "record_type"),
    ("name_variant", "record_type"),
    ("relation", "subject_type"),
    ("relation", "object_type"),
    ("statistic", "subject_type"),
    ("search_entry", "record_type"),
];

async fn rename(manager: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    let table = Table::rename().table(id(from), id(to)).to_owned();
    manager.rename_table(table).await?;
    for (table, column) in TABLE_NAMES {
        let update = Query::update()
            .table(id(table))
            .value(id(column), to)
            .and_where(Expr::col(id(column)).eq(from))
            .to_owned();
        manager.exec_stmt(update).await?;
    }
    Ok(())
}

fn id(name: &str) -> Alias {
    Alias::new(name)
}

async fn add(manager: &SchemaManager<'_>, table: &str, column: ColumnDef) -> Result<(), DbErr> {
    // one column per statement: SQLite alters one column at a time
    let mut column = column;
    let alter = Table::alter()
        .table(id(table))
        .add_column(&mut column)
        .to_owned();
    manager.alter_table(alter).await
}

async fn index(manager: &SchemaManager<'_>, table: &str, col: &str) -> Result<(), DbErr> {
    let index = Index::create()
        .name(format!("ix_{table}_{col}"))
        .table(id(table))
        .col(id(col))
        .if_not_exists()
        .to_owned();
    manager.create_index(index).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in SPANNED {
            for col in ["possible_start", "possible_end"] {
                add(manager, table, integer_null(id(col))).await?;
                index(manager, table, col).await?;
            }
            add(manager, table, string_null(id("end_basis"))).await?;
            add(manager, table, string_null(id("end_ref"))).await?;
        }
        add(manager, "organization", string_null(id("name_status"))).await?;
        add(manager, "participation", string_null(id("derived_from"))).await?;
        index(manager, "participation", "derived_from").await?;
        add(manager, "source_document", string_null(id("written"))).await?;
        add(
            manager,
            "source_document",
            integer_null(id("written_year_from")),
        )
        .await?;
        add(
            manager,
            "source_document",
            integer_null(id("written_year_to")),
        )
        .await?;
        for (from, to) in RENAMED {
            rename(manager, from, to).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (from, to) in RENAMED {
            rename(manager, to, from).await?;
        }
        let mut drops: Vec<(&str, &str)> = vec![
            ("participation", "derived_from"),
            ("organization", "name_status"),
            ("source_document", "written"),
            ("source_document", "written_year_from"),
            ("source_document", "written_year_to"),
        ];
        for table in SPANNED {
            for col in ["possible_start", "possible_end", "end_basis", "end_ref"] {
                drops.push((table, col));
            }
        }
        for (table, col) in drops {
            if col.starts_with("possible_") || col == "derived_from" {
                let drop = Index::drop()
                    .name(format!("ix_{table}_{col}"))
                    .table(id(table))
                    .to_owned();
                manager.drop_index(drop).await?;
            }
            let alter = Table::alter()
                .table(id(table))
                .drop_column(id(col))
                .to_owned();
            manager.alter_table(alter).await?;
        }
        Ok(())
    }
}
