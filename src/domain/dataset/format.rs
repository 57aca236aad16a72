//! The dataset file format (see `data/README.md`): one serde struct per section record.
//! Unknown keys are rejected everywhere; enums reject unknown values.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// Defines a string-valued enum stored as its snake_case name in files and in the database.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $(#[doc = $text] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stored (snake_case) name.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Parses a stored name.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

string_enum!(
    /// Where a record or a citation comes from.
    Basis { Stated = "stated", Inferred = "inferred", External = "external" }
);

string_enum!(
    /// Whether the sources give a record's name: `stated` (the default), `inferred` by the
    /// curator from what the source says, or `not_given` (the name is a label the curator made).
    NameStatus { Stated = "stated", Inferred = "inferred", NotGiven = "not_given" }
);

#[allow(clippy::derivable_impls)] // the enum is macro-generated
impl Default for NameStatus {
    fn default() -> Self {
        NameStatus::Stated
    }
}

impl NameStatus {
    fn is_stated(&self) -> bool {
        *self == NameStatus::Stated
    }
}

string_enum!(
    /// The kind of a place.
    PlaceKind { Country = "country", HistoricalState = "historical_state", Region = "region", City = "city" }
);
string_enum!(
    /// Status of a place's ISO 3166-1 alpha-2 code.
    IsoStatus {
        OfficiallyAssigned = "officially_assigned",
        ExceptionallyReserved = "exceptionally_reserved",
        TransitionallyReserved = "transitionally_reserved",
        FormerlyUsed = "formerly_used",
    }
);
string_enum!(
    /// The kind of a name variant.
    NameKind {
        Official = "official", Short = "short", Abbreviation = "abbreviation", Former = "former",
        Variant = "variant", Translation = "translation", SourceError = "source_error",
    }
);
string_enum!(
    /// The kind of an organization.
    OrganizationKind {
        Association = "association", Commission = "commission", Company = "company",
        Confederation = "confederation", CulturalCentre = "cultural_centre", Department = "department",
        Ensemble = "ensemble", FederalAgency = "federal_agency", FriendshipSociety = "friendship_society",
        Government = "government", Institution = "institution",
        IntergovernmentalFoundation = "intergovernmental_foundation",
        IntergovernmentalOrg = "intergovernmental_org", Ministry = "ministry", Movement = "movement",
        ProfessionalUnion = "professional_union", PublicSociety = "public_society",
        StateAgency = "state_agency", StateOffice = "state_office",
        SupranationalUnion = "supranational_union", UnionOfSocieties = "union_of_societies", Venue = "venue",
    }
);
string_enum!(
    /// The role of a member in an organization (posts are memberships).
    MembershipRole {
        Member = "member", AgreementPartner = "agreement_partner", Chair = "chair", Head = "head",
        Founder = "founder",
    }
);
string_enum!(
    /// The kind of a lineage edge.
    SuccessionKind {
        Renamed = "renamed", TransformedInto = "transformed_into", ContinuedAs = "continued_as",
        FunctionsTransferredTo = "functions_transferred_to", PrototypeOf = "prototype_of",
    }
);
string_enum!(
    /// The kind of a work.
    WorkKind { Legislation = "legislation", Quotation = "quotation", MusicalWork = "musical_work" }
);
string_enum!(
    /// The kind of an event or event series; the exchange kinds are direct professional exchanges.
    EventKind {
        Festival = "festival", Forum = "forum", Concert = "concert", Tour = "tour",
        Programme = "programme", Campaign = "campaign", BilateralYear = "bilateral_year",
        Historical = "historical", Anniversary = "anniversary", Visit = "visit",
        Delegation = "delegation", Transfer = "transfer", Exhibition = "exhibition",
        Publication = "publication", Course = "course",
    }
);
string_enum!(
    /// The role of an agent in an event or series.
    ParticipationRole {
        Organizer = "organizer", CoOrganizer = "co_organizer", Initiator = "initiator", Host = "host",
        Participant = "participant", Performer = "performer", Sender = "sender", Visitor = "visitor",
        Inviter = "inviter", Recipient = "recipient", Supporter = "supporter",
        Facilitator = "facilitator", Beneficiary = "beneficiary", Lobbyist = "lobbyist",
        Author = "author", Subject = "subject",
    }
);
string_enum!(
    /// The role of a place in an event or series.
    EventPlaceRole { Venue = "venue", Origin = "origin", Destination = "destination", Scope = "scope" }
);
string_enum!(
    /// The predicate of a relation.
    Predicate {
        SiblingOf = "sibling_of", SpouseOf = "spouse_of", ContributedTo = "contributed_to",
        AdvocatedFor = "advocated_for", EmigratedFrom = "emigrated_from",
        AwardReceived = "award_received", MaintainedTiesWith = "maintained_ties_with",
        Initiated = "initiated", NamedAfter = "named_after", Reciprocates = "reciprocates",
        ParticipatedIn = "participated_in", HasMemberState = "has_member_state",
        TransferredObject = "transferred_object", FriendshipWith = "friendship_with",
    }
);
string_enum!(
    /// How a statistic's value relates to the true number.
    Comparator { Eq = "eq", Approx = "approx", Gt = "gt", Gte = "gte", Lt = "lt", Lte = "lte" }
);

