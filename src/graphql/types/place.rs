//! `Place`: a country, historical state, region or city.

use crate::domain::alive::Spanned as _;
use async_graphql::{InputObject, Result};
use sea_orm::sea_query::{Alias, Condition};

use super::*;
use crate::domain::filter::Scope;
use crate::domain::links::ToMany::*;
use crate::entities::place::{self, Column};
use crate::error::AppError;
use crate::graphql::enums::{IsoStatus, PlaceKind};
use crate::graphql::filter::{
    Build, Certainty, EnumFilter, FilterInput, IdFilter, IntFilter, ListFilter, StringFilter,
    YearRange,
};
use crate::graphql::stored;

record_object! {
    /// A country, a historical state (the USSR, Yugoslavia), a region or a city.
    Place wraps place, filter PlaceFilter, order PlaceOrderField, curated Place;
    fields {
        /// When it was alive under the rules of "alive in a year": both readings' bounds,
        /// and where its end comes from (stated, or derived from a succession, a dated source,
        /// its body or its holder).
        async fn lifespan(&self) -> super::Lifespan {
            super::lifespan(&self.0)
        }
        /// Name.
        async fn name(&self) -> &str {
            &self.0.name
        }
        /// What kind of place it is.
        async fn kind(&self) -> Result<PlaceKind> {
            stored(&self.0.kind)
        }
        /// ISO 3166-1 alpha-2 code (not unique over time: codes are reused).
        async fn iso_alpha2(&self) -> Option<&str> {
            self.0.iso_alpha2.as_deref()
        }
        /// ISO 3166-1 alpha-3 code.
        async fn iso_alpha3(&self) -> Option<&str> {
            self.0.iso_alpha3.as_deref()
        }
        /// ISO 3166-1 numeric code.
        async fn iso_numeric(&self) -> Option<&str> {
            self.0.iso_numeric.as_deref()
        }
        /// ISO 3166-3 code of a former country, e.g. `SUHH` for the Soviet Union.
        #[graphql(name = "iso3166Part3")]
        async fn iso3166_3(&self) -> Option<&str> {
            self.0.iso3166_3.as_deref()
        }
        /// ISO 3166-2 code of a subdivision, e.g. `RU-SPE` for St. Petersburg.
        #[graphql(name = "iso3166Part2")]
        async fn iso3166_2(&self) -> Option<&str> {
            self.0.iso3166_2.as_deref()
        }
        /// Status of the alpha-2 code.
        async fn iso_status(&self) -> Result<Option<IsoStatus>> {
            self.0.iso_status.as_deref().map(stored).transpose()
        }
        /// Wikidata item, e.g. `Q15180`.
        async fn wikidata(&self) -> Option<&str> {
            self.0.wikidata.as_deref()
        }
        /// The name in use in `year`: a dated name variant if the sources date one
        /// (Leningrad in 1941), else the main name if the place existed then.
        async fn name_in(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The year.")] year: i32,
            #[graphql(desc = "How to read fuzzy dates.", default)] certainty: Certainty,
        ) -> Result<Option<String>> {
            let span = self.0.lifespan();
            let name = Some(self.0.name.as_str());
            super::asof::name_in(ctx, "place", self.0.id, name, span, year, certainty).await
        }
        /// The country or historical state this place belonged to in `year` (Leningrad in
        /// 1941: the USSR; St. Petersburg in 2013: Russia); when two periods meet within the
        /// year, the earlier one. A state that existed then is its own country.
        async fn country_in(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The year.")] year: i32,
            #[graphql(desc = "How to read fuzzy dates.", default)] certainty: Certainty,
        ) -> Result<Option<Place>> {
            let is_state = crate::domain::stats::STATE_KINDS.contains(&self.0.kind.as_str());
            if is_state && self.0.lifespan().holds(year, certainty.into()) {
                return Ok(Some(self.clone()));
            }
            super::asof::country_in(ctx, self.0.id, year, certainty).await
        }
    }
    dated {
        valid, valid_year_from, valid_year_to:
            "When the place existed under this identity, as EDTF.",
            "Earliest year of the validity.",
            "Latest year of the validity.";
    }
    connections {
        /// Organizations based in this state.
        organizations: Organization = PlaceOrganizations;
        /// Organizations located here (this is their city or finest known place).
        located_organizations: Organization = PlaceLocatedOrganizations;
        /// People of this nationality.
        nationals: Person = PlaceNationals;
        /// Events and series naming this place, in any role.
        event_places: EventPlace = PlaceEventPlaces;
        /// Events naming this place in any role.
        events: Event = PlaceEvents(None);
        /// Events held here.
        events_as_venue: Event = PlaceEvents(Some("venue"));
        /// Events (exchanges) that came from here.
        events_as_origin: Event = PlaceEvents(Some("origin"));
        /// Events (exchanges) that went here.
        events_as_destination: Event = PlaceEvents(Some("destination"));
        /// Places contained in this one (dated).
        parts: PlacePart = PlaceParts;
        /// Places containing this one (dated): a city's state over time.
        part_of: PlacePart = PlaceContainers;
        /// Works created here.
        works: Work = PlaceWorks;
        /// Statistics about this place.
        statistics: Statistic = Statistics("place");
        /// Relations in which this place is the subject.
        relations: Relation = RelationsAsSubject("place");
        /// Relations in which this place is the object.
        relations_as_object: Relation = RelationsAsObject("place");
    }
}

