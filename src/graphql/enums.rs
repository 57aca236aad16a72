//! GraphQL enums mirroring the domain's stored enums, so GraphiQL completes every kind and role.

use async_graphql::Enum;

use crate::domain::dataset::format as d;

/// Where a record or a citation comes from: a source document, the curator's inference, or
/// knowledge from outside the bundled sources.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::Basis")]
pub enum Basis {
    /// Stated in a source document; backed by a passage quoted from it.
    Stated,
    /// Inferred by the curator from the sources rather than stated in them.
    Inferred,
    /// Taken from reference knowledge outside the bundled source documents.
    External,
}

/// Whether the sources give a record's name.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::NameStatus")]
pub enum NameStatus {
    /// The sources give the name.
    Stated,
    /// The curator inferred the name from what the sources say ("one with Cuba": the Society
    /// of friendship with Cuba).
    Inferred,
    /// The sources do not name the body; `name` is null and `label` is a description a client
    /// can show ("Visual artists' union of Armenia").
    NotGiven,
}

/// The kind of a place: a country, a state that no longer exists, a wider region, or a city.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::PlaceKind")]
pub enum PlaceKind {
    /// A present-day country, e.g. Russia or Bulgaria.
    Country,
    /// A state that no longer exists, e.g. the Soviet Union or Yugoslavia.
    HistoricalState,
    /// A region that is not a state, e.g. Europe, the Baltic States or the CIS countries.
    Region,
    /// A city, e.g. Moscow or Vitebsk.
    City,
}

/// Status of a place's ISO 3166-1 alpha-2 code, as ISO 3166 classifies it.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::IsoStatus")]
pub enum IsoStatus {
    /// The code is officially assigned to a current country, e.g. `RU` for Russia.
    OfficiallyAssigned,
    /// The code is reserved for a particular use outside the regular assignments, e.g. `SU` for
    /// the Soviet Union.
    ExceptionallyReserved,
    /// The code of a deleted country name, reserved for a transition period, e.g. `YU` for
    /// Yugoslavia.
    TransitionallyReserved,
    /// The code was used for a country that no longer exists, e.g. `CS` for Czechoslovakia.
    FormerlyUsed,
}

/// The kind of a name variant of an organization, person, place, work or event series.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::NameKind")]
pub enum NameKind {
    /// The full official name.
    Official,
    /// A shortened form of the name.
    Short,
    /// An abbreviation or acronym, e.g. USFS or AUSCR.
    Abbreviation,
    /// A name no longer in use.
    Former,
    /// Another spelling or wording of the name.
    Variant,
    /// The name translated into another language.
    Translation,
    /// A misspelling found in a source, kept verbatim and never shown as the main name.
    SourceError,
}

/// The kind of an organization: a society, union, agency, centre, ensemble or other body.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::OrganizationKind")]
pub enum OrganizationKind {
    /// An association of members, e.g. the Russian Association for International Cooperation.
    Association,
    /// A commission set up for a task, e.g. the Commission to Foreign Aid.
    Commission,
    /// A commercial company, e.g. a private tour agency.
    Company,
    /// A confederation of independent bodies, e.g. the International Confederation of Visual
    /// Artists' Unions.
    Confederation,
    /// A cultural centre, usually one country's centre abroad, e.g. a Russian Centre of Science
    /// and Culture.
    CulturalCentre,
    /// A department within a larger body, e.g. a department of the AUSCR.
    Department,
    /// A performing group: a theatre troupe, an orchestra, a music or dance ensemble.
    Ensemble,
    /// A federal agency, e.g. Rossotrudnichestvo.
    FederalAgency,
    /// A society for friendship with one country, e.g. the Society of Friendship with Bulgaria.
    FriendshipSociety,
    /// The government of a state, e.g. the Government of the Russian Federation.
    Government,
    /// An institution such as a hospital or a school.
    Institution,
    /// A foundation set up by several governments, e.g. the Intergovernmental Foundation for
    /// Educational, Scientific and Cultural Cooperation.
    IntergovernmentalFoundation,
    /// An organization of states, e.g. the Commonwealth of Independent States.
    IntergovernmentalOrg,
    /// A government ministry, e.g. the Ministry of Culture of the Russian Federation.
    Ministry,
    /// A social or political movement, e.g. the resistance movement in German-occupied
    /// territories.
    Movement,
    /// A union of professionals in one field, e.g. a visual artists' or filmmakers' union.
    ProfessionalUnion,
    /// A public (non-governmental) society, e.g. the All-Union Society for Cultural Relations.
    PublicSociety,
    /// A state agency, e.g. the Russian Agency for International Cooperation and Development.
    StateAgency,
    /// A state office held by one person, e.g. the President of the Russian Federation.
    StateOffice,
    /// A union of states with common institutions, e.g. the Union State of Russia and Belarus.
    SupranationalUnion,
    /// A union of societies, e.g. the Union of Soviet Friendship Societies.
    UnionOfSocieties,
    /// A venue such as a cinema, a theatre or a concert hall.
    Venue,
}

