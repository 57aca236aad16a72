//! API keys for writes (`coopgraph keys create|list|revoke`): a non-secret `prefix` to find
//! the key by, the argon2id hash of the whole key (never the key itself), a name, a role
//! (`editor` or `admin`), and when it was made, last used and revoked (Unix seconds, UTC).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = Table::create()
            .table(id("api_key"))
            .if_not_exists()
            .col(pk_auto(id("id")))
            .col(string(id("prefix")).unique_key())
            .col(text(id("hash")))
            .col(string(id("name")))
            .col(string(id("role")))
            .col(big_integer(id("created_at")))
            .col(big_integer_null(id("last_used_at")))
            .col(big_integer_null(id("revoked_at")))
            .to_owned();
        manager.create_table(table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("api_key")).to_owned())
            .await
    }
}
