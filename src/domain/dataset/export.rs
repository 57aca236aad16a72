//! Reading the whole database back into the file format.

use sea_orm::{ConnectionTrait, DbErr};

use super::children::Children;
use super::format::*;
use super::table::{Resolver, Table};
use super::write::load_table;

/// Loads every table into a dataset, records in id order with their names and citations.
pub async fn export_dataset(db: &impl ConnectionTrait) -> Result<Dataset, DbErr> {
    let mut r = Resolver::default();
    let documents = load_table::<SourceDocumentRecord>(db, &mut r).await?;
    let places = load_table::<PlaceRecord>(db, &mut r).await?;
    let place_parts = load_table::<PlacePartRecord>(db, &mut r).await?;
    let organizations = load_table::<OrganizationRecord>(db, &mut r).await?;
    let persons = load_table::<PersonRecord>(db, &mut r).await?;
    let event_series = load_table::<EventSeriesRecord>(db, &mut r).await?;
    let events = load_table::<EventRecord>(db, &mut r).await?;
    let works = load_table::<WorkRecord>(db, &mut r).await?;
    let memberships = load_table::<MembershipRecord>(db, &mut r).await?;
    let successions = load_table::<SuccessionRecord>(db, &mut r).await?;
    let mut participations = load_table::<ParticipationRecord>(db, &mut r).await?;
    // roles derived from series and relations are rebuilt by the importer, never stated
    participations.retain(|p| p.derived_from.is_none());
    let event_places = load_table::<EventPlaceRecord>(db, &mut r).await?;
    let relations = load_table::<RelationRecord>(db, &mut r).await?;
    let statistics = load_table::<StatisticRecord>(db, &mut r).await?;
    let children = Children::load(db).await?;
    Ok(Dataset {
        source_documents: records::<SourceDocumentRecord>(documents, &r, &children),
        places: records::<PlaceRecord>(places, &r, &children),
        place_parts: records::<PlacePartRecord>(place_parts, &r, &children),
        organizations: records::<OrganizationRecord>(organizations, &r, &children),
        persons: records::<PersonRecord>(persons, &r, &children),
        memberships: records::<MembershipRecord>(memberships, &r, &children),
        successions: records::<SuccessionRecord>(successions, &r, &children),
        works: records::<WorkRecord>(works, &r, &children),
        event_series: records::<EventSeriesRecord>(event_series, &r, &children),
        events: records::<EventRecord>(events, &r, &children),
        participations: records::<ParticipationRecord>(participations, &r, &children),
        event_places: records::<EventPlaceRecord>(event_places, &r, &children),
        relations: records::<RelationRecord>(relations, &r, &children),
        statistics: records::<StatisticRecord>(statistics, &r, &children),
    })
}

fn records<T: Table>(mut models: Vec<T::Model>, r: &Resolver, children: &Children) -> Vec<T> {
    models.sort_by_key(T::model_id);
    models
        .iter()
        .map(|m| {
            let mut record = T::from_model(m, r);
            let (names, src) = children.entries(T::KIND, T::model_id(m), r);
            record.set_children(names, src);
            record
        })
        .collect()
}