/// The role of a person or organization in an organization; posts such as chair or head are
/// memberships too.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::MembershipRole")]
pub enum MembershipRole {
    /// The member belongs to the organization, e.g. a union that belongs to a confederation.
    Member,
    /// The member is bound to the organization by an agreement rather than by membership.
    AgreementPartner,
    /// The member chairs the organization.
    Chair,
    /// The member heads or leads the organization.
    Head,
    /// The member founded the organization.
    Founder,
}

/// The kind of a lineage edge from a predecessor organization to its successor.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::SuccessionKind")]
pub enum SuccessionKind {
    /// The predecessor took a new name and became the successor.
    Renamed,
    /// The predecessor was transformed (reorganized) into the successor.
    TransformedInto,
    /// The successor carried on the predecessor's work, without a stated transformation.
    ContinuedAs,
    /// The predecessor's functions were transferred to the successor.
    FunctionsTransferredTo,
    /// The predecessor served as a model for the successor, without being its legal
    /// predecessor.
    PrototypeOf,
}

/// The kind of a work: a legal act, a quotation or a musical work.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::WorkKind")]
pub enum WorkKind {
    /// A legal act, such as a law or a government or presidential decree.
    Legislation,
    /// A quoted statement, such as a statement of aims or a person's words.
    Quotation,
    /// A musical composition, e.g. Symphony No. 7 "Leningrad".
    MusicalWork,
}

/// The kind of an event or event series. The exchange kinds (tour, visit, delegation, transfer,
/// exhibition, publication, course) are direct professional exchanges.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::EventKind")]
pub enum EventKind {
    /// A festival, e.g. the Slavyanski Bazaar in Vitebsk.
    Festival,
    /// A forum, e.g. the CIS Forum of Artistic and Scientific Intelligentsia.
    Forum,
    /// A concert or a single performance.
    Concert,
    /// A tour by performers, e.g. a theatre company or an orchestra touring abroad (an exchange
    /// kind).
    Tour,
    /// A programme of ongoing activity, e.g. humanitarian projects or support for regional
    /// partnerships.
    Programme,
    /// A campaign for a cause, e.g. for peace or for removing visa barriers.
    Campaign,
    /// Bilateral ("cross") years held between two countries.
    BilateralYear,
    /// A historical event given as context, e.g. the Second World War or the collapse of the
    /// USSR.
    Historical,
    /// An anniversary, e.g. the 90th anniversary of Rossotrudnichestvo.
    Anniversary,
    /// A visit by people to another country (an exchange kind).
    Visit,
    /// A delegation sent to another country (an exchange kind).
    Delegation,
    /// A transfer of goods or works to another country, e.g. medical supplies or a copy of a
    /// score (an exchange kind).
    Transfer,
    /// An exhibition, e.g. one sent abroad (an exchange kind).
    Exhibition,
    /// Publishing or distributing printed matter such as books or periodicals (an exchange
    /// kind).
    Publication,
    /// A course of study, e.g. Russian language courses abroad (an exchange kind).
    Course,
}

