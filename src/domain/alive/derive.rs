//! Derives every dated record's bounds (the module's rules 1–4) and stores them: one pass
//! over the whole dataset, run in the importer's transaction after the records are written.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

use super::batch::update;

use super::EndBasis;
use crate::domain::edtf::{self, Certain, YearWindow};

/// Dated tables and the columns holding their own window of years (start from, end to).
const OWN_WINDOW: &[(&str, &str, &str)] = &[
    ("place", "valid_year_from", "valid_year_to"),
    ("place_part", "valid_year_from", "valid_year_to"),
    ("organization", "founded_year_from", "dissolved_year_to"),
    ("event_series", "date_year_from", "date_year_to"),
    ("event", "date_year_from", "date_year_to"),
    ("membership", "valid_year_from", "valid_year_to"),
    ("succession", "date_year_from", "date_year_to"),
    ("relation", "valid_year_from", "valid_year_to"),
    ("statistic", "as_of_year_from", "as_of_year_to"),
    ("name_variant", "valid_year_from", "valid_year_to"),
];

/// A record's derived end.
#[derive(Clone, Debug, PartialEq)]
struct End {
    possible_start: Option<i32>,
    possible_end: Option<i32>,
    certain: Certain,
    basis: EndBasis,
    reference: Option<String>,
}

impl End {
    /// Bounds the end by another record's (rule 4): the earlier end wins, under each
    /// reading; the basis names the bound when it is what ends the record.
    fn bound_by(&mut self, other: &End, basis: EndBasis, reference: String) {
        let mut bounded = false;
        if let Some(limit) = other.possible_end
            && self.possible_end.is_none_or(|own| own > limit)
        {
            self.possible_end = Some(limit);
            bounded = true;
        }
        if let (Some(own), Some(limit)) = (self.certain.earliest_end, other.certain.earliest_end)
            && own > limit
        {
            self.certain.earliest_end = Some(limit);
            bounded = true;
        }
        if bounded {
            self.basis = basis;
            self.reference = Some(reference);
        }
    }
}

fn window(from: Option<i32>, to: Option<i32>) -> Option<YearWindow> {
    (from.is_some() || to.is_some()).then_some(YearWindow { from, to })
}

fn parsed(date: &Option<String>) -> Option<YearWindow> {
    date.as_deref().and_then(|d| edtf::parse(d).ok())
}

/// The record's end from its own dates (rule 1): stated, or open.
fn own(start: Option<YearWindow>, end: Option<YearWindow>, certain: Certain) -> End {
    let closed = end.is_some_and(|e| e.to.is_some());
    End {
        possible_start: start.and_then(|s| s.from),
        possible_end: end.and_then(|e| e.to),
        certain,
        basis: if closed {
            EndBasis::Stated
        } else {
            EndBasis::Open
        },
        reference: None,
    }
}

/// Derives and stores the bounds of every dated record.
pub async fn derive(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    // rule 1 for every table, in SQL; organizations and memberships are then rewritten
    for (table, from, to) in OWN_WINDOW {
        let sql = format!(
            "UPDATE \"{table}\" SET possible_start = {from}, possible_end = {to}, \
             end_basis = CASE WHEN {to} IS NULL THEN 'open' ELSE 'stated' END, end_ref = NULL"
        );
        db.execute_unprepared(&sql).await?;
    }
    let current = current(db).await?;
    let bodies = organizations(db, &current).await?;
    let posts = memberships(db, &bodies, &current).await?;
    let write = |ends: &HashMap<i32, (String, End)>| -> Vec<(i32, Vec<Value>)> {
        ends.iter()
            .map(|(id, (_, end))| {
                let values = vec![
                    end.possible_start.into(),
                    end.possible_end.into(),
                    end.certain.latest_start.into(),
                    end.certain.earliest_end.into(),
                    Some(end.basis.as_str().to_owned()).into(),
                    end.reference.clone().into(),
                ];
                (*id, values)
            })
            .collect()
    };
    let columns = [
        "possible_start",
        "possible_end",
        "latest_start",
        "earliest_end",
        "end_basis",
        "end_ref",
    ];
    update(db, "organization", &columns, &write(&bodies)).await?;
    update(db, "membership", &columns, &write(&posts)).await?;
    super::roles::derive(db).await
}

