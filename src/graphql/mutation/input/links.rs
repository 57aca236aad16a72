//! Inputs of the linking records: memberships, successions, works, event series, events,
//! participations, event places, relations, statistics.

use async_graphql::MaybeUndefined;

use super::maybe_stored;
use crate::graphql::enums::{
    Comparator, EventKind, EventPlaceRole, MembershipRole, ParticipationRole, Predicate,
    SuccessionKind, WorkKind,
};

record_input! {
    /// The fields of a membership: a person or organization is a member of, or holds a post
    /// in, an organization. Leave out a field to keep it on update; send `null` to clear it.
    MembershipInput for Membership {
        /// The member, as a typed reference: `per.<slug>` or `org.<slug>`, e.g. `per.kameneva`
        /// or `org.fs-bulgaria`. Required to create.
        member: MaybeUndefined<String>,
        /// Slug of the organization, e.g. `usfs`. Required to create.
        organization: MaybeUndefined<String>,
        /// Role; a post is CHAIR or HEAD. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        role: MaybeUndefined<MembershipRole>,
        /// The source's wording, e.g. `first chairman`.
        label: MaybeUndefined<String>,
        /// Position in a line of office holders: the "first" chairman is 1.
        ordinal: MaybeUndefined<i32>,
        /// When, as EDTF, e.g. `1958/1992-04`.
        valid: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of a succession: a lineage edge from one organization to another. Leave out
    /// a field to keep it on update; send `null` to clear it.
    SuccessionInput for Succession {
        /// Slug of the earlier organization, e.g. `auscr`. Required to create.
        predecessor: MaybeUndefined<String>,
        /// Slug of the later organization, e.g. `usfs`. Required to create.
        successor: MaybeUndefined<String>,
        /// Kind of change. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        kind: MaybeUndefined<SuccessionKind>,
        /// When, as EDTF, e.g. `1958`.
        date: MaybeUndefined<String>,
        /// Slug of the work (legal act) that made the change, e.g. `decree-1315-2008`.
        legal_act: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of a work: a legal act, a quotation or a musical work. Leave out a field to
    /// keep it on update; send `null` to clear it.
    WorkInput for Work [names] {
        /// Kind of work. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        kind: MaybeUndefined<WorkKind>,
        /// Title, e.g. `Symphony No. 7 "Leningrad"`. Required to create.
        title: MaybeUndefined<String>,
        /// Type of legal act, e.g. `government_decree` or `presidential_decree`.
        legislation_type: MaybeUndefined<String>,
        /// Identifier such as a decree number, e.g. `1315`.
        identifier: MaybeUndefined<String>,
        /// Date, as EDTF, e.g. `2008-09-06`.
        date: MaybeUndefined<String>,
        /// The creator, as a typed reference: `per.<slug>` or `org.<slug>`, e.g.
        /// `per.shostakovich`.
        creator: MaybeUndefined<String>,
        /// Slug of the organization that passed a legal act, e.g. `government-rf`.
        passed_by: MaybeUndefined<String>,
        /// Slug of the place of creation, e.g. `saint-petersburg`.
        place: MaybeUndefined<String>,
        /// Slug of the event series it belongs to as context.
        series: MaybeUndefined<String>,
        /// Text of a quotation.
        text: MaybeUndefined<String>,
        /// Language tag, e.g. `en`.
        language: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of an event series: a festival, forum, programme, campaign or recurring
    /// exchange. Leave out a field to keep it on update; send `null` to clear it.
    EventSeriesInput for EventSeries [names] {
        /// Name, e.g. `Slavyanski Bazaar in Vitebsk`. Required to create.
        name: MaybeUndefined<String>,
        /// Kind of series. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        kind: MaybeUndefined<EventKind>,
        /// How often it takes place, e.g. `annual`.
        frequency: MaybeUndefined<String>,
        /// Disciplines, e.g. `["music", "performing_arts"]`; replaces the list as a whole.
        disciplines: MaybeUndefined<Vec<String>>,
        /// Formats; replaces the list as a whole.
        formats: MaybeUndefined<Vec<String>>,
        /// When, as EDTF, e.g. `2006/..` (since 2006, still running).
        date: MaybeUndefined<String>,
        /// Description.
        description: MaybeUndefined<String>,
        /// Status as the source states it.
        status: MaybeUndefined<String>,
        /// True: the source's list of participants ends with "and others"; default false.
        open_list: MaybeUndefined<bool>,
    }
}

record_input! {
    /// The fields of an event: an edition of a series or a one-off, including a single
    /// exchange. Leave out a field to keep it on update; send `null` to clear it.
    EventInput for Event {
        /// Title, e.g. `7th CIS Forum of Artistic and Scientific Intelligentsia`. Required to
        /// create.
        title: MaybeUndefined<String>,
        /// Kind of event. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        kind: MaybeUndefined<EventKind>,
        /// Slug of the event series it is an edition of, e.g. `cis-forums`.
        series: MaybeUndefined<String>,
        /// Slug of the event it is part of.
        parent: MaybeUndefined<String>,
        /// Edition number in its series, e.g. 7.
        edition_number: MaybeUndefined<i32>,
        /// When, as EDTF, e.g. `2012`.
        date: MaybeUndefined<String>,
        /// Theme.
        theme: MaybeUndefined<String>,
        /// Description.
        description: MaybeUndefined<String>,
        /// True: the record stands for an unnamed set of occurrences ("tours around the CIS
        /// countries"); default false.
        aggregate: MaybeUndefined<bool>,
        /// True: the source's list of participants ends with "and others"; default false.
        open_list: MaybeUndefined<bool>,
    }
}

record_input! {
    /// The fields of a participation: a person or organization takes part in an event or
    /// series. Citations are optional: those of the event or series support it. Leave out a
    /// field to keep it on update; send `null` to clear it.
    ParticipationInput for Participation {
        /// The agent, as a typed reference: `per.<slug>` or `org.<slug>`, e.g. `org.ifescco`.
        /// Required to create.
        agent: MaybeUndefined<String>,
        /// The event or series, as a typed reference: `ev.<slug>` or `es.<slug>`, e.g.
        /// `es.cis-forums`. Required to create.
        target: MaybeUndefined<String>,
        /// Role of the agent. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        role: MaybeUndefined<ParticipationRole>,
        /// The source's wording.
        label: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of an event place: a place of an event or series, with its role. Citations
    /// are optional: those of the event or series support it. Leave out a field to keep it on
    /// update; send `null` to clear it.
    EventPlaceInput for EventPlace {
        /// The event or series, as a typed reference: `ev.<slug>` or `es.<slug>`, e.g.
        /// `es.slavyanski-bazaar`. Required to create.
        target: MaybeUndefined<String>,
        /// Slug of the place, e.g. `vitebsk`. Required to create.
        place: MaybeUndefined<String>,
        /// Role of the place; ORIGIN and DESTINATION give an exchange's direction. Required to
        /// create.
        #[serde(serialize_with = "maybe_stored")]
        role: MaybeUndefined<EventPlaceRole>,
    }
}

record_input! {
    /// The fields of a relation: a typed link between two records, or from a record to a
    /// literal. Leave out a field to keep it on update; send `null` to clear it.
    RelationInput for Relation {
        /// The subject, as a typed reference such as `org.auscr` or `per.einstein` (any kind
        /// but relations and statistics). Required to create.
        subject: MaybeUndefined<String>,
        /// The predicate. Required to create.
        #[serde(serialize_with = "maybe_stored")]
        predicate: MaybeUndefined<Predicate>,
        /// The object, as a typed reference such as `per.einstein`; give it or
        /// `objectLiteral`.
        object: MaybeUndefined<String>,
        /// The object as text, when it is not a record; give it or `object`.
        object_literal: MaybeUndefined<String>,
        /// The source's wording.
        label: MaybeUndefined<String>,
        /// When, as EDTF.
        valid: MaybeUndefined<String>,
    }
}

record_input! {
    /// The fields of a statistic: a number a source states about a record. Leave out a field
    /// to keep it on update; send `null` to clear it.
    StatisticInput for Statistic {
        /// What it is about, as a typed reference such as `org.usfs` (any kind but
        /// statistics). Required to create.
        subject: MaybeUndefined<String>,
        /// What is counted, e.g. `countries_with_presence`. Required to create.
        indicator: MaybeUndefined<String>,
        /// The number, e.g. 47. Required to create.
        value: MaybeUndefined<i64>,
        /// How the number relates to the true value, e.g. APPROX for "about". Required to
        /// create.
        #[serde(serialize_with = "maybe_stored")]
        comparator: MaybeUndefined<Comparator>,
        /// Unit, e.g. `country`.
        unit: MaybeUndefined<String>,
        /// Rate period, e.g. `year` for a number per year.
        per: MaybeUndefined<String>,
        /// The source's wording of the number, verbatim, e.g. `in 47 countries`; one of the
        /// statistic's quotes must hold it. Required to create.
        value_text: MaybeUndefined<String>,
        /// As of when, as EDTF, e.g. `[..1957]` (1957 or earlier).
        as_of: MaybeUndefined<String>,
        /// The source's wording of the date, e.g. `By 1957`.
        as_of_text: MaybeUndefined<String>,
    }
}
