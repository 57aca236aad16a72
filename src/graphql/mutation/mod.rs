//! Curated writes: create, update, upsert and delete per record kind, plus `revertChange`.
//! Each root field is one transaction in `crate::domain::curate`; the resolvers here only
//! check who is calling, turn inputs into the file format and errors into codes.

pub mod input;
mod kinds;
mod payload;

use async_graphql::{Context, ErrorExtensionValues, MergedObject, Object, Result};
use sea_orm::DatabaseConnection;
use serde_json::Value;

use crate::domain::auth::{Principal, Role};
use crate::domain::curate::{self, CurateError, WriteGate, Writer};
use crate::domain::dataset::kind::Kind;
use crate::error::{AppError, Code};
use crate::graphql::connection::Wrap;
use crate::graphql::gql;
use input::{CitationInput, RecordInput};
pub use payload::{DeletePayload, DeletedRecord, Payload, RevertPayload};

/// Every write. Writes need an API key (`Authorization: Bearer …`) of role `editor` or
/// `admin`; each root field runs in its own transaction.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    kinds::PlaceMutations,
    kinds::PlacePartMutations,
    kinds::OrganizationMutations,
    kinds::PersonMutations,
    kinds::MembershipMutations,
    kinds::SuccessionMutations,
    kinds::WorkMutations,
    kinds::EventSeriesMutations,
    kinds::EventMutations,
    kinds::ParticipationMutations,
    kinds::EventPlaceMutations,
    kinds::RelationMutations,
    kinds::StatisticMutations,
    kinds::SourceDocumentMutations,
    EventPartsMutations,
    HistoryMutations,
);

/// Nested creates.
#[derive(Default)]
pub struct EventPartsMutations;

#[Object]
impl EventPartsMutations {
    /// Creates an event with its places and participants in one transaction (as
    /// `createEvent`, `createEventPlace` and `createParticipation` would, each validated and
    /// cited alike, each its own change in the history). A place or participant without a
    /// `target` belongs to the new event. Any problem writes nothing; its issue is named
    /// `places[i].…` or `participants[i].…`.
    async fn create_event_with_parts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event.")] input: input::EventInput,
        #[graphql(desc = "Its places (venue, origin, destination, scope).")] places: Option<
            Vec<input::EventPlaceInput>,
        >,
        #[graphql(desc = "Its participants (organizers, performers, visitors…).")]
        participants: Option<Vec<input::ParticipationInput>>,
    ) -> Result<Payload<crate::graphql::types::Event>> {
        let call = Call::of(ctx)?;
        let (w, db) = (call.writer(), call.db);
        let places = places.unwrap_or_default().into_iter();
        let participants = participants.unwrap_or_default().into_iter();
        let parts = places
            .map(|p| (Kind::EventPlace, "places", p.fields()))
            .chain(participants.map(|p| (Kind::Participation, "participants", p.fields())))
            .collect();
        let written = curate::create_with_parts(&w, Kind::Event, input.fields(), parts)
            .await
            .map_err(curate_error)?;
        Payload::load(db, written).await
    }
}

/// Undoing changes.
#[derive(Default)]
pub struct HistoryMutations;

#[Object]
impl HistoryMutations {
    /// Undoes change `id` (see `changes` and every record's `history`): puts the record back
    /// as it was before, deletes a record the change created, or restores one it deleted.
    /// Refused with `CONFLICT` when the record changed after that change. Recorded as a
    /// change of its own.
    async fn revert_change(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change to undo.")] id: i32,
    ) -> Result<RevertPayload> {
        let call = Call::of(ctx)?;
        let (w, db) = (call.writer(), call.db);
        let written = curate::revert(&w, id).await.map_err(curate_error)?;
        RevertPayload::load(db, written).await
    }
}

/// The caller of a write: refused with `UNAUTHENTICATED` without credentials.
fn principal(ctx: &Context<'_>) -> Result<Principal> {
    match ctx.data_opt::<Principal>() {
        Some(principal) if principal.role >= Role::Editor => Ok(principal.clone()),
        Some(_) => Err(coded(Code::Forbidden, "this key may not write".into())),
        None => Err(coded(
            Code::Unauthenticated,
            "writes need an API key: send `Authorization: Bearer <key>`".into(),
        )),
    }
}

/// What every write needs from its context: the caller (checked), the database, the write
/// gate and the root field's name.
struct Call<'a> {
    principal: Principal,
    db: &'a DatabaseConnection,
    gate: &'a WriteGate,
    mutation: &'a str,
}