/// `(record_type, record_id)` → (document slug, year) of the citations that speak of a
/// record as current (`field: current`), the latest source kept.
async fn current(
    db: &impl ConnectionTrait,
) -> Result<HashMap<(String, i32), (String, i32)>, DbErr> {
    let sql = "SELECT c.record_type, c.record_id, d.slug, \
               COALESCE(d.written_year_from, d.published_year_from) \
               FROM citation c JOIN source_document d ON d.id = c.document_id \
               WHERE c.field = 'current'";
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let mut out: HashMap<(String, i32), (String, i32)> = HashMap::new();
    for row in &rows {
        let key = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        let slug: String = row.try_get_by_index(2)?;
        let Some(year) = row.try_get_by_index::<Option<i32>>(3)? else {
            continue;
        };
        if out.get(&key).is_none_or(|(_, y)| *y < year) {
            out.insert(key, (slug, year));
        }
    }
    Ok(out)
}

/// Rule 3 on an open end: the certain reading runs to the source's year.
fn apply_current(end: &mut End, source: Option<&(String, i32)>) {
    let Some((slug, year)) = source else { return };
    if end.basis != EndBasis::Open {
        return;
    }
    // alive in `year`: it started by then and ended no earlier
    let year = *year;
    end.certain.latest_start = Some(end.certain.latest_start.map_or(year, |s| s.min(year)));
    end.certain.earliest_end = Some(end.certain.earliest_end.map_or(year, |e| e.max(year)));
    end.basis = EndBasis::Current;
    end.reference = Some(format!("doc.{slug}"));
}

/// Organizations: rules 1, 2 and 3. Returns id → (slug, end).
async fn organizations(
    db: &impl ConnectionTrait,
    current: &HashMap<(String, i32), (String, i32)>,
) -> Result<HashMap<i32, (String, End)>, DbErr> {
    let backend = db.get_database_backend();
    let sql = "SELECT predecessor_id, slug, date_year_from, date_year_to \
               FROM succession WHERE date_year_from IS NOT NULL \
               OR date_year_to IS NOT NULL";
    let mut succeeded: HashMap<i32, (String, YearWindow)> = HashMap::new();
    for row in &db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?
    {
        let org: i32 = row.try_get_by_index(0)?;
        let slug: String = row.try_get_by_index(1)?;
        let date = YearWindow {
            from: row.try_get_by_index(2)?,
            to: row.try_get_by_index(3)?,
        };
        let key = |d: &YearWindow, s: &str| {
            (
                d.from.unwrap_or(i32::MAX),
                d.to.unwrap_or(i32::MAX),
                s.to_owned(),
            )
        };
        if succeeded
            .get(&org)
            .is_none_or(|(s, d)| key(&date, &slug) < key(d, s))
        {
            succeeded.insert(org, (slug, date));
        }
    }
    // states that ended (the USSR): a body based in one, with no other end, ends with it
    let sql = "SELECT id, slug, valid_year_to, earliest_end FROM place \
               WHERE kind = 'historical_state' AND valid_year_to IS NOT NULL";
    let mut states: HashMap<i32, (String, End)> = HashMap::new();
    for row in &db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?
    {
        let end = End {
            possible_start: None,
            possible_end: row.try_get_by_index(2)?,
            certain: Certain {
                latest_start: None,
                earliest_end: row.try_get_by_index(3)?,
            },
            basis: EndBasis::Stated,
            reference: None,
        };
        states.insert(row.try_get_by_index(0)?, (row.try_get_by_index(1)?, end));
    }
    let sql = "SELECT id, slug, founded, dissolved, country_id, parent_id FROM organization";
    let mut out = HashMap::new();
    let mut parents: Vec<(i32, i32)> = Vec::new();
    for row in &db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?
    {
        let id: i32 = row.try_get_by_index(0)?;
        let slug: String = row.try_get_by_index(1)?;
        let start = parsed(&row.try_get_by_index(2)?);
        let dissolved = parsed(&row.try_get_by_index(3)?);
        let country: Option<i32> = row.try_get_by_index(4)?;
        if let Some(parent) = row.try_get_by_index::<Option<i32>>(5)? {
            parents.push((id, parent));
        }
        let mut end = own(start, dissolved, Certain::of(start, dissolved));
        if dissolved.is_none()
            && let Some((succession, date)) = succeeded.get(&id)
        {
            end.possible_end = date.to;
            end.certain = Certain::of(start, Some(*date));
            end.basis = EndBasis::Succession;
            end.reference = Some(format!("suc.{succession}"));
        }
        apply_current(&mut end, current.get(&("organization".into(), id)));
        if end.basis == EndBasis::Open
            && let Some((state, bound)) = country.and_then(|c| states.get(&c))
        {
            end.bound_by(bound, EndBasis::State, format!("pl.{state}"));
        }
        out.insert(id, (slug, end));
    }
    // a structural part never outlasts the body it belongs to (parents first: repeat until
    // nothing changes; the importer rejects parent loops)
    for _ in 0..=parents.len() {
        let mut changed = false;
        for (child, parent) in &parents {
            let Some((parent_slug, bound)) = out.get(parent).cloned() else {
                continue;
            };
            if let Some((_, end)) = out.get_mut(child) {
                let before = end.clone();
                end.bound_by(&bound, EndBasis::Body, format!("org.{parent_slug}"));
                changed |= *end != before;
            }
        }
        if !changed {
            break;
        }
    }
    Ok(out)
}

