//! `Table` impls for event series, events, works, memberships, successions, participations,
//! event places, relations and statistics.

use super::format::*;
use super::kind::Kind;
use super::table::*;
use crate::entities::{
    event, event_place, event_series, membership, participation, relation, statistic, succession,
    work,
};

const AGENTS: &[Kind] = &[Kind::Person, Kind::Organization];
const TARGETS: &[Kind] = &[Kind::Event, Kind::EventSeries];

fn date_of<'a>(name: &'static str, d: &'a Option<String>) -> Vec<(&'static str, &'a str)> {
    d.as_deref().map(|d| (name, d)).into_iter().collect()
}

fn push_opt<'a>(
    refs: &mut Vec<Ref<'a>>,
    field: &'static str,
    kind: Kind,
    slug: &'a Option<String>,
) {
    if let Some(s) = slug {
        refs.push(Ref::Bare(field, kind, s));
    }
}

/// Implements the parts of `Table` that only name the entity, section and list.
macro_rules! table_header {
    ($module:ident, $kind:expr, $section:literal, $list:ident) => {
        type Entity = $module::Entity;
        type Model = $module::Model;
        type Active = $module::ActiveModel;
        const KIND: Kind = $kind;
        const SECTION: &'static str = $section;
        common_accessors!();
        fn list(ds: &Dataset) -> &Vec<Self> {
            &ds.$list
        }
        fn list_mut(ds: &mut Dataset) -> &mut Vec<Self> {
            &mut ds.$list
        }
        fn id_column() -> $module::Column {
            $module::Column::Id
        }
    };
}

impl Table for EventSeriesRecord {
    table_header!(
        event_series,
        Kind::EventSeries,
        "event_series",
        event_series
    );
    const HAS_NAMES: bool = true;