/// One citation entry: `'doc:line | quote'` or a mapping with basis, field and note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Src {
    /// `'<document>:<line> | <exact quote>'`, basis stated.
    Cite(String),
    /// The full form.
    Full(SrcEntry),
}

/// The full form of a citation entry.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SrcEntry {
    /// `'<document>:<line> | <exact quote>'`.
    pub cite: Option<String>,
    /// The field of the record it supports; none for the record as a whole.
    pub field: Option<String>,
    /// Where the supported fact comes from.
    #[serde(default, skip_serializing_if = "Basis::is_stated")]
    pub basis: Basis,
    /// Curator's note.
    pub note: Option<String>,
}

#[allow(clippy::derivable_impls)] // the enum is macro-generated
impl Default for Basis {
    fn default() -> Self {
        Basis::Stated
    }
}

impl Basis {
    fn is_stated(&self) -> bool {
        *self == Basis::Stated
    }
}

/// A name variant nested in its record.
#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameEntry {
    /// The name as written.
    pub name: String,
    /// Its kind.
    pub kind: NameKind,
    /// When it was in use (EDTF).
    pub valid: Option<String>,
    /// Language tag.
    pub lang: Option<String>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Basis::is_stated")]
    pub basis: Basis,
    /// Curator's note.
    pub note: Option<String>,
    /// Citations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub src: Vec<Src>,
}

/// Defines a record struct: the section's own fields, then the common `basis`, `note`, `src`
/// (and `names` where the record can have names).
macro_rules! record {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[skip_serializing_none]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Unique within the section.
            pub slug: String,
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Where the record as a whole comes from.
            #[serde(default, skip_serializing_if = "Basis::is_stated")]
            pub basis: Basis,
            /// Curator's note.
            pub note: Option<String>,
            /// Name variants (only some sections have them; validation rejects the others).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub names: Vec<NameEntry>,
            /// Citations.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub src: Vec<Src>,
        }
    };
}

fn is_false(b: &bool) -> bool {
    !*b
}

