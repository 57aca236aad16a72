//! Grouped counts: events, memberships, organizations and exchange flows.

use async_graphql::{Context, Object, Result};

use crate::graphql::ranked::Ranked;
use crate::graphql::types::*;

/// The statistics fields.
#[derive(Default)]
pub struct StatsRoots;

#[Object]
impl StatsRoots {
    /// Events grouped and counted in one SQL statement: by year, decade, kind, series,
    /// venue (its state as of the event's year), organizer and participant (each with
    /// its kind and country). The filter applies before grouping, `having` after.
    /// Default order: the biggest groups first.
    #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn event_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events to count (before grouping).")] filter: Option<EventFilter>,
        #[graphql(desc = "Dimensions to group by, in key order; none gives one group of all.")]
        group_by: Vec<EventDimension>,
        #[graphql(desc = "Conditions on the counts (after grouping).")] having: Option<
            EventStatsHaving,
        >,
        #[graphql(desc = "Orderings, applied in turn; a dimension must be grouped by.")]
        order_by: Option<Vec<EventStatsOrder>>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only groups after this cursor.")] after: Option<String>,
    ) -> Result<Ranked<EventStats>> {
        event_stats(ctx, filter, group_by, having, order_by, first, after).await
    }

    /// Memberships and posts grouped and counted in one SQL statement: by body, member,
    /// member kind, member country, role and decade.
    #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn membership_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which memberships to count (before grouping).")] filter: Option<
            MembershipFilter,
        >,
        #[graphql(desc = "Dimensions to group by, in key order; none gives one group of all.")]
        group_by: Vec<MembershipDimension>,
        #[graphql(desc = "Conditions on the counts (after grouping).")] having: Option<
            MembershipStatsHaving,
        >,
        #[graphql(desc = "Orderings, applied in turn; a dimension must be grouped by.")]
        order_by: Option<Vec<MembershipStatsOrder>>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only groups after this cursor.")] after: Option<String>,
    ) -> Result<Ranked<MembershipStats>> {
        membership_stats(ctx, filter, group_by, having, order_by, first, after).await
    }

    /// Organizations grouped and counted in one SQL statement: by kind, country,
    /// founding year or decade, and parent. Filter with `activeIn` to count the bodies
    /// active in a year.
    #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn organization_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which organizations to count (before grouping).")] filter: Option<
            OrganizationFilter,
        >,
        #[graphql(desc = "Dimensions to group by, in key order; none gives one group of all.")]
        group_by: Vec<OrganizationDimension>,
        #[graphql(desc = "Conditions on the count (after grouping).")] having: Option<
            OrganizationStatsHaving,
        >,
        #[graphql(desc = "Orderings, applied in turn; a dimension must be grouped by.")]
        order_by: Option<Vec<OrganizationStatsOrder>>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only groups after this cursor.")] after: Option<String>,
    ) -> Result<Ranked<OrganizationStats>> {
        organization_stats(ctx, filter, group_by, having, order_by, first, after).await
    }

    /// Exchange events counted between their origin and destination states, as of each
    /// event's year: the cells of a flow matrix. Only events with both ends known count.
    #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
    async fn exchange_flows(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events to count (before grouping), e.g. by kind.")] filter: Option<
            EventFilter,
        >,
        #[graphql(desc = "Dimensions to group by, e.g. `[FROM_COUNTRY, TO_COUNTRY]`.")]
        group_by: Vec<FlowDimension>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only flows after this cursor.")] after: Option<String>,
    ) -> Result<Ranked<Flow>> {
        exchange_flows(ctx, filter, group_by, first, after).await
    }
}
