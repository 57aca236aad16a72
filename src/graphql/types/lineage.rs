//! `LineageStep`: one step of an organization's lineage, walked transitively.

use crate::domain::alive::Spanned as _;
use async_graphql::{Context, Enum, Object, Result, dataloader::DataLoader};

use super::{Organization, Succession};
use crate::domain::lineage::{Direction, Step};
use crate::domain::row::Columns;
use crate::entities::organization;
use crate::error::AppError;
use crate::graphql::connection::required;
use crate::graphql::loader::{ById, Db, Lineage};
use crate::graphql::{gql, gql_load};

/// Which way to walk a lineage.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineageDirection {
    /// Towards the bodies this one succeeded (back in time).
    #[default]
    Predecessors,
    /// Towards the bodies that succeeded this one (forward in time).
    Successors,
    /// Both ways.
    Both,
}

impl From<LineageDirection> for Direction {
    fn from(d: LineageDirection) -> Self {
        match d {
            LineageDirection::Predecessors => Direction::Predecessors,
            LineageDirection::Successors => Direction::Successors,
            LineageDirection::Both => Direction::Both,
        }
    }
}

/// One step of a lineage walk: the body reached, how far from the start, and the edge taken
/// (its kind, date and legal act).
pub struct LineageStep(pub Step);

/// One step of a lineage walk: the body reached, how far from the start, and the edge taken
/// (its kind, date and legal act). Every branch appears: two successors after the USFS are
/// two steps at the same depth walking forward, and walking back from a later body the other
/// successor appears as a `branch` step off the USFS.
#[Object]
impl LineageStep {
    /// Distance from the organization the walk started at, from 1.
    async fn depth(&self) -> i32 {
        self.0.depth
    }
    /// Which way this step goes: `PREDECESSORS` (back) or `SUCCESSORS` (forward).
    async fn direction(&self) -> LineageDirection {
        if self.0.backward {
            LineageDirection::Predecessors
        } else {
            LineageDirection::Successors
        }
    }
    /// The organization this step reaches.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Organization> {
        required(ctx, self.0.reached).await
    }
    /// The organization this step leaves from: the start of the walk, or the one the
    /// previous step reached.
    async fn from(&self, ctx: &Context<'_>) -> Result<Organization> {
        required(ctx, self.0.from).await
    }
    /// True for a side branch: walking back, a step forward to another successor of a
    /// predecessor (the RAIC beside the RAICD, both successors of the USFS); walking
    /// forward, a step back to another predecessor of a successor.
    async fn branch(&self) -> bool {
        self.0.branch
    }
    /// The lineage edge taken: kind, date, legal act, both ends.
    async fn succession(&self) -> Succession {
        Succession(self.0.succession.clone())
    }
}

/// Deepest lineage walk a client may ask for.
pub const MAX_LINEAGE_DEPTH: i32 = 50;

/// The query complexity of a lineage field: up to two steps per level (branches), each
/// costing `per_step` (a flat price: the macro that declares the field cannot see the
/// selection's own cost).
pub fn lineage_cost(max_depth: i32, per_step: usize) -> usize {
    let depth = max_depth.clamp(1, MAX_LINEAGE_DEPTH) as usize;
    depth
        .saturating_mul(2)
        .saturating_mul(per_step)
        .saturating_add(1)
}

/// The lineage walk from an organization, through the loader.
pub async fn lineage(
    ctx: &Context<'_>,
    start: i32,
    direction: LineageDirection,
    max_depth: i32,
) -> Result<Vec<LineageStep>> {
    if !(1..=MAX_LINEAGE_DEPTH).contains(&max_depth) {
        return Err(gql(AppError::BadUserInput(format!(
            "`maxDepth` is {max_depth}; it must be between 1 and {MAX_LINEAGE_DEPTH}"
        ))));
    }
    let loader = ctx.data::<DataLoader<Db>>()?;
    let key = Lineage {
        start,
        direction: direction.into(),
        max_depth,
    };
    let steps = loader.load_one(key).await.map_err(gql_load)?;
    Ok(steps
        .unwrap_or_default()
        .into_iter()
        .map(LineageStep)
        .collect())
}

/// The bodies of `org`'s lineage, itself included, that existed in `year` (as `certainty` reads it):
/// predecessors (farthest first), itself, then successors (nearest first).
pub async fn lineage_at(
    ctx: &Context<'_>,
    org: &Organization,
    year: i32,
    certainty: crate::graphql::filter::Certainty,
) -> Result<Vec<Organization>> {
    let steps = lineage(ctx, org.0.id, LineageDirection::Both, MAX_LINEAGE_DEPTH).await?;
    let (mut back, forward): (Vec<LineageStep>, Vec<LineageStep>) =
        steps.into_iter().partition(|s| s.0.backward);
    back.reverse();
    let ids: Vec<i32> = back
        .iter()
        .map(|s| s.0.reached)
        .chain(std::iter::once(org.0.id))
        .chain(forward.iter().map(|s| s.0.reached))
        .collect();
    // one batch for every body of the lineage
    let loader = ctx.data::<DataLoader<Db>>()?;
    // every column: the bodies are kept by their span, not only by what is selected
    let set = Columns::ALL;
    let keys = ids
        .iter()
        .map(|id| ById::<organization::Entity>::new(*id, set));
    let mut found = loader.load_many(keys).await.map_err(gql_load)?;
    let bodies: Vec<Organization> = ids
        .iter()
        .filter_map(|id| found.remove(&ById::new(*id, set)).map(Organization))
        .collect();
    let mut seen = std::collections::HashSet::new();
    Ok(bodies
        .into_iter()
        .filter(|o| seen.insert(o.0.id))
        .filter(|o| o.0.lifespan().holds(year, certainty.into()))
        .collect())
}
