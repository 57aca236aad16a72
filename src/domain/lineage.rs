//! Lineage: walking the succession graph transitively in one recursive SQL query (a
//! `WITH RECURSIVE` common table expression, the same text on SQLite and PostgreSQL).
//!
//! The importer rejects succession cycles; the walk still guards against them by carrying the
//! path of visited organizations and never stepping onto one twice.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};

use crate::entities::organization_succession;

/// Which way to walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Towards the bodies a record succeeded.
    Predecessors,
    /// Towards the bodies that succeeded it.
    Successors,
    /// Both ways.
    Both,
}

/// One step of a walk.
#[derive(Clone, Debug)]
pub struct Step {
    /// Distance from the start, from 1.
    pub depth: i32,
    /// True when the step goes towards predecessors.
    pub backward: bool,
    /// The organization the step reaches.
    pub reached: i32,
    /// The lineage edge taken.
    pub succession: organization_succession::Model,
}

/// The walks from every start, in one statement: steps by start, ordered by direction
/// (predecessors first), depth and edge id.
pub async fn walk(
    db: &impl ConnectionTrait,
    starts: &[i32],
    direction: Direction,
    max_depth: i32,
) -> Result<HashMap<i32, Vec<Step>>, DbErr> {
    if starts.is_empty() {
        return Ok(HashMap::new());
    }
    // ids come from the database as integers, never from client text
    let ids: Vec<String> = starts.iter().map(i32::to_string).collect();
    let ids = ids.join(", ");
    let mut seeds = Vec::new();
    if direction != Direction::Successors {
        seeds.push(format!(
            "SELECT s.successor_id AS start, s.predecessor_id AS reached, s.id AS edge, 1 AS back \
             FROM organization_succession s WHERE s.successor_id IN ({ids})"
        ));
    }
    if direction != Direction::Predecessors {
        seeds.push(format!(
            "SELECT s.predecessor_id AS start, s.successor_id AS reached, s.id AS edge, 0 AS back \
             FROM organization_succession s WHERE s.predecessor_id IN ({ids})"
        ));
    }
    let sql = format!(
        "WITH RECURSIVE walk(start, reached, edge, back, depth, path) AS ( \
           SELECT seed.start, seed.reached, seed.edge, seed.back, 1, \
                  ',' || CAST(seed.start AS TEXT) || ',' || CAST(seed.reached AS TEXT) || ',' \
           FROM ({seeds}) AS seed \
           UNION ALL \
           SELECT w.start, \
                  CASE WHEN w.back = 1 THEN s.predecessor_id ELSE s.successor_id END, \
                  s.id, w.back, w.depth + 1, \
                  w.path || CAST(CASE WHEN w.back = 1 THEN s.predecessor_id ELSE s.successor_id END AS TEXT) || ',' \
           FROM walk w JOIN organization_succession s \
             ON (w.back = 1 AND s.successor_id = w.reached) OR (w.back = 0 AND s.predecessor_id = w.reached) \
           WHERE w.depth < {max_depth} \
             AND w.path NOT LIKE '%,' || CAST(CASE WHEN w.back = 1 THEN s.predecessor_id ELSE s.successor_id END AS TEXT) || ',%' \
         ) \
         SELECT w.start AS walk_start, w.reached AS walk_reached, w.back AS walk_back, \
                w.depth AS walk_depth, s.* \
         FROM walk w JOIN organization_succession s ON s.id = w.edge \
         ORDER BY w.start, w.back DESC, w.depth, s.id",
        seeds = seeds.join(" UNION ALL ")
    );
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let mut out: HashMap<i32, Vec<Step>> = HashMap::new();
    for row in &rows {
        let start = row.try_get::<i32>("", "walk_start")?;
        out.entry(start).or_default().push(Step {
            depth: row.try_get::<i32>("", "walk_depth")?,
            backward: row.try_get::<i32>("", "walk_back")? == 1,
            reached: row.try_get::<i32>("", "walk_reached")?,
            succession: organization_succession::Model::from_query_result(row, "")?,
        });
    }
    Ok(out)
}