/// The role of a person or organization (the agent) in an event or event series.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::ParticipationRole")]
pub enum ParticipationRole {
    /// The agent organized or holds the event.
    Organizer,
    /// The agent organized the event together with the main organizer.
    CoOrganizer,
    /// The agent initiated the event or started the series.
    Initiator,
    /// The agent hosted the event or received its visitors.
    Host,
    /// The agent took part in the event, with no more specific role.
    Participant,
    /// The agent performed at the event, e.g. an orchestra or an ensemble.
    Performer,
    /// The agent sent performers, works or a delegation to the event.
    Sender,
    /// The agent travelled to another country as a visitor.
    Visitor,
    /// The agent invited the visitors or participants.
    Inviter,
    /// The agent received what was sent or transferred, e.g. a delegation or works.
    Recipient,
    /// The agent supported the event, e.g. with funding or assistance.
    Supporter,
    /// The agent made the event possible, e.g. by arranging or channelling it, without
    /// organizing it.
    Facilitator,
    /// The agent benefited from the event, e.g. hospitals supplied with medicines.
    Beneficiary,
    /// The agent lobbied for the cause of the event or campaign.
    Lobbyist,
    /// The agent is an author of what was published or presented.
    Author,
    /// The event is about the agent, e.g. a person's rise to power.
    Subject,
}

/// The role of a place in an event or event series.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::EventPlaceRole")]
pub enum EventPlaceRole {
    /// Where the event took place.
    Venue,
    /// Where an exchange came from: the place that sent it.
    Origin,
    /// Where an exchange went: the place that received it.
    Destination,
    /// An area the event covers or concerns, rather than a single venue, e.g. the CIS countries.
    Scope,
}

/// The predicate of a relation, read "subject <predicate> object".
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::Predicate")]
pub enum Predicate {
    /// The subject is a brother or sister of the object.
    SiblingOf,
    /// The subject is the husband or wife of the object.
    SpouseOf,
    /// The subject contributed to the work of the object.
    ContributedTo,
    /// The subject advocated for the object, e.g. for friendly relations with it.
    AdvocatedFor,
    /// The subject emigrated from the object, a place.
    EmigratedFrom,
    /// The subject received the object, an award.
    AwardReceived,
    /// The subject maintained ties with the object.
    MaintainedTiesWith,
    /// The subject initiated (set up) the object.
    Initiated,
    /// The subject is named after the object.
    NamedAfter,
    /// The subject was created in response to the object, as a reciprocal move.
    Reciprocates,
    /// The subject took part in the object.
    ParticipatedIn,
    /// The subject, a union of states, has the object as a member state.
    HasMemberState,
    /// The subject, a transfer, passed on the object, e.g. a work.
    TransferredObject,
    /// The subject, a friendship society, works for friendship with the object, a country.
    FriendshipWith,
}

/// How a statistic's stated number relates to the true value.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "d::Comparator")]
pub enum Comparator {
    /// The stated number is exact.
    Eq,
    /// The true value is about the stated number ("about", "around").
    Approx,
    /// The true value is more than the stated number ("more than", "over").
    Gt,
    /// The true value is at least the stated number.
    Gte,
    /// The true value is less than the stated number ("fewer than", "under").
    Lt,
    /// The true value is at most the stated number.
    Lte,
}

/// Parses a stored (snake_case) value into its GraphQL enum.
pub trait FromStored: Sized {
    /// The GraphQL enum for a stored value, or `None` if the database holds an unknown value.
    fn from_stored(text: &str) -> Option<Self>;
    /// The stored value.
    fn stored(self) -> &'static str;
}

/// Implements [`FromStored`] for GraphQL enums through their domain enums.
macro_rules! from_stored {
    ($($name:ident),+ $(,)?) => {
        $(
            impl FromStored for $name {
                fn from_stored(text: &str) -> Option<Self> {
                    d::$name::parse(text).map(Into::into)
                }
                fn stored(self) -> &'static str {
                    d::$name::from(self).as_str()
                }
            }
        )+
    };
}

from_stored!(
    Basis,
    NameStatus,
    PlaceKind,
    IsoStatus,
    NameKind,
    OrganizationKind,
    MembershipRole,
    SuccessionKind,
    WorkKind,
    EventKind,
    ParticipationRole,
    EventPlaceRole,
    Predicate,
    Comparator,
);
