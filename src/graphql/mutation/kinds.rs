//! The four writes of each record kind. The macro only names the fields; what they do is in
//! the generic functions of `super`.

use async_graphql::{Context, Result};

use super::input::*;
use super::{DeletePayload, Payload};
use crate::domain::dataset::kind::Kind;
use crate::graphql::types::*;

/// Declares `<Kind>Mutations` with `create<Kind>`, `update<Kind>`, `upsert<Kind>` and
/// `delete<Kind>`.
macro_rules! kind_mutations {
    ($group:ident: $ty:ident, $input:ident, $kind:ident; $create:ident, $update:ident, $upsert:ident, $delete:ident) => {
        /// Writes of one record kind.
        #[derive(Default)]
        pub struct $group;

        #[async_graphql::Object]
        impl $group {
            /// Creates a record from `input`, validated by the importer's rules (slug, enums,
            /// EDTF dates, references, cycles, quotes found in their documents). It needs at
            /// least one citation in `src`. `CONFLICT` when the slug is taken.
            async fn $create(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "The record.")] input: $input,
            ) -> Result<Payload<$ty>> {
                super::create(ctx, input).await
            }
            /// Changes the fields sent in `input` (a field sent as null is cleared; `names`
            /// and `src`, when sent, replace the lists). `version` must be the record's
            /// current version, else `CONFLICT` with the current one and nothing written. The
            /// change needs a new citation, in `cite` or in `src`.
            async fn $update(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "The record's slug.")] slug: String,
                #[graphql(desc = "The version read (the record's `version`).")] version: i32,
                #[graphql(desc = "The fields to change.")] input: $input,
                #[graphql(desc = "Citations for the change, added to the record's.")] cite: Option<
                    Vec<CitationInput>,
                >,
            ) -> Result<Payload<$ty>> {
                super::update(ctx, (slug, version), input, cite).await
            }
            /// Creates the record when its slug is new, else updates it as `update…` does
            /// (checking `version` when given).
            async fn $upsert(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "The record, with its slug.")] input: $input,
                #[graphql(desc = "The version read, when updating.")] version: Option<i32>,
                #[graphql(desc = "Citations for a change, added to the record's.")] cite: Option<
                    Vec<CitationInput>,
                >,
            ) -> Result<Payload<$ty>> {
                super::upsert(ctx, input, version, cite).await
            }
            /// Deletes the record at `version`. When other records reference it, refused with
            /// `REFERENCED` and their list, unless `cascade` (admin keys only), which deletes
            /// them too and lists them in the payload.
            async fn $delete(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "The record's slug.")] slug: String,
                #[graphql(desc = "The version read (the record's `version`).")] version: i32,
                #[graphql(desc = "Delete the records that reference it too.", default = false)]
                cascade: bool,
            ) -> Result<DeletePayload> {
                super::delete(ctx, Kind::$kind, (slug, version), cascade).await
            }
        }
    };
}

kind_mutations!(PlaceMutations: Place, PlaceInput, Place;
    create_place, update_place, upsert_place, delete_place);
kind_mutations!(PlacePartMutations: PlacePart, PlacePartInput, PlacePart;
    create_place_part, update_place_part, upsert_place_part, delete_place_part);
kind_mutations!(OrganizationMutations: Organization, OrganizationInput, Organization;
    create_organization, update_organization, upsert_organization, delete_organization);
kind_mutations!(PersonMutations: Person, PersonInput, Person;
    create_person, update_person, upsert_person, delete_person);
kind_mutations!(MembershipMutations: Membership, MembershipInput, Membership;
    create_membership, update_membership, upsert_membership, delete_membership);
kind_mutations!(SuccessionMutations: Succession, SuccessionInput, Succession;
    create_succession, update_succession, upsert_succession, delete_succession);
kind_mutations!(WorkMutations: Work, WorkInput, Work;
    create_work, update_work, upsert_work, delete_work);
kind_mutations!(EventSeriesMutations: EventSeries, EventSeriesInput, EventSeries;
    create_event_series, update_event_series, upsert_event_series, delete_event_series);
kind_mutations!(EventMutations: Event, EventInput, Event;
    create_event, update_event, upsert_event, delete_event);
kind_mutations!(ParticipationMutations: Participation, ParticipationInput, Participation;
    create_participation, update_participation, upsert_participation, delete_participation);
kind_mutations!(EventPlaceMutations: EventPlace, EventPlaceInput, EventPlace;
    create_event_place, update_event_place, upsert_event_place, delete_event_place);
kind_mutations!(RelationMutations: Relation, RelationInput, Relation;
    create_relation, update_relation, upsert_relation, delete_relation);
kind_mutations!(StatisticMutations: Statistic, StatisticInput, Statistic;
    create_statistic, update_statistic, upsert_statistic, delete_statistic);
kind_mutations!(SourceDocumentMutations: SourceDocument, SourceDocumentInput, SourceDocument;
    create_source_document, update_source_document, upsert_source_document, delete_source_document);
