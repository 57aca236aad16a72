//! Input types of the curated writes, one per record kind. Each turns into the record's fields
//! in the dataset file format, so that the importer's rules validate them.
//!
//! Every input serves both create and partial update: each field is a [`MaybeUndefined`], left
//! out of [`RecordInput::fields`] when the client did not send it and `null` when it sent
//! `null`. The inputs derive [`Serialize`] with that rule on every field, so `fields()` is the
//! input serialized to a JSON object.

use async_graphql::{InputObject, MaybeUndefined};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use serde_with::skip_serializing_none;

use crate::domain::dataset::kind::Kind;
use crate::graphql::enums::{Basis, FromStored, NameKind};

/// A record kind's input: the fields a client sent.
pub trait RecordInput {
    /// The kind of record it writes.
    const KIND: Kind;
    /// The fields sent, keyed as in the dataset file format (`snake_case`). A field the client
    /// left out is absent; a field sent as `null` is `Value::Null`.
    fn fields(&self) -> Map<String, Value>;
}

/// Defines a record input: `slug`, the kind's own fields, then `basis`, `note`, `names` (when
/// `[names]` is given: the kinds that have name variants) and `src`. Every field is skipped
/// when undefined; the own fields must be [`MaybeUndefined`]s.
macro_rules! record_input {
    (
        $(#[$meta:meta])*
        $name:ident for $kind:ident $([$names:ident])? {
            $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(async_graphql::InputObject, Clone, Debug, Default, serde::Serialize)]
        pub struct $name {
            /// The record's slug: lowercase words joined by single hyphens (`usfs`,
            /// `saint-petersburg-in-ussr`), unique within its kind. Required to create.
            #[serde(skip_serializing_if = "async_graphql::MaybeUndefined::is_undefined")]
            pub slug: async_graphql::MaybeUndefined<String>,
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "async_graphql::MaybeUndefined::is_undefined")]
                pub $field: $ty,
            )*
            /// Where the record as a whole comes from. STATED (the default) needs at least one
            /// citation with a quote.
            #[serde(
                skip_serializing_if = "async_graphql::MaybeUndefined::is_undefined",
                serialize_with = "crate::graphql::mutation::input::maybe_stored"
            )]
            pub basis: async_graphql::MaybeUndefined<$crate::graphql::enums::Basis>,
            /// The curator's note on the record (served as `curatorNote`): how it was read from
            /// the sources and what is uncertain. Public text: no internal checklist codes.
            #[serde(skip_serializing_if = "async_graphql::MaybeUndefined::is_undefined")]
            pub note: async_graphql::MaybeUndefined<String>,
            $(
                /// Name variants (official, short, former, translations, misspellings found in
                /// a source). When given, replaces the record's name variants as a whole; an
                /// empty list removes them all.
                #[serde(skip_serializing_if = "async_graphql::MaybeUndefined::is_undefined")]
                pub $names: async_graphql::MaybeUndefined<
                    Vec<$crate::graphql::mutation::input::NameInput>,
                >,
            )?
            /// Citations backing the record and its fields. When given, replaces the record's
            /// citations as a whole.
            #[serde(skip_serializing_if = "async_graphql::MaybeUndefined::is_undefined")]
            pub src: async_graphql::MaybeUndefined<
                Vec<$crate::graphql::mutation::input::CitationInput>,
            >,
        }

        impl $crate::graphql::mutation::input::RecordInput for $name {
            const KIND: $crate::domain::dataset::kind::Kind =
                $crate::domain::dataset::kind::Kind::$kind;

            fn fields(&self) -> serde_json::Map<String, serde_json::Value> {
                $crate::graphql::mutation::input::to_fields(self)
            }
        }
    };
}

mod core;
mod links;

pub use self::core::{
    OrganizationInput, PersonInput, PlaceInput, PlacePartInput, SourceDocumentInput,
};
pub use self::links::{
    EventInput, EventPlaceInput, EventSeriesInput, MembershipInput, ParticipationInput,
    RelationInput, StatisticInput, SuccessionInput, WorkInput,
};

