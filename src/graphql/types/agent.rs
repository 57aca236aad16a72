//! `Agent`: whoever acts in a membership, a participation or a work, a person or a body.

use async_graphql::{Context, Result, Union};

use super::{Organization, Person};
use crate::graphql::connection::{one, required};

/// A person or an organization: members of bodies, participants in events, creators of works.
#[derive(Union)]
pub enum Agent {
    /// A person.
    Person(Person),
    /// An organization.
    Organization(Organization),
}

/// The agent of an exclusive arc (exactly one of the two ids is set).
pub async fn agent(
    ctx: &Context<'_>,
    person: Option<i32>,
    organization: Option<i32>,
) -> Result<Option<Agent>> {
    if let Some(id) = person {
        return Ok(Some(Agent::Person(required::<Person>(ctx, id).await?)));
    }
    Ok(one::<Organization>(ctx, organization)
        .await?
        .map(Agent::Organization))
}
