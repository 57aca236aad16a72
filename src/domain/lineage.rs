//! Lineage: walking the succession graph transitively in one recursive SQL query (a
//! `WITH RECURSIVE` common table expression, the same text on SQLite and PostgreSQL).
//!
//! A walk shows every branch: walking back, each predecessor's other successors appear (the
//! RAIC beside the RAICD, both successors of the USFS), and walking forward, each successor's
//! other predecessors; such side steps are marked `branch` and walk on only away from the
//! main direction's path. Each edge appears once, at its shortest distance.
//!
//! The importer rejects succession cycles; the walk still guards against them by carrying the
//! path of visited organizations and never stepping onto one twice.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};

use crate::entities::succession;

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
    /// The organization the step leaves from (the start, or the previous step's).
    pub from: i32,
    /// The organization the step reaches.
    pub reached: i32,
    /// True for a side branch: a step forward off a walk back (a sibling), or back off a walk
    /// forward (a merge partner).
    pub branch: bool,
    /// The lineage edge taken.
    pub succession: succession::Model,
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
            "SELECT s.successor_id AS start, s.successor_id AS src, s.predecessor_id AS reached, \
             s.id AS edge, 1 AS back FROM succession s WHERE s.successor_id IN ({ids})"
        ));
    }
    if direction != Direction::Predecessors {
        seeds.push(format!(
            "SELECT s.predecessor_id AS start, s.predecessor_id AS src, s.successor_id AS reached, \
             s.id AS edge, 0 AS back FROM succession s WHERE s.predecessor_id IN ({ids})"
        ));
    }
    // a main step (branch 0) goes on its way and also branches off the other way; a branch
    // step goes on its own way only
    let next = "CASE WHEN s.successor_id = w.reached THEN s.predecessor_id ELSE s.successor_id END";
    let sql = format!(
        "WITH RECURSIVE walk(start, src, reached, edge, back, branch, depth, path) AS ( \
           SELECT seed.start, seed.src, seed.reached, seed.edge, seed.back, 0, 1, \
                  ',' || CAST(seed.start AS TEXT) || ',' || CAST(seed.reached AS TEXT) || ',' \
           FROM ({seeds}) AS seed \
           UNION ALL \
           SELECT w.start, w.reached, {next}, s.id, \
                  CASE WHEN s.successor_id = w.reached THEN 1 ELSE 0 END, \
                  CASE WHEN w.branch = 1 THEN 1 \
                       WHEN (s.successor_id = w.reached) = (w.back = 1) THEN 0 ELSE 1 END, \
                  w.depth + 1, \
                  w.path || CAST({next} AS TEXT) || ',' \
           FROM walk w JOIN succession s \
             ON (s.successor_id = w.reached AND (w.back = 1 OR w.branch = 0)) \
             OR (s.predecessor_id = w.reached AND (w.back = 0 OR w.branch = 0)) \
           WHERE w.depth < {max_depth} \
             AND w.path NOT LIKE '%,' || CAST({next} AS TEXT) || ',%' \
         ), \
         firsts AS ( \
           SELECT w.*, ROW_NUMBER() OVER (PARTITION BY w.start, w.edge \
                  ORDER BY w.depth, w.branch, w.back DESC) AS nth \
           FROM walk w \
         ) \
         SELECT w.start AS walk_start, w.src AS walk_from, w.reached AS walk_reached, \
                w.back AS walk_back, w.branch AS walk_branch, w.depth AS walk_depth, s.* \
         FROM firsts w JOIN succession s ON s.id = w.edge \
         WHERE w.nth = 1 \
         ORDER BY w.start, w.back DESC, w.depth, w.branch, s.id",
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
            from: row.try_get::<i32>("", "walk_from")?,
            reached: row.try_get::<i32>("", "walk_reached")?,
            branch: row.try_get::<i32>("", "walk_branch")? == 1,
            succession: succession::Model::from_query_result(row, "")?,
        });
    }
    Ok(out)
}
