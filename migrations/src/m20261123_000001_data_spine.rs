//! The data spine: every table of the data model, with an index on every foreign key, every
//! year column and a unique index on every slug. Written with the portable schema helpers only,
//! so the same statements run on SQLite and PostgreSQL. Enums are stored as strings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Builds one record table: `id`, `slug`, `basis`, `note`, then the table's own columns.
struct TableBuilder {
    name: &'static str,
    create: TableCreateStatement,
    indexed: Vec<String>,
}

fn id(name: &str) -> Alias {
    Alias::new(name)
}

impl TableBuilder {
    fn new(name: &'static str) -> Self {
        let mut create = Table::create();
        create
            .table(id(name))
            .if_not_exists()
            .col(pk_auto(id("id")))
            .col(string(id("slug")))
            .col(string(id("basis")).default("stated").to_owned())
            .col(text_null(id("note")));
        Self {
            name,
            create,
            indexed: Vec::new(),
        }
    }

    fn col(mut self, def: ColumnDef) -> Self {
        self.create.col(def);
        self
    }

    fn index(mut self, col: &str) -> Self {
        self.indexed.push(col.to_owned());
        self
    }

    /// An EDTF date column plus its indexed `_year_from` / `_year_to` window.
    fn dated(self, name: &str) -> Self {
        let (from, to) = (format!("{name}_year_from"), format!("{name}_year_to"));
        self.col(text_null(id(name)))
            .col(integer_null(id(&from)))
            .col(integer_null(id(&to)))
            .index(&from)
            .index(&to)
    }

    /// Exactly one of two nullable columns is set (an exclusive arc).
    fn exactly_one(mut self, a: &str, b: &str) -> Self {
        let name = format!("ck_{}_{a}_xor_{b}", self.name);
        self.create.check((
            id(&name),
            Expr::col(id(a)).is_null().ne(Expr::col(id(b)).is_null()),
        ));
        self
    }

    /// An indexed foreign key to `to.id`.
    fn fk(mut self, col: &str, to: &str, required: bool) -> Self {
        let def = if required {
            integer(id(col))
        } else {
            integer_null(id(col))
        };
        self.create.col(def).foreign_key(
            ForeignKey::create()
                .name(format!("fk_{}_{col}", self.name))
                .from(id(self.name), id(col))
                .to(id(to), id("id"))
                .on_delete(ForeignKeyAction::Restrict)
                .on_update(ForeignKeyAction::Cascade),
        );
        self.index(col)
    }
}