/// Memberships and posts: rules 1, 3 and 4. Returns id → (slug, end).
async fn memberships(
    db: &impl ConnectionTrait,
    bodies: &HashMap<i32, (String, End)>,
    current: &HashMap<(String, i32), (String, i32)>,
) -> Result<HashMap<i32, (String, End)>, DbErr> {
    let backend = db.get_database_backend();
    let sql = "SELECT id, slug, died_year_from, died_year_to FROM person \
               WHERE died_year_from IS NOT NULL OR died_year_to IS NOT NULL";
    let mut deaths: HashMap<i32, (String, End)> = HashMap::new();
    for row in &db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?
    {
        let id: i32 = row.try_get_by_index(0)?;
        let slug: String = row.try_get_by_index(1)?;
        let died = window(row.try_get_by_index(2)?, row.try_get_by_index(3)?);
        let end = End {
            possible_start: None,
            possible_end: died.and_then(|d| d.to),
            certain: Certain {
                latest_start: None,
                earliest_end: died.and_then(|d| d.from),
            },
            basis: EndBasis::Stated,
            reference: None,
        };
        deaths.insert(id, (slug, end));
    }
    let sql = "SELECT id, slug, valid, organization_id, member_person_id, \
               member_organization_id FROM membership";
    let mut out = HashMap::new();
    for row in &db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?
    {
        let id: i32 = row.try_get_by_index(0)?;
        let slug: String = row.try_get_by_index(1)?;
        let valid: Option<String> = row.try_get_by_index(2)?;
        let body: i32 = row.try_get_by_index(3)?;
        let person: Option<i32> = row.try_get_by_index(4)?;
        let member: Option<i32> = row.try_get_by_index(5)?;
        let (start, end_window) = valid
            .as_deref()
            .and_then(|v| edtf::span(v).ok())
            .unwrap_or_default();
        let mut end = own(start, end_window, Certain::of(start, end_window));
        apply_current(&mut end, current.get(&("membership".into(), id)));
        if let Some((slug, bound)) = bodies.get(&body) {
            end.bound_by(bound, EndBasis::Body, format!("org.{slug}"));
            // nor begins before it
            if let Some(founded) = bound.possible_start
                && end.possible_start.is_none_or(|s| s < founded)
            {
                end.possible_start = Some(founded);
            }
        }
        if let Some((slug, bound)) = person.and_then(|p| deaths.get(&p)) {
            end.bound_by(bound, EndBasis::Holder, format!("per.{slug}"));
        }
        if let Some((slug, bound)) = member.and_then(|m| bodies.get(&m)) {
            end.bound_by(bound, EndBasis::Holder, format!("org.{slug}"));
        }
        out.insert(id, (slug, end));
    }
    Ok(out)
}
