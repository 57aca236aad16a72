//! Roles in one place: an event's organizers, inviters, hosts… include those stated on its
//! series and those stated in relations of a known kind. Each such role is stored as a
//! participation of the event (or series) that names where it comes from in
//! `derived_from`, so that one filter (`participants: {some: {role: …}}`) and one list
//! answer "events at X's invitation". Derived participations are rebuilt on every import
//! and never exported: the dataset states each role once, where the source states it.

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

use crate::domain::dataset::format::{ParticipationRole, Predicate};

/// Roles a series' events inherit from the series: who runs, hosts, invites, sends or
/// backs the whole series does so for each of its events. Performers, participants,
/// visitors, recipients, authors and subjects are each event's own.
pub const INHERITED: [ParticipationRole; 8] = [
    ParticipationRole::Organizer,
    ParticipationRole::CoOrganizer,
    ParticipationRole::Initiator,
    ParticipationRole::Host,
    ParticipationRole::Inviter,
    ParticipationRole::Sender,
    ParticipationRole::Supporter,
    ParticipationRole::Facilitator,
];

/// Relation predicates that state a role, when the relation's object is an event or series
/// and its subject a person or organization.
pub const FROM_RELATIONS: [(Predicate, ParticipationRole); 2] = [
    (Predicate::Initiated, ParticipationRole::Initiator),
    (Predicate::ParticipatedIn, ParticipationRole::Participant),
];

/// A role: (role, person, organization, event, series).
type Role = (String, Option<i32>, Option<i32>, Option<i32>, Option<i32>);

struct Derived {
    role: Role,
    slug: String,
    from: String,
}

/// Rebuilds every derived participation.
pub async fn derive(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute_unprepared("DELETE FROM participation WHERE derived_from IS NOT NULL")
        .await?;
    let stated = "SELECT p.role, p.person_id, p.organization_id, p.event_id, p.series_id, \
                  p.slug FROM participation p ORDER BY p.id";
    let mut have: HashSet<Role> = HashSet::new();
    let mut slugs: HashSet<String> = HashSet::new();
    let mut on_series: Vec<(Role, String)> = Vec::new();
    for row in &db
        .query_all_raw(Statement::from_string(backend, stated))
        .await?
    {
        let role: Role = (
            row.try_get_by_index(0)?,
            row.try_get_by_index(1)?,
            row.try_get_by_index(2)?,
            row.try_get_by_index(3)?,
            row.try_get_by_index(4)?,
        );
        let slug: String = row.try_get_by_index(5)?;
        if role.4.is_some() {
            on_series.push((role.clone(), format!("part.{slug}")));
        }
        have.insert(role);
        slugs.insert(slug);
    }
    let mut derived: Vec<Derived> = Vec::new();
    let mut add = |role: Role, slug: String, from: String, derived: &mut Vec<Derived>| {
        if have.insert(role.clone()) {
            derived.push(Derived { role, slug, from });
        }
    };
    // relations first: a role they give a series is then inherited by its events
    for (predicate, role) in FROM_RELATIONS {
        let sql = format!(
            "SELECT r.slug, r.subject_type, r.subject_id, r.object_type, r.object_id \
             FROM relation r WHERE r.predicate = '{}' AND r.object_type IN ('event', 'event_series') \
             AND r.subject_type IN ('person', 'organization') ORDER BY r.id",
            predicate.as_str()
        );
        for row in &db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            let slug: String = row.try_get_by_index(0)?;
            let subject_type: String = row.try_get_by_index(1)?;
            let subject: i32 = row.try_get_by_index(2)?;
            let object_type: String = row.try_get_by_index(3)?;
            let object: i32 = row.try_get_by_index(4)?;
            let person = (subject_type == "person").then_some(subject);
            let org = (subject_type == "organization").then_some(subject);
            let (event, series) = if object_type == "event" {
                (Some(object), None)
            } else {
                (None, Some(object))
            };
            let r: Role = (role.as_str().to_owned(), person, org, event, series);
            let from = format!("rel.{slug}");
            let name = format!("{slug}-{}", role.as_str().replace('_', "-"));
            if series.is_some() {
                on_series.push((r.clone(), from.clone()));
            }
            add(r, name, from, &mut derived);
        }
    }
    // then each event inherits its series' roles
    let sql = "SELECT id, slug, series_id FROM event WHERE series_id IS NOT NULL ORDER BY id";
    let events = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let inherited: Vec<&str> = INHERITED.iter().map(|r| r.as_str()).collect();
    let mut by_series: std::collections::HashMap<i32, Vec<(Role, String)>> =
        std::collections::HashMap::new();
    for (role, from) in on_series {
        if let Some(series) = role.4
            && inherited.contains(&role.0.as_str())
        {
            by_series.entry(series).or_default().push((role, from));
        }
    }
    for row in &events {
        let event: i32 = row.try_get_by_index(0)?;
        let event_slug: String = row.try_get_by_index(1)?;
        let series: i32 = row.try_get_by_index(2)?;
        let Some(roles) = by_series.get(&series) else {
            continue;
        };
        for ((role, person, org, _, _), from) in roles {
            let r: Role = (role.clone(), *person, *org, Some(event), None);
            let source = from.split_once('.').map_or(from.as_str(), |(_, s)| s);
            let slug = format!("{event_slug}-inherits-{source}");
            add(r, slug, from.clone(), &mut derived);
        }
    }
    insert(db, &derived, slugs).await
}

/// Inserts the derived participations, each slug unique among all (`taken`).
async fn insert(
    db: &impl ConnectionTrait,
    rows: &[Derived],
    mut taken: HashSet<String>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    for chunk in rows.chunks(100) {
        let mut values: Vec<Value> = Vec::new();
        let mut tuples = Vec::new();
        for d in chunk {
            let mut slug = d.slug.clone();
            let mut n = 2;
            while !taken.insert(slug.clone()) {
                slug = format!("{}-{n}", d.slug);
                n += 1;
            }
            let (role, person, org, event, series) = d.role.clone();
            let row: [Value; 8] = [
                slug.into(),
                "inferred".into(),
                role.into(),
                person.into(),
                org.into(),
                event.into(),
                series.into(),
                d.from.clone().into(),
            ];
            let params: Vec<String> = row
                .into_iter()
                .map(|value| super::batch::param(backend, &mut values, value))
                .collect();
            tuples.push(format!("({})", params.join(", ")));
        }
        if tuples.is_empty() {
            continue;
        }
        let sql = format!(
            "INSERT INTO participation (slug, basis, role, person_id, organization_id, \
             event_id, series_id, derived_from) VALUES {}",
            tuples.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    crate::domain::gid::fill(db).await?;
    Ok(())
}
