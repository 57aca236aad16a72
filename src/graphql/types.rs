//! GraphQL output types; each wraps an entity model.

use async_graphql::{Context, Object, Result, SimpleObject, dataloader::DataLoader};

use super::{PlaceLoader, to_gql};
use crate::entities::{organization, person, place, source_document};
use crate::error::AppError;

/// A body: society, union, agency, centre, ensemble… or an aggregate standing for an unnamed set.
pub struct Organization(pub organization::Model);

/// A body: society, union, agency, centre, ensemble… or an aggregate standing for an unnamed set.
#[Object]
impl Organization {
    /// Stable identifier, unique among organizations.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// Main name (misspellings found in the sources are name variants, never this).
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Kind, e.g. `friendship_society`, `professional_union`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// True when the record stands for an unnamed set, e.g. "Soviet cultural centres".
    async fn aggregate(&self) -> bool {
        self.0.aggregate
    }
    /// Founding date as EDTF, e.g. `1925-04` or `[1970..1989]`.
    async fn founded(&self) -> Option<&str> {
        self.0.founded.as_deref()
    }
    /// Earliest possible founding year.
    async fn founded_year_from(&self) -> Option<i32> {
        self.0.founded_year_from
    }
    /// Latest possible founding year.
    async fn founded_year_to(&self) -> Option<i32> {
        self.0.founded_year_to
    }
    /// Dissolution date as EDTF.
    async fn dissolved(&self) -> Option<&str> {
        self.0.dissolved.as_deref()
    }
    /// The state the body was based in (may be a historical state).
    async fn country(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        load_place(ctx, self.0.country_id).await
    }
    /// Where the record comes from: `stated`, `inferred` or `external`.
    async fn basis(&self) -> &str {
        &self.0.basis
    }
}

/// A person.
pub struct Person(pub person::Model);

/// A person.
#[Object]
impl Person {
    /// Stable identifier, unique among people.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// Name as the sources give it.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Nationality.
    async fn nationality(&self, ctx: &Context<'_>) -> Result<Option<Place>> {
        load_place(ctx, self.0.nationality_id).await
    }
}

/// A country, historical state, region or city.
pub struct Place(pub place::Model);

/// A country, historical state, region or city.
#[Object]
impl Place {
    /// Stable identifier, unique among places.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// `country`, `historical_state`, `region` or `city`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// ISO 3166-1 alpha-2 code (not unique over time: codes are reused).
    async fn iso_alpha2(&self) -> Option<&str> {
        self.0.iso_alpha2.as_deref()
    }
    /// ISO 3166-3 code of a former country, e.g. `SUHH` for the Soviet Union.
    #[graphql(name = "iso3166Part3")]
    async fn iso3166_3(&self) -> Option<&str> {
        self.0.iso3166_3.as_deref()
    }
}

/// A source text every citation quotes.
pub struct SourceDocument(pub source_document::Model);

/// A source text every citation quotes.
#[Object]
impl SourceDocument {
    /// Stable identifier, used in citations (`story:14 | …`).
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// Title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Original file name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// Publication date as EDTF.
    async fn published(&self) -> Option<&str> {
        self.0.published.as_deref()
    }
    /// SHA-256 of the text, hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// Number of lines of the text.
    async fn line_count(&self) -> usize {
        self.0.text.lines().count()
    }
}

/// How many rows a table holds.
#[derive(SimpleObject)]
pub struct TableCount {
    /// Table name.
    pub table: String,
    /// Row count.
    pub count: u64,
}

async fn load_place(ctx: &Context<'_>, id: Option<i32>) -> Result<Option<Place>> {
    let Some(id) = id else { return Ok(None) };
    let loader = ctx.data::<DataLoader<PlaceLoader>>()?;
    let place = loader
        .load_one(id)
        .await
        .map_err(|e| to_gql(AppError::Internal(e.to_string())))?;
    Ok(place.map(Place))
}