/// A name variant of an organization, person, place, work or event series. Always sent whole.
#[skip_serializing_none]
#[derive(InputObject, Clone, Debug, Serialize)]
pub struct NameInput {
    /// The name exactly as written, e.g. `USFS` or `Union of Soviet Friendship Societies`.
    pub name: String,
    /// The kind of name: OFFICIAL, SHORT, ABBREVIATION, FORMER, VARIANT, TRANSLATION, or
    /// SOURCE_ERROR for a misspelling kept verbatim.
    #[serde(serialize_with = "stored")]
    pub kind: NameKind,
    /// When the name was in use, as EDTF, e.g. `1925/1958`.
    pub valid: Option<String>,
    /// Language tag of the name, e.g. `ru` or `en`.
    pub lang: Option<String>,
    /// Where the name comes from; default STATED, which needs the name to occur in a quote of
    /// this variant or of its record.
    #[serde(serialize_with = "opt_stored")]
    pub basis: Option<Basis>,
    /// The curator's note on this name.
    pub note: Option<String>,
    /// Citations backing this name.
    pub src: Option<Vec<CitationInput>>,
}

/// A citation: a quote from a source document, or provenance without a passage (basis
/// INFERRED or EXTERNAL with a note).
#[skip_serializing_none]
#[derive(InputObject, Clone, Debug, Default, Serialize)]
pub struct CitationInput {
    /// Slug of the source document quoted, e.g. `story`.
    pub document: Option<String>,
    /// The 1-based line of the document holding the quote. When omitted, the server finds the
    /// line holding the quote.
    #[graphql(validator(minimum = 1))]
    pub line: Option<i32>,
    /// The exact words from the document, verbatim, e.g. `sister of Leo Trotsky`.
    pub quote: Option<String>,
    /// The field of the record it supports, named as in the dataset files (`snake_case`:
    /// `founded`, `valid`, `passed_by`, `as_of`, or `current` when the source speaks of the
    /// record as still existing). None: it supports the record as a whole.
    pub field: Option<String>,
    /// Where the supported fact comes from; default STATED. INFERRED or EXTERNAL need a `note`
    /// and no `document`.
    #[serde(serialize_with = "opt_stored")]
    pub basis: Option<Basis>,
    /// The curator's note on this citation, e.g. the reasoning behind an INFERRED basis.
    pub note: Option<String>,
}

/// The fields of an input: its serialization, which is always a JSON object (an input holds
/// only strings, numbers, booleans, lists and nested objects; the empty map is unreachable).
fn to_fields<T: Serialize>(input: &T) -> Map<String, Value> {
    match serde_json::to_value(input) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Serializes a GraphQL enum as its stored (`snake_case`) value.
fn stored<E: FromStored + Copy, S: Serializer>(value: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(value.stored())
}

/// Serializes an optional GraphQL enum as its stored value or `null`.
fn opt_stored<E: FromStored + Copy, S: Serializer>(
    value: &Option<E>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => s.serialize_str(value.stored()),
        None => s.serialize_none(),
    }
}

