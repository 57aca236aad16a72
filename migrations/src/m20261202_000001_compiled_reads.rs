//! What compiled reads need from the schema.
//!
//! - Every record table gains `gid`: the record's global id (`node(id:)`), base64url of
//!   `<Type>:<slug>`, stored so that a statement can write it on SQLite, which has no base64
//!   function. PostgreSQL fills it here; on SQLite the application fills every missing one at
//!   start-up and after each import (`coopgraph::domain::gid::fill`), in Rust.
//! - Composite indexes for the lists that filter a link table by role (the organizers of an
//!   event or a series are its participations with an organizer role, read per parent) and
//!   for events by kind and years.

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Record tables and their GraphQL type names.
const TABLES: &[(&str, &str)] = &[
    ("citation", "Citation"),
    ("event", "Event"),
    ("event_place", "EventPlace"),
    ("event_series", "EventSeries"),
    ("membership", "Membership"),
    ("name_variant", "NameVariant"),
    ("organization", "Organization"),
    ("organization_succession", "Succession"),
    ("participation", "Participation"),
    ("person", "Person"),
    ("place", "Place"),
    ("place_part_of", "PlacePart"),
    ("relation", "Relation"),
    ("source_document", "SourceDocument"),
    ("statistic", "Statistic"),
    ("work", "Work"),
];

/// (index name, table, columns).
const INDEXES: &[(&str, &str, &[&str])] = &[
    (
        "ix_participation_event_role",
        "participation",
        &["event_id", "role", "organization_id"],
    ),
    (
        "ix_participation_series_role",
        "participation",
        &["series_id", "role", "organization_id"],
    ),
    // `kind` and a window of years, the usual analyst's filter of events
    (
        "ix_event_kind_dates",
        "event",
        &["kind", "date_year_from", "date_year_to"],
    ),
    (
        "ix_participation_organization_role",
        "participation",
        &["organization_id", "role"],
    ),
];

fn id(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, type_name) in TABLES {
            let alter = Table::alter()
                .table(id(table))
                .add_column(string_null(id("gid")))
                .to_owned();
            manager.alter_table(alter).await?;
            if manager.get_database_backend() == DatabaseBackend::Postgres {
                // base64url without padding; encode() breaks lines every 76 characters
                let fill = format!(
                    "UPDATE \"{table}\" SET gid = rtrim(translate(encode(convert_to('{type_name}:' || slug, \
                     'UTF8'), 'base64'), '+/' || chr(10), '-_'), '=')"
                );
                manager.get_connection().execute_unprepared(&fill).await?;
            }
        }
        for (name, table, cols) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(id(table)).if_not_exists();
            for col in *cols {
                index.col(id(col));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(*name).table(id(table)).to_owned())
                .await?;
        }
        for (table, _) in TABLES {
            let alter = Table::alter()
                .table(id(table))
                .drop_column(id("gid"))
                .to_owned();
            manager.alter_table(alter).await?;
        }
        Ok(())
    }
}
