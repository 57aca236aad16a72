//! What the compiler knows of each record type: for every field it compiles, where the value
//! comes from. A field that is not here (`nameIn`, `lineage`, `line`…) makes its root field
//! fall back to the resolvers.
//!
//! The dated fields and the connections come from the type declarations themselves
//! (`record_object!`), so the to-many relations are the very [`ToMany`] links the resolvers
//! and the filters use; the fields written by hand in those declarations are listed here.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::domain::links::ToMany;
use crate::graphql::types::*;

/// Where a field's value comes from, on the row of its record.
#[derive(Clone, Debug)]
pub enum Field {
    /// The global id (`gid` column).
    Id,
    /// A text column.
    Text(&'static str),
    /// An integer column.
    Int(&'static str),
    /// A boolean column.
    Bool(&'static str),
    /// An enum stored in snake case, answered upper-cased.
    Enum(&'static str),
    /// An enum stored in snake case, the second value when NULL.
    EnumOr(&'static str, &'static str),
    /// A name (first column), `null` when its status (second column) is `not_given`.
    StatedName(&'static str, &'static str),
    /// A list of strings stored as JSON text (NULL when empty).
    List(&'static str),
    /// A record of type `.1` that the foreign key `.0` points at.
    One(&'static str, &'static str),
    /// A connection over a to-many relation, listing records of the named type.
    Many(ToMany, String),
    /// Any record: a polymorphic reference (table-name column, id column).
    Record(&'static str, &'static str),
    /// A person (first column) or else an organization (second column).
    Agent(&'static str, &'static str),
    /// `nameIn(year, certainty)`: the dated name in use then, else `name` while the record
    /// is alive (`crate::domain::alive`).
    NameIn,
    /// `postsIn(year, certainty, first…)`: the body's posts held then, a connection.
    PostsIn,
    /// `countryIn(year, certainty)` of a place: itself when it is a state holding then, else
    /// the state of its first containment row in force.
    CountryIn,
}

use Field::*;

impl Field {
    /// The columns of its row the resolver of this field reads besides `id` and `slug`, when
    /// they are plain columns (`None` for the as-of fields, which read more).
    pub fn columns(&self) -> Option<Vec<&'static str>> {
        match self {
            Id | Many(..) => Some(Vec::new()),
            Text(c) | Int(c) | Bool(c) | Enum(c) | EnumOr(c, _) | List(c) | One(c, _) => {
                Some(vec![*c])
            }
            Record(a, b) | Agent(a, b) | StatedName(a, b) => Some(vec![*a, *b]),
            NameIn | PostsIn | CountryIn => None,
        }
    }
}

/// The fields every record has.
const COMMON: &[(&str, Field)] = &[
    ("id", Id),
    ("slug", Text("slug")),
    ("basis", Enum("basis")),
    ("curatorNote", Text("note")),
    ("note", Text("note")),
];

/// The fields written by hand in each type's declaration.
fn own(type_name: &str) -> &'static [(&'static str, Field)] {
    match type_name {
        "Citation" => &[
            ("record", Record("record_type", "record_id")),
            ("field", Text("field")),
            ("position", Int("position")),
            ("document", One("document_id", "SourceDocument")),
            ("line", Int("line")),
            ("quote", Text("quote")),
        ],
        "Event" => &[
            ("title", Text("title")),
            ("kind", Enum("kind")),
            ("editionNumber", Int("edition_number")),
            ("theme", Text("theme")),
            ("description", Text("description")),
            ("aggregate", Bool("aggregate")),
            ("openList", Bool("open_list")),
            ("series", One("series_id", "EventSeries")),
            ("parent", One("parent_id", "Event")),
        ],
        "EventPlace" => &[
            ("role", Enum("role")),
            ("place", One("place_id", "Place")),
            ("event", One("event_id", "Event")),
            ("series", One("series_id", "EventSeries")),
        ],
        "EventSeries" => &[
            ("name", Text("name")),
            ("kind", Enum("kind")),
            ("frequency", Text("frequency")),
            ("disciplines", List("disciplines")),
            ("formats", List("formats")),
            ("description", Text("description")),
            ("status", Text("status")),
            ("openList", Bool("open_list")),
        ],
        "Membership" => &[
            ("role", Enum("role")),
            ("label", Text("label")),
            ("ordinal", Int("ordinal")),
            ("organization", One("organization_id", "Organization")),
            (
                "member",
                Agent("member_person_id", "member_organization_id"),
            ),
            ("memberPerson", One("member_person_id", "Person")),
            (
                "memberOrganization",
                One("member_organization_id", "Organization"),
            ),
        ],
        "NameVariant" => &[
            ("record", Record("record_type", "record_id")),
            ("name", Text("name")),
            ("kind", Enum("kind")),
            ("lang", Text("lang")),
            ("position", Int("position")),
        ],
        "Organization" => &[
            ("name", StatedName("name", "name_status")),
            ("label", Text("name")),
            ("nameStatus", EnumOr("name_status", "stated")),
            ("kind", Enum("kind")),
            ("aggregate", Bool("aggregate")),
            ("disciplines", List("disciplines")),
            ("purpose", Text("purpose")),
            ("description", Text("description")),
            ("country", One("country_id", "Place")),
            ("place", One("place_id", "Place")),
            ("parent", One("parent_id", "Organization")),
            ("nameIn", NameIn),
            ("postsIn", PostsIn),
        ],
        "Participation" => &[
            ("role", Enum("role")),
            ("label", Text("label")),
            ("derivedFrom", Text("derived_from")),
            ("agent", Agent("person_id", "organization_id")),
            ("person", One("person_id", "Person")),
            ("organization", One("organization_id", "Organization")),
            ("event", One("event_id", "Event")),
            ("series", One("series_id", "EventSeries")),
        ],
        "Person" => &[
            ("name", Text("name")),
            ("occupations", List("occupations")),
            ("description", Text("description")),
            ("nationality", One("nationality_id", "Place")),
        ],
        "Place" => &[
            ("name", Text("name")),
            ("kind", Enum("kind")),
            ("isoAlpha2", Text("iso_alpha2")),
            ("isoAlpha3", Text("iso_alpha3")),
            ("isoNumeric", Text("iso_numeric")),
            ("iso3166Part3", Text("iso3166_3")),
            ("iso3166Part2", Text("iso3166_2")),
            ("isoStatus", Enum("iso_status")),
            ("wikidata", Text("wikidata")),
            ("nameIn", NameIn),
            ("countryIn", CountryIn),
        ],
        "PlacePart" => &[
            ("place", One("place_id", "Place")),
            ("partOf", One("part_of_id", "Place")),
        ],
        "Relation" => &[
            ("subject", Record("subject_type", "subject_id")),
            ("predicate", Enum("predicate")),
            ("object", Record("object_type", "object_id")),
            ("objectLiteral", Text("object_literal")),
            ("label", Text("label")),
        ],
        "SourceDocument" => &[
            ("title", Text("title")),
            ("fileName", Text("file_name")),
            ("collection", Text("collection")),
            ("publisher", Text("publisher")),
            ("language", Text("language")),
            ("published", Text("published")),
            ("sha256", Text("sha256")),
            ("text", Text("text")),
        ],
        "Statistic" => &[
            ("subject", Record("subject_type", "subject_id")),
            ("indicator", Text("indicator")),
            ("value", Int("value")),
            ("comparator", Enum("comparator")),
            ("unit", Text("unit")),
            ("per", Text("per")),
            ("valueText", Text("value_text")),
            ("asOfText", Text("as_of_text")),
        ],
        "Succession" => &[
            ("kind", Enum("kind")),
            ("predecessor", One("predecessor_id", "Organization")),
            ("successor", One("successor_id", "Organization")),
            ("legalAct", One("legal_act_id", "Work")),
        ],
        "Work" => &[
            ("kind", Enum("kind")),
            ("title", Text("title")),
            ("legislationType", Text("legislation_type")),
            ("identifier", Text("identifier")),
            ("text", Text("text")),
            ("language", Text("language")),
            (
                "creator",
                Agent("creator_person_id", "creator_organization_id"),
            ),
            ("passedBy", One("passed_by_id", "Organization")),
            ("place", One("place_id", "Place")),
            ("series", One("series_id", "EventSeries")),
        ],
        _ => &[],
    }
}

/// `date_year_from` → `dateYearFrom`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Record type name → GraphQL field name → source.
type Catalog = HashMap<&'static str, HashMap<String, Field>>;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let declared: [(&'static str, Vec<(&'static str, Field)>); 16] = [
        ("Citation", Citation::compiled_fields()),
        ("Event", Event::compiled_fields()),
        ("EventPlace", EventPlace::compiled_fields()),
        ("EventSeries", EventSeries::compiled_fields()),
        ("Membership", Membership::compiled_fields()),
        ("NameVariant", NameVariant::compiled_fields()),
        ("Organization", Organization::compiled_fields()),
        ("Participation", Participation::compiled_fields()),
        ("Person", Person::compiled_fields()),
        ("Place", Place::compiled_fields()),
        ("PlacePart", PlacePart::compiled_fields()),
        ("Relation", Relation::compiled_fields()),
        ("SourceDocument", SourceDocument::compiled_fields()),
        ("Statistic", Statistic::compiled_fields()),
        ("Succession", Succession::compiled_fields()),
        ("Work", Work::compiled_fields()),
    ];
    declared
        .into_iter()
        .map(|(ty, generated)| {
            let mut fields: HashMap<String, Field> = COMMON
                .iter()
                .chain(own(ty))
                .map(|(name, f)| ((*name).to_owned(), f.clone()))
                .collect();
            for (name, f) in generated {
                fields.insert(camel(name), f);
            }
            (ty, fields)
        })
        .collect()
});

/// The source of field `name` of record type `type_name`, if the compiler supports it.
pub fn field(type_name: &str, name: &str) -> Option<&'static Field> {
    CATALOG.get(type_name)?.get(name)
}

/// Whether `type_name` is a record type (implements `Node`).
pub fn is_record(type_name: &str) -> bool {
    CATALOG.contains_key(type_name)
}

/// Every record type with every field the compiler supports (for tests and docs).
pub fn all() -> impl Iterator<Item = (&'static str, &'static HashMap<String, Field>)> {
    CATALOG.iter().map(|(ty, fields)| (*ty, fields))
}
