//! Inputs of the core records: source documents, places, place parts, organizations, persons.

use async_graphql::MaybeUndefined;

use super::maybe_stored;
use crate::graphql::enums::{IsoStatus, NameStatus, OrganizationKind, PlaceKind};

record_input! {
    /// The fields of a source document: a text the dataset cites. Leave out a field to keep it
    /// on update; send `null` to clear it.
    SourceDocumentInput for SourceDocument {
        /// Title. Required to create.
        title: MaybeUndefined<String>,
        /// The original file name of the text. Required to create.
        file_name: MaybeUndefined<String>,
        /// Collection the document belongs to.
        collection: MaybeUndefined<String>,
        /// Publisher.
        publisher: MaybeUndefined<String>,
        /// Publication date as EDTF, e.g. `2025`.
        published: MaybeUndefined<String>,
        /// When the text was written, as EDTF, where the text dates itself otherwise than its
        /// publication, e.g. `2015`.
        written: MaybeUndefined<String>,
        /// Language tag of the text, e.g. `en` or `ru`.
        language: MaybeUndefined<String>,
        /// The full text; citations point at its 1-based lines. Required to create. A changed
        /// text is refused if a stored citation would no longer find its quote on its line.
        text: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of a place: a country, historical state, region or city. Leave out a field
    /// to keep it on update; send `null` to clear it.
    PlaceInput for Place [names] {
        /// Kind of place. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        kind: MaybeUndefined<PlaceKind>,
        /// Name, e.g. `Soviet Union`. Required to create.
        name: MaybeUndefined<String>,
        /// ISO 3166-1 alpha-2 code, e.g. `SU`.
        iso_alpha2: MaybeUndefined<String>,
        /// ISO 3166-1 alpha-3 code, e.g. `SUN`.
        iso_alpha3: MaybeUndefined<String>,
        /// ISO 3166-1 numeric code, as text to keep leading zeros, e.g. `810`.
        iso_numeric: MaybeUndefined<String>,
        /// ISO 3166-3 code of a former country, e.g. `SUHH` for the Soviet Union.
        #[graphql(name = "iso3166Part3")]
        iso3166_3: MaybeUndefined<String>,
        /// ISO 3166-2 code of a subdivision, e.g. `RU-SPE` for St. Petersburg.
        #[graphql(name = "iso3166Part2")]
        iso3166_2: MaybeUndefined<String>,
        /// Status of the alpha-2 code.
        #[serde(serialize_with = "maybe_stored")]
        iso_status: MaybeUndefined<IsoStatus>,
        /// When the place existed as such, as EDTF, e.g. `1922-12-30/1991-12-26`.
        valid: MaybeUndefined<String>,
        /// Wikidata item id, e.g. `Q15180`.
        wikidata: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of a place part: one place contained in another over a time, e.g. a city in
    /// a state. Leave out a field to keep it on update; send `null` to clear it.
    PlacePartInput for PlacePart {
        /// Slug of the contained place, e.g. `saint-petersburg`. Required to create.
        place: MaybeUndefined<String>,
        /// Slug of the containing place, e.g. `ussr`. Required to create.
        part_of: MaybeUndefined<String>,
        /// When the containment held, as EDTF, e.g. `1922-12-30/1991-12-26`.
        valid: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of an organization: any body, including an aggregate standing for an
    /// unnamed set. Leave out a field to keep it on update; send `null` to clear it.
    OrganizationInput for Organization [names] {
        /// Name as the sources give it; when they give none (`nameStatus` NOT_GIVEN), the
        /// label a reader is shown. Required to create.
        name: MaybeUndefined<String>,
        /// Whether the sources give the name; default STATED.
        #[serde(serialize_with = "maybe_stored")]
        name_status: MaybeUndefined<NameStatus>,
        /// Kind of organization. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        kind: MaybeUndefined<OrganizationKind>,
        /// Slug of the place (state) it was based in, e.g. `ussr`.
        country: MaybeUndefined<String>,
        /// Slug of the finest place known for it, e.g. `moscow`.
        place: MaybeUndefined<String>,
        /// Slug of the organization it is a structural part of.
        parent: MaybeUndefined<String>,
        /// Founding date as EDTF, e.g. `1925` or `1958-02`.
        founded: MaybeUndefined<String>,
        /// Dissolution date as EDTF, e.g. `1992`.
        dissolved: MaybeUndefined<String>,
        /// True: the record stands for an unnamed set ("Soviet cultural centres"); default
        /// false.
        aggregate: MaybeUndefined<bool>,
        /// Disciplines, e.g. `["music", "film"]`; replaces the list as a whole.
        disciplines: MaybeUndefined<Vec<String>>,
        /// Stated purpose.
        purpose: MaybeUndefined<String>,
        /// Description.
        description: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of a person. Leave out a field to keep it on update; send `null` to clear
    /// it.
    PersonInput for Person [names] {
        /// Name as the sources give it (misspellings go in `names` as SOURCE_ERROR). Required
        /// to create.
        name: MaybeUndefined<String>,
        /// Birth date as EDTF, e.g. `1893` or `189X`.
        born: MaybeUndefined<String>,
        /// Death date as EDTF, e.g. `1930-04-14`.
        died: MaybeUndefined<String>,
        /// Slug of the place of nationality, e.g. `ussr`.
        nationality: MaybeUndefined<String>,
        /// Occupations as the sources give them, e.g. `["poet"]`; replaces the list as a whole.
        occupations: MaybeUndefined<Vec<String>>,
        /// Description.
        description: MaybeUndefined<String>,
    }
}