    fn refs(&self) -> Vec<Ref<'_>> {
        vec![]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("date", &self.date)
    }
    fn to_model(&self, id: i32, _: &Resolver) -> Self::Model {
        let (date, date_year_from, date_year_to) = window(&self.date);
        let certain = certain(&self.date);
        event_series::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            name: self.name.clone(),
            kind: self.kind.as_str().into(),
            frequency: self.frequency.clone(),
            disciplines: list_to_db(&self.disciplines),
            formats: list_to_db(&self.formats),
            description: self.description.clone(),
            status: self.status.clone(),
            open_list: self.open_list,
            date,
            date_year_from,
            date_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, _: &Resolver) -> Self {
        EventSeriesRecord {
            slug: m.slug.clone(),
            name: m.name.clone(),
            kind: stored(&m.kind, EventKind::parse, EventKind::Programme),
            frequency: m.frequency.clone(),
            disciplines: list_from_db(&m.disciplines),
            formats: list_from_db(&m.formats),
            date: m.date.clone(),
            description: m.description.clone(),
            status: m.status.clone(),
            open_list: m.open_list,
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for EventRecord {
    table_header!(event, Kind::Event, "events", events);

    fn refs(&self) -> Vec<Ref<'_>> {
        let mut refs = Vec::new();
        push_opt(&mut refs, "series", Kind::EventSeries, &self.series);
        push_opt(&mut refs, "parent", Kind::Event, &self.parent);
        refs
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("date", &self.date)
    }
    fn self_ref(&self) -> Option<&str> {
        self.parent.as_deref()
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (date, date_year_from, date_year_to) = window(&self.date);
        let certain = certain(&self.date);
        event::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            title: self.title.clone(),
            kind: self.kind.as_str().into(),
            edition_number: self.edition_number,
            theme: self.theme.clone(),
            description: self.description.clone(),
            aggregate: self.aggregate,
            open_list: self.open_list,
            series_id: r.opt(Kind::EventSeries, &self.series),
            parent_id: r.opt(Kind::Event, &self.parent),
            date,
            date_year_from,
            date_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        EventRecord {
            slug: m.slug.clone(),
            title: m.title.clone(),
            kind: stored(&m.kind, EventKind::parse, EventKind::Programme),
            series: r.opt_slug(Kind::EventSeries, m.series_id),
            parent: r.opt_slug(Kind::Event, m.parent_id),
            edition_number: m.edition_number,
            date: m.date.clone(),
            theme: m.theme.clone(),
            description: m.description.clone(),
            aggregate: m.aggregate,
            open_list: m.open_list,
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for WorkRecord {
    table_header!(work, Kind::Work, "works", works);
    const HAS_NAMES: bool = true;

    fn refs(&self) -> Vec<Ref<'_>> {
        let mut refs = Vec::new();
        if let Some(c) = &self.creator {
            refs.push(Ref::Typed("creator", AGENTS, c));
        }
        push_opt(&mut refs, "passed_by", Kind::Organization, &self.passed_by);
        push_opt(&mut refs, "place", Kind::Place, &self.place);
        push_opt(&mut refs, "series", Kind::EventSeries, &self.series);
        refs
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("date", &self.date)
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (date, date_year_from, date_year_to) = window(&self.date);
        let creator = |kind| self.creator.as_deref().and_then(|c| r.typed_as(c, kind));
        work::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            kind: self.kind.as_str().into(),
            title: self.title.clone(),
            legislation_type: self.legislation_type.clone(),
            identifier: self.identifier.clone(),
            text: self.text.clone(),
            language: self.language.clone(),
            creator_person_id: creator(Kind::Person),
            creator_organization_id: creator(Kind::Organization),
            passed_by_id: r.opt(Kind::Organization, &self.passed_by),
            place_id: r.opt(Kind::Place, &self.place),
            series_id: r.opt(Kind::EventSeries, &self.series),
            date,
            date_year_from,
            date_year_to,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        WorkRecord {
            slug: m.slug.clone(),
            kind: stored(&m.kind, WorkKind::parse, WorkKind::Quotation),
            title: m.title.clone(),
            legislation_type: m.legislation_type.clone(),
            identifier: m.identifier.clone(),
            date: m.date.clone(),
            creator: r.first_typed(&[
                (Kind::Person, m.creator_person_id),
                (Kind::Organization, m.creator_organization_id),
            ]),
            passed_by: r.opt_slug(Kind::Organization, m.passed_by_id),
            place: r.opt_slug(Kind::Place, m.place_id),
            series: r.opt_slug(Kind::EventSeries, m.series_id),
            text: m.text.clone(),
            language: m.language.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for MembershipRecord {
    table_header!(membership, Kind::Membership, "memberships", memberships);

    fn refs(&self) -> Vec<Ref<'_>> {
        vec![
            Ref::Typed("member", AGENTS, &self.member),
            Ref::Bare("organization", Kind::Organization, &self.organization),
        ]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("valid", &self.valid)
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (valid, valid_year_from, valid_year_to) = window(&self.valid);
        let certain = certain(&self.valid);
        membership::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            role: self.role.as_str().into(),
            label: self.label.clone(),
            ordinal: self.ordinal,
            member_person_id: r.typed_as(&self.member, Kind::Person),
            member_organization_id: r.typed_as(&self.member, Kind::Organization),
            organization_id: r.id(Kind::Organization, &self.organization),
            valid,
            valid_year_from,
            valid_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        MembershipRecord {
            slug: m.slug.clone(),
            member: r
                .first_typed(&[
                    (Kind::Person, m.member_person_id),
                    (Kind::Organization, m.member_organization_id),
                ])
                .unwrap_or_default(),
            organization: r.slug(Kind::Organization, m.organization_id),
            role: stored(&m.role, MembershipRole::parse, MembershipRole::Member),
            label: m.label.clone(),
            ordinal: m.ordinal,
            valid: m.valid.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for SuccessionRecord {
    table_header!(succession, Kind::Succession, "successions", successions);

    fn refs(&self) -> Vec<Ref<'_>> {
        let mut refs = vec![
            Ref::Bare("predecessor", Kind::Organization, &self.predecessor),
            Ref::Bare("successor", Kind::Organization, &self.successor),
        ];
        push_opt(&mut refs, "legal_act", Kind::Work, &self.legal_act);
        refs
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("date", &self.date)
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (date, date_year_from, date_year_to) = window(&self.date);
        let certain = certain(&self.date);
        succession::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            kind: self.kind.as_str().into(),
            predecessor_id: r.id(Kind::Organization, &self.predecessor),
            successor_id: r.id(Kind::Organization, &self.successor),
            legal_act_id: r.opt(Kind::Work, &self.legal_act),
            date,
            date_year_from,
            date_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        SuccessionRecord {
            slug: m.slug.clone(),
            predecessor: r.slug(Kind::Organization, m.predecessor_id),
            successor: r.slug(Kind::Organization, m.successor_id),
            kind: stored(&m.kind, SuccessionKind::parse, SuccessionKind::ContinuedAs),
            date: m.date.clone(),
            legal_act: r.opt_slug(Kind::Work, m.legal_act_id),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for ParticipationRecord {
    table_header!(
        participation,
        Kind::Participation,
        "participations",
        participations
    );
    const NEEDS_SRC: bool = false;

    fn refs(&self) -> Vec<Ref<'_>> {
        vec![
            Ref::Typed("agent", AGENTS, &self.agent),
            Ref::Typed("target", TARGETS, &self.target),
        ]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        vec![]
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        participation::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            role: self.role.as_str().into(),
            label: self.label.clone(),
            person_id: r.typed_as(&self.agent, Kind::Person),
            organization_id: r.typed_as(&self.agent, Kind::Organization),
            event_id: r.typed_as(&self.target, Kind::Event),
            series_id: r.typed_as(&self.target, Kind::EventSeries),
            derived_from: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        ParticipationRecord {
            slug: m.slug.clone(),
            agent: r
                .first_typed(&[
                    (Kind::Person, m.person_id),
                    (Kind::Organization, m.organization_id),
                ])
                .unwrap_or_default(),
            target: r
                .first_typed(&[(Kind::Event, m.event_id), (Kind::EventSeries, m.series_id)])
                .unwrap_or_default(),
            role: stored(
                &m.role,
                ParticipationRole::parse,
                ParticipationRole::Participant,
            ),
            label: m.label.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for EventPlaceRecord {
    table_header!(event_place, Kind::EventPlace, "event_places", event_places);
    const NEEDS_SRC: bool = false;

    fn refs(&self) -> Vec<Ref<'_>> {
        vec![
            Ref::Typed("target", TARGETS, &self.target),
            Ref::Bare("place", Kind::Place, &self.place),
        ]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        vec![]
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        event_place::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            role: self.role.as_str().into(),
            event_id: r.typed_as(&self.target, Kind::Event),
            series_id: r.typed_as(&self.target, Kind::EventSeries),
            place_id: r.id(Kind::Place, &self.place),
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        EventPlaceRecord {
            slug: m.slug.clone(),
            target: r
                .first_typed(&[(Kind::Event, m.event_id), (Kind::EventSeries, m.series_id)])
                .unwrap_or_default(),
            place: r.slug(Kind::Place, m.place_id),
            role: stored(&m.role, EventPlaceRole::parse, EventPlaceRole::Scope),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for RelationRecord {
    table_header!(relation, Kind::Relation, "relations", relations);

    fn extra_checks(&self) -> Vec<(&'static str, String)> {
        if self.object.is_some() == self.object_literal.is_some() {
            vec![(
                "object",
                "give exactly one of `object` and `object_literal`".into(),
            )]
        } else {
            vec![]
        }
    }

    fn refs(&self) -> Vec<Ref<'_>> {
        let mut refs = vec![Ref::Typed(
            "subject",
            Kind::Relation.written_before(),
            &self.subject,
        )];
        if let Some(o) = &self.object {
            refs.push(Ref::Typed("object", Kind::Relation.written_before(), o));
        }
        refs
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("valid", &self.valid)
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (valid, valid_year_from, valid_year_to) = window(&self.valid);
        let (subject_kind, subject_id) = r.typed(&self.subject);
        let object = self.object.as_deref().map(|o| r.typed(o));
        let certain = certain(&self.valid);
        relation::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            subject_type: subject_kind.table().into(),
            subject_id,
            predicate: self.predicate.as_str().into(),
            object_type: object.map(|(k, _)| k.table().into()),
            object_id: object.map(|(_, id)| id),
            object_literal: self.object_literal.clone(),
            label: self.label.clone(),
            valid,
            valid_year_from,
            valid_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        RelationRecord {
            slug: m.slug.clone(),
            subject: r.typed_slug(&m.subject_type, m.subject_id),
            predicate: stored(&m.predicate, Predicate::parse, Predicate::ParticipatedIn),
            object: m
                .object_type
                .as_deref()
                .zip(m.object_id)
                .map(|(t, id)| r.typed_slug(t, id)),
            object_literal: m.object_literal.clone(),
            label: m.label.clone(),
            valid: m.valid.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}

impl Table for StatisticRecord {
    table_header!(statistic, Kind::Statistic, "statistics", statistics);

    fn refs(&self) -> Vec<Ref<'_>> {
        vec![Ref::Typed(
            "subject",
            Kind::Statistic.written_before(),
            &self.subject,
        )]
    }
    fn dates(&self) -> Vec<(&'static str, &str)> {
        date_of("as_of", &self.as_of)
    }
    fn verbatim(&self) -> Vec<(&'static str, &str)> {
        vec![("value_text", &self.value_text)]
    }
    fn to_model(&self, id: i32, r: &Resolver) -> Self::Model {
        let (as_of, as_of_year_from, as_of_year_to) = window(&self.as_of);
        let (subject_kind, subject_id) = r.typed(&self.subject);
        let certain = certain(&self.as_of);
        statistic::Model {
            id,
            slug: self.slug.clone(),
            version: 1,
            basis: self.basis.as_str().into(),
            note: self.note.clone(),
            subject_type: subject_kind.table().into(),
            subject_id,
            indicator: self.indicator.clone(),
            value: self.value,
            comparator: self.comparator.as_str().into(),
            unit: self.unit.clone(),
            per: self.per.clone(),
            value_text: self.value_text.clone(),
            as_of_text: self.as_of_text.clone(),
            as_of,
            as_of_year_from,
            as_of_year_to,
            latest_start: certain.latest_start,
            earliest_end: certain.earliest_end,
            possible_start: None,
            possible_end: None,
            end_basis: None,
            end_ref: None,
        }
    }
    fn from_model(m: &Self::Model, r: &Resolver) -> Self {
        StatisticRecord {
            slug: m.slug.clone(),
            subject: r.typed_slug(&m.subject_type, m.subject_id),
            indicator: m.indicator.clone(),
            value: m.value,
            comparator: stored(&m.comparator, Comparator::parse, Comparator::Eq),
            unit: m.unit.clone(),
            per: m.per.clone(),
            value_text: m.value_text.clone(),
            as_of: m.as_of.clone(),
            as_of_text: m.as_of_text.clone(),
            basis: stored_basis(&m.basis),
            note: m.note.clone(),
            names: vec![],
            src: vec![],
        }
    }
}