order_fields! {
    /// Fields places can be ordered by.
    PlaceOrderField for place {
        /// Slug.
        Slug => ("slug", Slug, Text, false),
        /// Name.
        Name => ("name", Name, Text, false),
        /// Kind.
        Kind => ("kind", Kind, Text, false),
        /// ISO alpha-2 code; none last.
        IsoAlpha2 => ("iso_alpha2", IsoAlpha2, Text, true),
    }
}

/// Conditions on places; every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct PlaceFilter {
    /// Global id.
    pub id: Option<IdFilter>,
    /// Slug.
    pub slug: Option<StringFilter>,
    /// Name.
    pub name: Option<StringFilter>,
    /// The main name or any name variant (another spelling, a former, short or other-language
    /// name): some one of them meets every operator given, e.g. `{containsCi: "rossotrud"}`.
    pub any_name: Option<StringFilter>,
    /// Kind.
    pub kind: Option<EnumFilter<PlaceKind>>,
    /// ISO 3166-1 alpha-2 code.
    pub iso_alpha2: Option<StringFilter>,
    /// ISO 3166-1 alpha-3 code.
    pub iso_alpha3: Option<StringFilter>,
    /// ISO 3166-3 code.
    #[graphql(name = "iso3166Part3")]
    pub iso3166_3: Option<StringFilter>,
    /// Earliest year of validity.
    pub valid_year_from: Option<IntFilter>,
    /// Latest year of validity.
    pub valid_year_to: Option<IntFilter>,
    /// Containment rows where this place is the part (its states over time).
    pub part_of: Option<Box<ListFilter<PlacePartFilter>>>,
    /// Organizations based in it.
    pub organizations: Option<Box<ListFilter<OrganizationFilter>>>,
    /// Event places naming it.
    pub event_places: Option<Box<ListFilter<EventPlaceFilter>>>,
    /// Its name variants.
    pub name_variants: Option<Box<ListFilter<NameVariantFilter>>>,
    /// Alive in this year, read as `certainty` says: within its `lifespan` (`from`–`to`
    /// possibly, the default; `certainFrom`–`certainTo` certainly), after the rules of
    /// "alive in a year" (a derived end, such as a body's succession, counts).
    pub active_in: Option<i32>,
    /// Alive at some time in this span of years, read as `certainty` says (see `activeIn`).
    pub during: Option<YearRange>,
    /// How `activeIn` and `during` read fuzzy dates: `POSSIBLY` (some reading of the dates meets
    /// the years) or `CERTAINLY` (every reading does; an open or uncertain end adds no years).
    #[graphql(default)]
    pub certainty: Certainty,
    /// All of these hold.
    pub and: Option<Vec<PlaceFilter>>,
    /// At least one of these holds.
    pub or: Option<Vec<PlaceFilter>>,
    /// This does not hold.
    pub not: Option<Box<PlaceFilter>>,
}

impl FilterInput for PlaceFilter {
    fn compile(&self, scope: &mut Scope, t: &Alias) -> Result<Condition, AppError> {
        let mut b = Build::new(scope, t);
        b.id::<place::Entity>("Place", &self.id)?;
        b.string(Column::Slug, &self.slug);
        b.string(Column::Name, &self.name);
        b.any_name("place", Column::Name, &self.any_name)?;
        b.enumeration(Column::Kind, &self.kind);
        b.string(Column::IsoAlpha2, &self.iso_alpha2);
        b.string(Column::IsoAlpha3, &self.iso_alpha3);
        b.string(Column::Iso31663, &self.iso3166_3);
        b.int(Column::ValidYearFrom, &self.valid_year_from);
        b.int(Column::ValidYearTo, &self.valid_year_to);
        b.many(PlaceContainers, &self.part_of)?;
        b.many(PlaceOrganizations, &self.organizations)?;
        b.many(PlaceEventPlaces, &self.event_places)?;
        b.many(NameVariants("place"), &self.name_variants)?;
        b.active(self.active_in, self.during, self.certainty)?;
        b.logic(&self.and, &self.or, &self.not)?;
        b.finish()
    }
}
