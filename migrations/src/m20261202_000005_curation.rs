//! Curated writes: a `version` on every record (bumped by each change, named by each update so
//! that a stale one is refused), the `change` history (who, when, which mutation, the record
//! before and after as JSON), and the stored answers of `Idempotency-Key` requests.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id(name: &str) -> Alias {
    Alias::new(name)
}

/// Every table that holds records of a kind (`Kind::ALL` at the time of this migration).
const RECORD_TABLES: [&str; 14] = [
    "source_document",
    "place",
    "place_part",
    "organization",
    "person",
    "event_series",
    "event",
    "work",
    "membership",
    "succession",
    "participation",
    "event_place",
    "relation",
    "statistic",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in RECORD_TABLES {
            let alter = Table::alter()
                .table(id(table))
                .add_column(integer(id("version")).default(1))
                .to_owned();
            manager.alter_table(alter).await?;
        }
        let change = Table::create()
            .table(id("change"))
            .if_not_exists()
            .col(pk_auto(id("id")))
            .col(big_integer(id("at")))
            .col(string(id("actor")))
            .col(string(id("mutation")))
            .col(string(id("record_type")))
            .col(integer(id("record_id")))
            .col(string(id("slug")))
            .col(integer_null(id("version_before")))
            .col(integer_null(id("version_after")))
            .col(text_null(id("before")))
            .col(text_null(id("after")))
            .col(integer_null(id("reverts")))
            .to_owned();
        manager.create_table(change).await?;
        let by_record = Index::create()
            .name("change_record")
            .table(id("change"))
            .col(id("record_type"))
            .col(id("record_id"))
            .to_owned();
        manager.create_index(by_record).await?;
        let by_time = Index::create()
            .name("change_at")
            .table(id("change"))
            .col(id("at"))
            .to_owned();
        manager.create_index(by_time).await?;
        let idempotency = Table::create()
            .table(id("idempotency_key"))
            .if_not_exists()
            .col(pk_auto(id("id")))
            .col(string(id("principal")))
            .col(string(id("key")))
            .col(string(id("request_hash")))
            .col(text_null(id("response")))
            .col(big_integer(id("created_at")))
            .to_owned();
        manager.create_table(idempotency).await?;
        let unique = Index::create()
            .name("idempotency_key_unique")
            .table(id("idempotency_key"))
            .col(id("principal"))
            .col(id("key"))
            .unique()
            .to_owned();
        manager.create_index(unique).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["idempotency_key", "change"] {
            manager
                .drop_table(Table::drop().table(id(table)).to_owned())
                .await?;
        }
        for table in RECORD_TABLES {
            let alter = Table::alter()
                .table(id(table))
                .drop_column(id("version"))
                .to_owned();
            manager.alter_table(alter).await?;
        }
        Ok(())
    }
}
