//! What search by folded keys needs: a dictionary of the index's words and the version of the
//! folding the index was built with.
//!
//! - `search_term`: every distinct key of the index (`search_entry`'s folded columns), with its
//!   first letter, its last two letters, its length and how many entries hold it. A query word
//!   within its typo budget of one of these is searched as that word too; the `(initial, len)`
//!   and `(ending, len)` indexes find the candidates of a word without reading the whole
//!   dictionary (a word with a typo keeps its first letter or its last two).
//! - `search_state`: one row, the version of the folding rules the index was built with. The
//!   server rebuilds the index at start-up when its rules are newer, so the stored keys and the
//!   query's keys never disagree.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("search_term"))
                    .if_not_exists()
                    .col(string(id("key")).primary_key())
                    .col(string(id("initial")))
                    .col(string(id("ending")))
                    .col(integer(id("len")))
                    .col(integer(id("n")))
                    .to_owned(),
            )
            .await?;
        // a word's typo candidates keep its first letter or its last two
        for (name, column) in [
            ("ix_search_term_initial_len", "initial"),
            ("ix_search_term_ending_len", "ending"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .if_not_exists()
                        .name(name)
                        .table(id("search_term"))
                        .col(id(column))
                        .col(id("len"))
                        .to_owned(),
                )
                .await?;
        }
        // the words a query word is the start of: a range of keys compared byte by byte,
        // which SQLite's primary key index does and PostgreSQL's needs the "C" collation for
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "CREATE INDEX IF NOT EXISTS ix_search_term_key_c \
                     ON search_term (key COLLATE \"C\")",
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(id("search_state"))
                    .if_not_exists()
                    .col(integer(id("id")).primary_key())
                    .col(integer(id("version")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("search_state")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(id("search_term")).to_owned())
            .await
    }
}