/// Serializes a sent GraphQL enum as its stored value, `null` as `null` (undefined is skipped
/// by the field's `skip_serializing_if`).
fn maybe_stored<E: FromStored + Copy, S: Serializer>(
    value: &MaybeUndefined<E>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        MaybeUndefined::Value(value) => s.serialize_str(value.stored()),
        MaybeUndefined::Null | MaybeUndefined::Undefined => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
    use serde_json::json;

    use super::*;
    use crate::graphql::enums::{Comparator, OrganizationKind};

    struct Query;

    #[Object]
    impl Query {
        #[allow(clippy::too_many_arguments)]
        async fn inputs(
            &self,
            a: SourceDocumentInput,
            b: PlaceInput,
            c: PlacePartInput,
            d: OrganizationInput,
            e: PersonInput,
            f: MembershipInput,
            g: SuccessionInput,
            h: WorkInput,
            i: EventSeriesInput,
            j: EventInput,
            k: ParticipationInput,
            l: EventPlaceInput,
            m: RelationInput,
            n: StatisticInput,
        ) -> bool {
            let _ = (a, b, c, d, e, f, g, h, i, j, k, l, m, n);
            true
        }

        async fn organization_fields(&self, input: OrganizationInput) -> String {
            Value::Object(input.fields()).to_string()
        }
    }

    #[tokio::test]
    async fn graphql_request_keeps_absent_and_null_apart() {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let response = schema
            .execute(
                r#"{ organizationFields(input: {
                    name: "USFS", kind: FRIENDSHIP_SOCIETY, founded: null, iso: null
                }) }"#,
            )
            .await;
        assert!(!response.errors.is_empty(), "an unknown field is refused");

        let response = schema
            .execute(
                r#"{ organizationFields(input: {
                    name: "USFS", kind: FRIENDSHIP_SOCIETY, founded: null,
                    src: [{document: "story", quote: "USFS", field: "name"}]
                }) }"#,
            )
            .await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().unwrap_or_default();
        let text = data["organizationFields"].as_str().unwrap_or_default();
        let fields: Value = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(
            fields,
            json!({
                "name": "USFS",
                "kind": "friendship_society",
                "founded": null,
                "src": [{"document": "story", "quote": "USFS", "field": "name"}],
            })
        );
    }

    #[test]
    fn every_input_registers_with_optional_fields() {
        let sdl = Schema::new(Query, EmptyMutation, EmptySubscription).sdl();
        for name in [
            "SourceDocumentInput",
            "PlaceInput",
            "PlacePartInput",
            "OrganizationInput",
            "PersonInput",
            "MembershipInput",
            "SuccessionInput",
            "WorkInput",
            "EventSeriesInput",
            "EventInput",
            "ParticipationInput",
            "EventPlaceInput",
            "RelationInput",
            "StatisticInput",
            "NameInput",
            "CitationInput",
        ] {
            assert!(sdl.contains(&format!("input {name} {{")), "{name} missing");
        }
        for field in [
            "slug: String\n",
            "fileName: String\n",
            "iso3166Part3: String\n",
            "kind: OrganizationKind\n",
            "valueText: String\n",
            "value: Int\n",
            "names: [NameInput!]\n",
            "src: [CitationInput!]\n",
            "kind: NameKind!\n",
        ] {
            assert!(sdl.contains(field), "{field} missing");
        }
        assert!(!sdl.contains("textFile"));
    }

    #[test]
    fn absent_field_is_left_out() {
        let input = PersonInput {
            name: MaybeUndefined::Value("Olga Popova".into()),
            ..Default::default()
        };
        let fields = input.fields();
        assert_eq!(fields.get("name"), Some(&json!("Olga Popova")));
        assert!(!fields.contains_key("born"));
        assert!(!fields.contains_key("slug"));
        assert!(!fields.contains_key("names"));
        assert!(!fields.contains_key("src"));
        assert_eq!(fields.len(), 1);
        assert_eq!(PersonInput::KIND, Kind::Person);
    }

    #[test]
    fn explicit_null_is_null() {
        let input = OrganizationInput {
            founded: MaybeUndefined::Null,
            kind: MaybeUndefined::Null,
            disciplines: MaybeUndefined::Null,
            ..Default::default()
        };
        let fields = input.fields();
        assert_eq!(fields.get("founded"), Some(&Value::Null));
        assert_eq!(fields.get("kind"), Some(&Value::Null));
        assert_eq!(fields.get("disciplines"), Some(&Value::Null));
        assert_eq!(fields.len(), 3);
    }

    #[test]
    fn enum_is_its_stored_value() {
        let input = OrganizationInput {
            kind: MaybeUndefined::Value(OrganizationKind::FriendshipSociety),
            basis: MaybeUndefined::Value(Basis::Inferred),
            ..Default::default()
        };
        let fields = input.fields();
        assert_eq!(fields.get("kind"), Some(&json!("friendship_society")));
        assert_eq!(fields.get("basis"), Some(&json!("inferred")));

        let statistic = StatisticInput {
            comparator: MaybeUndefined::Value(Comparator::Gte),
            value: MaybeUndefined::Value(12),
            ..Default::default()
        };
        assert_eq!(
            Value::Object(statistic.fields()),
            json!({"comparator": "gte", "value": 12})
        );
    }

    #[test]
    fn citations_and_names_nest_as_objects() {
        let input = PlaceInput {
            names: MaybeUndefined::Value(vec![NameInput {
                name: "USSR".into(),
                kind: NameKind::Abbreviation,
                valid: None,
                lang: Some("en".into()),
                basis: None,
                note: None,
                src: None,
            }]),
            src: MaybeUndefined::Value(vec![
                CitationInput {
                    document: Some("story".into()),
                    line: Some(14),
                    quote: Some("the Soviet Union".into()),
                    field: Some("valid".into()),
                    ..Default::default()
                },
                CitationInput {
                    basis: Some(Basis::External),
                    note: Some("Reference knowledge.".into()),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        };
        assert_eq!(
            Value::Object(input.fields()),
            json!({
                "names": [{"name": "USSR", "kind": "abbreviation", "lang": "en"}],
                "src": [
                    {
                        "document": "story",
                        "line": 14,
                        "quote": "the Soviet Union",
                        "field": "valid",
                    },
                    {"basis": "external", "note": "Reference knowledge."},
                ],
            })
        );
    }
}