record!(
    /// `documents`: a source text.
    SourceDocumentRecord {
        /// Title.
        title: String,
        /// Original file name.
        file_name: String,
        /// Collection it belongs to.
        collection: Option<String>,
        /// Publisher.
        publisher: Option<String>,
        /// Publication date (EDTF).
        published: Option<String>,
        /// When the text was written, where the text itself dates it otherwise (EDTF).
        written: Option<String>,
        /// Language tag.
        language: Option<String>,
        /// Path of the text, relative to the YAML file (import only).
        text_file: Option<String>,
        /// The full text.
        text: Option<String>,
    }
);
record!(
    /// `places`.
    PlaceRecord {
        /// Kind.
        kind: PlaceKind,
        /// Name.
        name: String,
        /// ISO 3166-1 alpha-2.
        iso_alpha2: Option<String>,
        /// ISO 3166-1 alpha-3.
        iso_alpha3: Option<String>,
        /// ISO 3166-1 numeric.
        iso_numeric: Option<String>,
        /// ISO 3166-3 code of a former country.
        iso3166_3: Option<String>,
        /// ISO 3166-2 subdivision code.
        iso3166_2: Option<String>,
        /// Status of the alpha-2 code.
        iso_status: Option<IsoStatus>,
        /// Validity (EDTF).
        valid: Option<String>,
        /// Wikidata QID.
        wikidata: Option<String>,
    }
);
record!(
    /// `place_parts`.
    PlacePartRecord {
        /// The contained place.
        place: String,
        /// The containing place.
        part_of: String,
        /// When (EDTF).
        valid: Option<String>,
    }
);
record!(
    /// `organizations`.
    OrganizationRecord {
        /// Name; when the sources do not give it, the label a reader can be shown.
        name: String,
        /// Whether the sources give the name.
        #[serde(default, skip_serializing_if = "NameStatus::is_stated")]
        name_status: NameStatus,
        /// Kind.
        kind: OrganizationKind,
        /// State it was based in (place slug).
        country: Option<String>,
        /// Finest known location (place slug).
        place: Option<String>,
        /// Body it is a structural part of (organization slug).
        parent: Option<String>,
        /// Founding date (EDTF).
        founded: Option<String>,
        /// Dissolution date (EDTF).
        dissolved: Option<String>,
        /// Stands for an unnamed set.
        #[serde(default, skip_serializing_if = "is_false")]
        aggregate: bool,
        /// Disciplines.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        disciplines: Vec<String>,
        /// Stated purpose.
        purpose: Option<String>,
        /// Description.
        description: Option<String>,
    }
);
record!(
    /// `persons`.
    PersonRecord {
        /// Name.
        name: String,
        /// Birth date (EDTF).
        born: Option<String>,
        /// Death date (EDTF).
        died: Option<String>,
        /// Nationality (place slug).
        nationality: Option<String>,
        /// Occupations as the source gives them.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        occupations: Vec<String>,
        /// Description.
        description: Option<String>,
    }
);
record!(
    /// `memberships`.
    MembershipRecord {
        /// `per.<slug>` or `org.<slug>`.
        member: String,
        /// The body (organization slug).
        organization: String,
        /// Role.
        role: MembershipRole,
        /// The source's wording.
        label: Option<String>,
        /// "first" chairman = 1.
        ordinal: Option<i32>,
        /// When (EDTF).
        valid: Option<String>,
    }
);
record!(
    /// `successions`.
    SuccessionRecord {
        /// Predecessor (organization slug).
        predecessor: String,
        /// Successor (organization slug).
        successor: String,
        /// Kind of change.
        kind: SuccessionKind,
        /// When (EDTF).
        date: Option<String>,
        /// The legal act (work slug).
        legal_act: Option<String>,
    }
);
record!(
    /// `works`.
    WorkRecord {
        /// Kind.
        kind: WorkKind,
        /// Title.
        title: String,
        /// Type of legal act.
        legislation_type: Option<String>,
        /// Identifier such as a decree number.
        identifier: Option<String>,
        /// Date (EDTF).
        date: Option<String>,
        /// `per.<slug>` or `org.<slug>`.
        creator: Option<String>,
        /// Organization that passed a legal act.
        passed_by: Option<String>,
        /// Place of creation.
        place: Option<String>,
        /// Event series it belongs to as context.
        series: Option<String>,
        /// Text of a quotation.
        text: Option<String>,
        /// Language tag.
        language: Option<String>,
    }
);
record!(
    /// `event_series`.
    EventSeriesRecord {
        /// Name.
        name: String,
        /// Kind.
        kind: EventKind,
        /// How often (e.g. annual).
        frequency: Option<String>,
        /// Disciplines.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        disciplines: Vec<String>,
        /// Formats.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        formats: Vec<String>,
        /// When (EDTF).
        date: Option<String>,
        /// Description.
        description: Option<String>,
        /// Status as stated.
        status: Option<String>,
        /// The source's list ends with "and others".
        #[serde(default, skip_serializing_if = "is_false")]
        open_list: bool,
    }
);
record!(
    /// `events`.
    EventRecord {
        /// Title.
        title: String,
        /// Kind.
        kind: EventKind,
        /// Series (slug).
        series: Option<String>,
        /// Parent event (slug).
        parent: Option<String>,
        /// Edition number in its series.
        edition_number: Option<i32>,
        /// When (EDTF).
        date: Option<String>,
        /// Theme.
        theme: Option<String>,
        /// Description.
        description: Option<String>,
        /// Stands for an unnamed set of occurrences.
        #[serde(default, skip_serializing_if = "is_false")]
        aggregate: bool,
        /// The source's list ends with "and others".
        #[serde(default, skip_serializing_if = "is_false")]
        open_list: bool,
    }
);
record!(
    /// `participations`.
    ParticipationRecord {
        /// `per.<slug>` or `org.<slug>`.
        agent: String,
        /// `ev.<slug>` or `es.<slug>`.
        target: String,
        /// Role.
        role: ParticipationRole,
        /// The source's wording.
        label: Option<String>,
    }
);
record!(
    /// `event_places`.
    EventPlaceRecord {
        /// `ev.<slug>` or `es.<slug>`.
        target: String,
        /// Place (slug).
        place: String,
        /// Role.
        role: EventPlaceRole,
    }
);
record!(
    /// `relations`.
    RelationRecord {
        /// Typed reference.
        subject: String,
        /// Predicate.
        predicate: Predicate,
        /// Typed reference.
        object: Option<String>,
        /// Literal object.
        object_literal: Option<String>,
        /// The source's wording.
        label: Option<String>,
        /// When (EDTF).
        valid: Option<String>,
    }
);
record!(
    /// `statistics`.
    StatisticRecord {
        /// Typed reference.
        subject: String,
        /// What is counted.
        indicator: String,
        /// The number.
        value: i64,
        /// How the number relates to the truth.
        comparator: Comparator,
        /// Unit.
        unit: Option<String>,
        /// Rate period (e.g. year).
        per: Option<String>,
        /// The source's wording, verbatim.
        value_text: String,
        /// As of (EDTF).
        as_of: Option<String>,
        /// As-of wording.
        as_of_text: Option<String>,
    }
);

/// A whole dataset file: every section, each optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Source documents.
    #[serde(default, alias = "documents", skip_serializing_if = "Vec::is_empty")]
    pub source_documents: Vec<SourceDocumentRecord>,
    /// Places.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceRecord>,
    /// Dated containment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub place_parts: Vec<PlacePartRecord>,
    /// Organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<OrganizationRecord>,
    /// Persons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<PersonRecord>,
    /// Memberships and posts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<MembershipRecord>,
    /// Lineage edges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successions: Vec<SuccessionRecord>,
    /// Works.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub works: Vec<WorkRecord>,
    /// Event series.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_series: Vec<EventSeriesRecord>,
    /// Events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventRecord>,
    /// Participations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participations: Vec<ParticipationRecord>,
    /// Places of events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_places: Vec<EventPlaceRecord>,
    /// Relations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<RelationRecord>,
    /// Statistics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<StatisticRecord>,
}
