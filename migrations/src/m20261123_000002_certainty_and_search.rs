//! The certain reading of fuzzy dates and the full-text search index.
//!
//! - Every table whose records hold over a dated span gains `latest_start` and `earliest_end`:
//!   the latest year the record can have started and the earliest it can have ended, under any
//!   reading of its EDTF dates. The record *certainly* holds in a year between the two. The
//!   importer computes them with the EDTF parser; the application refills them once after this
//!   migration applies (see `coopgraph::db::migrate`).
//! - `search_entry` holds one row per searchable record: the original text (for snippets) and
//!   its folded form (lower case, accents and other scripts transliterated to ASCII), which is
//!   what the database indexes. PostgreSQL indexes a generated, weighted `tsvector` with GIN;
//!   SQLite an external-content FTS5 table over the folded columns.

use sea_orm_migration::sea_orm::DatabaseBackend;
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

const CERTAIN: [&str; 2] = ["latest_start", "earliest_end"];

fn id(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in SPANNED {
            for col in CERTAIN {
                // one column per statement: SQLite alters one column at a time
                let alter = Table::alter()
                    .table(id(table))
                    .add_column(integer_null(id(col)))
                    .to_owned();
                manager.alter_table(alter).await?;
                let index = Index::create()
                    .name(format!("ix_{table}_{col}"))
                    .table(id(table))
                    .col(id(col))
                    .if_not_exists()
                    .to_owned();
                manager.create_index(index).await?;
            }
        }
        let entry = Table::create()
            .table(id("search_entry"))
            .if_not_exists()
            .col(pk_auto(id("id")))
            .col(string(id("record_type")))
            .col(integer(id("record_id")))
            .col(text(id("title")))
            .col(text(id("names")))
            .col(text(id("body")))
            .col(text(id("title_folded")))
            .col(text(id("names_folded")))
            .col(text(id("body_folded")))
            .to_owned();
        manager.create_table(entry).await?;
        let record = Index::create()
            .name("ux_search_entry_record")
            .table(id("search_entry"))
            .col(id("record_type"))
            .col(id("record_id"))
            .unique()
            .if_not_exists()
            .to_owned();
        manager.create_index(record).await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS (\
                     setweight(to_tsvector('simple', title_folded), 'A') || \
                     setweight(to_tsvector('simple', names_folded), 'B') || \
                     setweight(to_tsvector('simple', body_folded), 'C')) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX IF NOT EXISTS ix_search_entry_document \
                     ON search_entry USING GIN (document)",
                )
                .await?;
            }
            DatabaseBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(\
                     title_folded, names_folded, body_folded, \
                     content='search_entry', content_rowid='id', \
                     tokenize='unicode61 remove_diacritics 2')",
                )
                .await?;
            }
            other => {
                return Err(DbErr::Migration(format!(
                    "full-text search supports PostgreSQL and SQLite, not {other:?}"
                )));
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            db.execute_unprepared("DROP TABLE IF EXISTS search_fts")
                .await?;
        }
        manager
            .drop_table(
                Table::drop()
                    .table(id("search_entry"))
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        for table in SPANNED {
            for col in CERTAIN {
                manager
                    .drop_index(
                        Index::drop()
                            .name(format!("ix_{table}_{col}"))
                            .table(id(table))
                            .to_owned(),
                    )
                    .await?;
                let alter = Table::alter()
                    .table(id(table))
                    .drop_column(id(col))
                    .to_owned();
                manager.alter_table(alter).await?;
            }
        }
        Ok(())
    }
}