impl<'a> Call<'a> {
    fn of(ctx: &'a Context<'a>) -> Result<Self> {
        Ok(Call {
            principal: principal(ctx)?,
            db: ctx.data::<DatabaseConnection>()?,
            gate: ctx.data::<WriteGate>()?,
            mutation: ctx.field().name(),
        })
    }

    fn writer(&self) -> Writer<'_> {
        Writer {
            db: self.db,
            gate: self.gate,
            actor: &self.principal,
            mutation: self.mutation,
        }
    }
}

fn coded(code: Code, message: String) -> async_graphql::Error {
    let mut error = async_graphql::Error::new(message);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code.as_str());
    error.extensions = Some(ext);
    error
}

/// The GraphQL error of a refused write: its code, and what the client needs to act on it.
fn curate_error(err: CurateError) -> async_graphql::Error {
    let message = err.to_string();
    let mut ext = ErrorExtensionValues::default();
    match err {
        CurateError::Db(db) => return gql(AppError::from(db)),
        CurateError::Invalid(issues) => {
            ext.set("code", Code::BadUserInput.as_str());
            let list: Vec<async_graphql::Value> = issues
                .iter()
                .map(|i| {
                    let mut m = async_graphql::indexmap::IndexMap::new();
                    let field = i.field.clone().unwrap_or_default();
                    m.insert(async_graphql::Name::new("field"), field.into());
                    m.insert(async_graphql::Name::new("reason"), i.reason.clone().into());
                    async_graphql::Value::Object(m)
                })
                .collect();
            ext.set("issues", list);
            let first = issues.first().map(|i| {
                let field = i.field.as_deref().unwrap_or("input");
                format!("{message}: {field}: {}", i.reason)
            });
            let mut error = async_graphql::Error::new(first.unwrap_or(message));
            error.extensions = Some(ext);
            return error;
        }
        CurateError::Conflict { current, .. } => {
            ext.set("code", Code::Conflict.as_str());
            if let Some(current) = current {
                ext.set("currentVersion", current);
            }
        }
        CurateError::NotFound(_) => ext.set("code", Code::NotFound.as_str()),
        CurateError::Referenced { referrers, .. } => {
            ext.set("code", Code::Referenced.as_str());
            let list: Vec<async_graphql::Value> = referrers.into_iter().map(Into::into).collect();
            ext.set("referrers", list);
        }
        CurateError::Forbidden(_) => ext.set("code", Code::Forbidden.as_str()),
    }
    let mut error = async_graphql::Error::new(message);
    error.extensions = Some(ext);
    error
}

/// The citations of a change, in the form the domain reads.
fn citations(cite: Option<Vec<CitationInput>>) -> Vec<Value> {
    cite.unwrap_or_default()
        .iter()
        .filter_map(|c| serde_json::to_value(c).ok())
        .collect()
}

/// `create<Kind>`.
async fn create<T: Wrap, I: RecordInput>(ctx: &Context<'_>, input: I) -> Result<Payload<T>> {
    let call = Call::of(ctx)?;
    let (w, db) = (call.writer(), call.db);
    let written = curate::create(&w, I::KIND, input.fields())
        .await
        .map_err(curate_error)?;
    Payload::load(db, written).await
}

/// `update<Kind>`.
async fn update<T: Wrap, I: RecordInput>(
    ctx: &Context<'_>,
    target: (String, i32),
    input: I,
    cite: Option<Vec<CitationInput>>,
) -> Result<Payload<T>> {
    let call = Call::of(ctx)?;
    let (w, db) = (call.writer(), call.db);
    let (slug, version) = target;
    let written = curate::update(&w, I::KIND, &slug, version, input.fields(), citations(cite))
        .await
        .map_err(curate_error)?;
    Payload::load(db, written).await
}

/// `upsert<Kind>`.
async fn upsert<T: Wrap, I: RecordInput>(
    ctx: &Context<'_>,
    input: I,
    version: Option<i32>,
    cite: Option<Vec<CitationInput>>,
) -> Result<Payload<T>> {
    let call = Call::of(ctx)?;
    let (w, db) = (call.writer(), call.db);
    let written = curate::upsert(&w, I::KIND, version, input.fields(), citations(cite))
        .await
        .map_err(curate_error)?;
    Payload::load(db, written).await
}

/// `delete<Kind>`.
async fn delete(
    ctx: &Context<'_>,
    kind: Kind,
    target: (String, i32),
    cascade: bool,
) -> Result<DeletePayload> {
    let call = Call::of(ctx)?;
    let (w, db) = (call.writer(), call.db);
    let (slug, version) = target;
    let deleted = curate::delete(&w, kind, &slug, version, cascade)
        .await
        .map_err(curate_error)?;
    DeletePayload::load(db, deleted).await
}
