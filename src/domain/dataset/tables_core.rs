//! `Table` impls for documents, places, containment, organizations and persons.

use sha2::{Digest, Sha256};

use super::format::*;
use super::kind::Kind;
use super::parse::{TextSource, resolve_text};
use super::table::*;
use crate::entities::{organization, person, place, place_part, source_document};

impl Table for SourceDocumentRecord {
    type Entity = source_document::Entity;
    type Model = source_document::Model;
    type Active = source_document::ActiveModel;
    const KIND: Kind = Kind::SourceDocument;
    const SECTION: &'static str = "source_documents";
    common_accessors!();

    fn list(ds: &Dataset) -> &Vec<Self> {
        &ds.source_documents
    }
    fn list_mut(ds: &mut Dataset) -> &mut Vec<Self> {
        &mut ds.source_documents
    }
    fn refs(&self) -> Vec<Ref<'_>> {
        vec![]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        let published = self.published.as_deref().map(|d| ("published", d));
        let written = self.written.as_deref().map(|d| ("written", d));
        published.into_iter().chain(written).collect()
    }
    fn to_model(&self, id: i32, _: &Resolver) -> Self::Model {
        let text = self.text.clone().unwrap_or_default();
        let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
        let (published, published_year_from, published_year_to) = window(&self.published);
        let (written, written_year_from, written_year_to) = window(&self.written);
        source_document::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            title: self.title.clone(),
            file_name: self.file_name.clone(),
            collection: self.collection.clone(),
            publisher: self.publisher.clone(),
            language: self.language.clone(),
            text,
            sha256,
            published,
            published_year_from,
            published_year_to,
            written,
            written_year_from,
            written_year_to,
        }
    }
    fn from_model(m: &Self::Model, _: &Resolver) -> Self {
        SourceDocumentRecord {
            slug: m.slug.clone(),
            title: m.title.clone(),
            file_name: m.file_name.clone(),
            collection: m.collection.clone(),
            publisher: m.publisher.clone(),
            published: m.published.clone(),
            written: m.written.clone(),
            language: m.language.clone(),
            text_file: None,
            text: Some(m.text.clone()),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
    fn id_column() -> source_document::Column {
        source_document::Column::Id
    }
    fn prepare(&mut self, texts: &TextSource) -> Result<(), String> {
        resolve_text(self, texts)
    }
}

impl Table for PlaceRecord {
    type Entity = place::Entity;
    type Model = place::Model;
    type Active = place::ActiveModel;
    const KIND: Kind = Kind::Place;
    const SECTION: &'static str = "places";
    const HAS_NAMES: bool = true;
    common_accessors!();

    fn list(ds: &Dataset) -> &Vec<Self> {
        &ds.places
    }
    fn list_mut(ds: &mut Dataset) -> &mut Vec<Self> {
        &mut ds.places
    }
    fn refs(&self) -> Vec<Ref<'_>> {
        vec![]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        self.valid
            .as_deref()
            .map(|d| ("valid", d))
            .into_iter()
            .collect()
    }
    fn to_model(&self, id: i32, _: &Resolver) -> Self::Model {
        let (valid, valid_year_from, valid_year_to) = window(&self.valid);
        let certain = certain(&self.valid);
        place::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            kind: self.kind.as_str().into(),
            name: self.name.clone(),
            iso_alpha2: self.iso_alpha2.clone(),
            iso_alpha3: self.iso_alpha3.clone(),
            iso_numeric: self.iso_numeric.clone(),
            iso3166_3: self.iso3166_3.clone(),
            iso3166_2: self.iso3166_2.clone(),
            iso_status: self.iso_status.map(|s| s.as_str().into()),
            wikidata: self.wikidata.clone(),
            valid,
            valid_year_from,
            valid_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, _: &Resolver) -> Self {
        PlaceRecord {
            slug: m.slug.clone(),
            kind: stored(&m.kind, PlaceKind::parse, PlaceKind::Region),
            name: m.name.clone(),
            iso_alpha2: m.iso_alpha2.clone(),
            iso_alpha3: m.iso_alpha3.clone(),
            iso_numeric: m.iso_numeric.clone(),
            iso3166_3: m.iso3166_3.clone(),
            iso3166_2: m.iso3166_2.clone(),
            iso_status: m.iso_status.as_deref().and_then(IsoStatus::parse),
            valid: m.valid.clone(),
            wikidata: m.wikidata.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
    fn id_column() -> place::Column {
        place::Column::Id
    }
}

impl Table for PlacePartRecord {
    type Entity = place_part::Entity;
    type Model = place_part::Model;
    type Active = place_part::ActiveModel;
    const KIND: Kind = Kind::PlacePart;
    const SECTION: &'static str = "place_parts";
    common_accessors!();

    fn list(ds: &Dataset) -> &Vec<Self> {
        &ds.place_parts
    }
    fn list_mut(ds: &mut Dataset) -> &mut Vec<Self> {
        &mut ds.place_parts
    }
    fn refs(&self) -> Vec<Ref<'_>> {
        vec![
            Ref::Bare("place", Kind::Place, &self.place),
            Ref::Bare("part_of", Kind::Place, &self.part_of),
        ]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        self.valid
            .as_deref()
            .map(|d| ("valid", d))
            .into_iter()
            .collect()
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (valid, valid_year_from, valid_year_to) = window(&self.valid);
        let certain = certain(&self.valid);
        place_part::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            place_id: r.id(Kind::Place, &self.place),
            part_of_id: r.id(Kind::Place, &self.part_of),
            valid,
            valid_year_from,
            valid_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        PlacePartRecord {
            slug: m.slug.clone(),
            place: r.slug(Kind::Place, m.place_id),
            part_of: r.slug(Kind::Place, m.part_of_id),
            valid: m.valid.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
    fn id_column() -> place_part::Column {
        place_part::Column::Id
    }
}

impl Table for OrganizationRecord {
    type Entity = organization::Entity;
    type Model = organization::Model;
    type Active = organization::ActiveModel;
    const KIND: Kind = Kind::Organization;
    const SECTION: &'static str = "organizations";
    const HAS_NAMES: bool = true;
    common_accessors!();

    fn list(ds: &Dataset) -> &Vec<Self> {
        &ds.organizations
    }
    fn list_mut(ds: &mut Dataset) -> &mut Vec<Self> {
        &mut ds.organizations
    }
    fn refs(&self) -> Vec<Ref<'_>> {
        let mut refs = Vec::new();
        if let Some(s) = &self.country {
            refs.push(Ref::Bare("country", Kind::Place, s));
        }
        if let Some(s) = &self.place {
            refs.push(Ref::Bare("place", Kind::Place, s));
        }
        if let Some(s) = &self.parent {
            refs.push(Ref::Bare("parent", Kind::Organization, s));
        }
        refs
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        let mut dates = Vec::new();
        if let Some(d) = &self.founded {
            dates.push(("founded", d.as_str()));
        }
        if let Some(d) = &self.dissolved {
            dates.push(("dissolved", d.as_str()));
        }
        dates
    }
    fn self_ref(&self) -> Option<&str> {
        self.parent.as_deref()
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (founded, founded_year_from, founded_year_to) = window(&self.founded);
        let (dissolved, dissolved_year_from, dissolved_year_to) = window(&self.dissolved);
        let certain = certain_between(&self.founded, &self.dissolved);
        organization::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            name: self.name.clone(),
            name_status: Some(self.name_status.as_str().into()),
            kind: self.kind.as_str().into(),
            aggregate: self.aggregate,
            disciplines: list_to_db(&self.disciplines),
            purpose: self.purpose.clone(),
            description: self.description.clone(),
            country_id: r.opt(Kind::Place, &self.country),
            place_id: r.opt(Kind::Place, &self.place),
            parent_id: r.opt(Kind::Organization, &self.parent),
            founded,
            founded_year_from,
            founded_year_to,
            dissolved,
            dissolved_year_from,
            dissolved_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        OrganizationRecord {
            slug: m.slug.clone(),
            name: m.name.clone(),
            name_status: m
                .name_status
                .as_deref()
                .and_then(NameStatus::parse)
                .unwrap_or_default(),
            kind: stored(
                &m.kind,
                OrganizationKind::parse,
                OrganizationKind::Institution,
            ),
            country: r.opt_slug(Kind::Place, m.country_id),
            place: r.opt_slug(Kind::Place, m.place_id),
            parent: r.opt_slug(Kind::Organization, m.parent_id),
            founded: m.founded.clone(),
            dissolved: m.dissolved.clone(),
            aggregate: m.aggregate,
            disciplines: list_from_db(&m.disciplines),
            purpose: m.purpose.clone(),
            description: m.description.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
    fn id_column() -> organization::Column {
        organization::Column::Id
    }
}

impl Table for PersonRecord {
    type Entity = person::Entity;
    type Model = person::Model;
    type Active = person::ActiveModel;
    const KIND: Kind = Kind::Person;
    const SECTION: &'static str = "persons";
    const HAS_NAMES: bool = true;
    common_accessors!();

    fn list(ds: &Dataset) -> &Vec<Self> {
        &ds.persons
    }
    fn list_mut(ds: &mut Dataset) -> &mut Vec<Self> {
        &mut ds.persons
    }
    fn refs(&self) -> Vec<Ref<'_>> {
        self.nationality
            .as_deref()
            .map(|s| Ref::Bare("nationality", Kind::Place, s))
            .into_iter()
            .collect()
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        let mut dates = Vec::new();
        if let Some(d) = &self.born {
            dates.push(("born", d.as_str()));
        }
        if let Some(d) = &self.died {
            dates.push(("died", d.as_str()));
        }
        dates
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (born, born_year_from, born_year_to) = window(&self.born);
        let (died, died_year_from, died_year_to) = window(&self.died);
        person::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            name: self.name.clone(),
            occupations: list_to_db(&self.occupations),
            description: self.description.clone(),
            nationality_id: r.opt(Kind::Place, &self.nationality),
            born,
            born_year_from,
            born_year_to,
            died,
            died_year_from,
            died_year_to,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        PersonRecord {
            slug: m.slug.clone(),
            name: m.name.clone(),
            born: m.born.clone(),
            died: m.died.clone(),
            nationality: r.opt_slug(Kind::Place, m.nationality_id),
            occupations: list_from_db(&m.occupations),
            description: m.description.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
    fn id_column() -> person::Column {
        person::Column::Id
    }
}