/// Every table in creation order (a table only references tables before it).
fn tables() -> Vec<TableBuilder> {
    let t = TableBuilder::new;
    vec![
        t("source_document")
            .col(text(id("title")))
            .col(string(id("file_name")))
            .col(text_null(id("collection")))
            .col(text_null(id("publisher")))
            .col(string_null(id("language")))
            .col(text(id("text")))
            .col(string(id("sha256")))
            .dated("published"),
        t("place")
            .col(string(id("kind")))
            .col(text(id("name")))
            .col(string_null(id("iso_alpha2")))
            .col(string_null(id("iso_alpha3")))
            .col(string_null(id("iso_numeric")))
            .col(string_null(id("iso3166_3")))
            .col(string_null(id("iso3166_2")))
            .col(string_null(id("iso_status")))
            .col(string_null(id("wikidata")))
            .dated("valid")
            .index("kind")
            .index("iso_alpha2")
            .index("iso_alpha3")
            .index("iso3166_3"),
        t("place_part_of")
            .fk("place_id", "place", true)
            .fk("part_of_id", "place", true)
            .dated("valid"),
        t("organization")
            .col(text(id("name")))
            .col(string(id("kind")))
            .col(boolean(id("aggregate")).default(false).to_owned())
            .col(text_null(id("disciplines")))
            .col(text_null(id("purpose")))
            .col(text_null(id("description")))
            .fk("country_id", "place", false)
            .fk("place_id", "place", false)
            .fk("parent_id", "organization", false)
            .dated("founded")
            .dated("dissolved")
            .index("kind"),
        t("person")
            .col(text(id("name")))
            .col(text_null(id("occupations")))
            .col(text_null(id("description")))
            .fk("nationality_id", "place", false)
            .dated("born")
            .dated("died"),
        t("event_series")
            .col(text(id("name")))
            .col(string(id("kind")))
            .col(string_null(id("frequency")))
            .col(text_null(id("disciplines")))
            .col(text_null(id("formats")))
            .col(text_null(id("description")))
            .col(text_null(id("status")))
            .col(boolean(id("open_list")).default(false).to_owned())
            .dated("date")
            .index("kind"),
        t("event")
            .col(text(id("title")))
            .col(string(id("kind")))
            .col(integer_null(id("edition_number")))
            .col(text_null(id("theme")))
            .col(text_null(id("description")))
            .col(boolean(id("aggregate")).default(false).to_owned())
            .col(boolean(id("open_list")).default(false).to_owned())
            .fk("series_id", "event_series", false)
            .fk("parent_id", "event", false)
            .dated("date")
            .index("kind"),
        t("work")
            .col(string(id("kind")))
            .col(text(id("title")))
            .col(string_null(id("legislation_type")))
            .col(string_null(id("identifier")))
            .col(text_null(id("text")))
            .col(string_null(id("language")))
            .fk("creator_person_id", "person", false)
            .fk("creator_organization_id", "organization", false)
            .fk("passed_by_id", "organization", false)
            .fk("place_id", "place", false)
            .fk("series_id", "event_series", false)
            .dated("date")
            .index("kind"),
        t("membership")
            .col(string(id("role")))
            .col(text_null(id("label")))
            .col(integer_null(id("ordinal")))
            .fk("member_person_id", "person", false)
            .fk("member_organization_id", "organization", false)
            .fk("organization_id", "organization", true)
            .exactly_one("member_person_id", "member_organization_id")
            .dated("valid")
            .index("role"),
        t("organization_succession")
            .col(string(id("kind")))
            .fk("predecessor_id", "organization", true)
            .fk("successor_id", "organization", true)
            .fk("legal_act_id", "work", false)
            .dated("date"),
        t("participation")
            .col(string(id("role")))
            .col(text_null(id("label")))
            .fk("person_id", "person", false)
            .fk("organization_id", "organization", false)
            .fk("event_id", "event", false)
            .fk("series_id", "event_series", false)
            .exactly_one("person_id", "organization_id")
            .exactly_one("event_id", "series_id")
            .index("role"),
        t("event_place")
            .col(string(id("role")))
            .fk("event_id", "event", false)
            .fk("series_id", "event_series", false)
            .fk("place_id", "place", true)
            .exactly_one("event_id", "series_id")
            .index("role"),
        t("relation")
            .col(string(id("subject_type")))
            .col(integer(id("subject_id")))
            .col(string(id("predicate")))
            .col(string_null(id("object_type")))
            .col(integer_null(id("object_id")))
            .col(text_null(id("object_literal")))
            .col(text_null(id("label")))
            .exactly_one("object_id", "object_literal")
            .dated("valid")
            .index("subject_id")
            .index("object_id")
            .index("predicate"),
        t("statistic")
            .col(string(id("subject_type")))
            .col(integer(id("subject_id")))
            .col(string(id("indicator")))
            .col(big_integer(id("value")))
            .col(string(id("comparator")))
            .col(text_null(id("unit")))
            .col(string_null(id("per")))
            .col(text(id("value_text")))
            .col(text_null(id("as_of_text")))
            .dated("as_of")
            .index("subject_id")
            .index("indicator"),
        t("name_variant")
            .col(string(id("record_type")))
            .col(integer(id("record_id")))
            .col(integer(id("position")))
            .col(text(id("name")))
            .col(string(id("kind")))
            .col(string_null(id("lang")))
            .dated("valid")
            .index("record_id")
            .index("kind"),
        t("citation")
            .col(string(id("record_type")))
            .col(integer(id("record_id")))
            .col(integer(id("position")))
            .col(string_null(id("field")))
            .col(integer_null(id("line")))
            .col(text_null(id("quote")))
            .fk("document_id", "source_document", false)
            .index("record_id"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table.create).await?;
            let unique = Index::create()
                .name(format!("ux_{}_slug", table.name))
                .table(id(table.name))
                .col(id("slug"))
                .unique()
                .if_not_exists()
                .to_owned();
            manager.create_index(unique).await?;
            for col in &table.indexed {
                let index = Index::create()
                    .name(format!("ix_{}_{col}", table.name))
                    .table(id(table.name))
                    .col(id(col))
                    .if_not_exists()
                    .to_owned();
                manager.create_index(index).await?;
            }
        }
        // polymorphic lookups: the records a citation or a name belongs to
        for table in ["citation", "name_variant"] {
            let index = Index::create()
                .name(format!("ix_{table}_record"))
                .table(id(table))
                .col(id("record_type"))
                .col(id("record_id"))
                .if_not_exists()
                .to_owned();
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables().into_iter().rev() {
            manager
                .drop_table(Table::drop().table(id(table.name)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
