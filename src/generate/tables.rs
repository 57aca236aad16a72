//! The rows of each table, one function per table, in load order: each table's rows point
//! at rows of the tables loaded before it.

use super::*;

/// The state of one load: where each table's rows start and how many there are.
struct Load<'s> {
    sink: &'s mut Sink,
    rng: Rng,
    tag: String,
    scale: f64,
    report: &'s mut Report,
    place0: i32,
    states: usize,
    cities: usize,
    org0: i32,
    orgs: usize,
    person0: i32,
    persons: usize,
    series0: i32,
    series: usize,
    series_start: Vec<usize>,
    event0: i32,
    events: usize,
}

/// The id of the `k`-th state (modulo their number).
fn state_id(place0: i32, states: usize, k: usize) -> i32 {
    place0 + (k % states) as i32
}

/// The id of the `k`-th city (modulo their number).
fn city_id(place0: i32, states: usize, cities: usize, k: usize) -> i32 {
    place0 + (states + k % cities) as i32
}

pub(super) async fn load(
    sink: &mut Sink,
    scale: f64,
    seed: u64,
    report: &mut Report,
) -> Result<(), DbErr> {
    let mut load = Load {
        sink,
        rng: Rng(seed),
        tag: format!("syn{seed}"),
        scale,
        report,
        place0: 0,
        states: 0,
        cities: 0,
        org0: 0,
        orgs: 0,
        person0: 0,
        persons: 0,
        series0: 0,
        series: 0,
        series_start: Vec::new(),
        event0: 0,
        events: 0,
    };
    // in this order: each table's rows point at rows of the tables before it
    load.places().await?;
    load.place_parts().await?;
    load.organizations().await?;
    load.persons().await?;
    load.successions().await?;
    load.memberships().await?;
    load.name_variants().await?;
    load.event_series().await?;
    load.events().await?;
    load.event_places().await?;
    load.participations().await?;
    load.citations().await
}

/// One function per table.
impl Load<'_> {
    /// Places: states, then cities; a quarter of the cities were in a historical state until 1991.
    async fn places(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // places: self.states, then self.cities; a quarter of the self.cities were in a historical state until 1991
        self.place0 = self.sink.max_id("place").await? + 1;
        self.states = n(40, self.scale);
        self.cities = n(160, self.scale);
        let mut places = Vec::new();
        for i in 0..self.states + self.cities {
            let state = i < self.states;
            let historical = state && i % 5 == 0;
            let valid = historical.then(|| "1922/1991".to_owned());
            let (from, to) = valid.as_deref().map_or((None, None), window);
            let c = valid.as_deref().map(certain).unwrap_or_default();
            places.push(place::Model {
                id: self.place0 + i as i32,
                slug: format!("{tag}-place-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                kind: if historical {
                    "historical_state"
                } else if state {
                    "country"
                } else {
                    "city"
                }
                .into(),
                name: if state {
                    format!("Synthetic State {i}")
                } else {
                    format!("Synthetic City {i}")
                },
                iso_alpha2: None,
                iso_alpha3: None,
                iso_numeric: None,
                iso3166_3: None,
                iso3166_2: None,
                iso_status: None,
                wikidata: None,
                valid,
                valid_year_from: from,
                valid_year_to: to,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            });
        }
        self.report
            .tables
            .push(("place", self.sink.write(places).await?));
        Ok(())
    }

    /// Which state each city belongs to, dated where it changed.
    async fn place_parts(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        let part0 = self.sink.max_id("place_part").await? + 1;
        let mut parts = Vec::new();
        for k in 0..self.cities {
            let country = state_id(self.place0, self.states, k);
            let mut links = vec![(country, None)];
            if k % 4 == 0 {
                // was in a historical state (every fifth state is one) until 1991
                let historical = self.place0 + ((k / 5 * 5) % self.states) as i32;
                links = vec![(historical, Some("1922/1991")), (country, Some("1991/.."))];
            }
            for (part_of, valid) in links {
                let (from, to) = valid.map_or((None, None), window);
                let c = valid.map(certain).unwrap_or_default();
                parts.push(place_part::Model {
                    id: part0 + parts.len() as i32,
                    slug: format!("{tag}-part-{}", parts.len()),
                    version: 1,
                    basis: "inferred".into(),
                    note: None,
                    place_id: city_id(self.place0, self.states, self.cities, k),
                    part_of_id: part_of,
                    valid: valid.map(str::to_owned),
                    valid_year_from: from,
                    valid_year_to: to,
                    latest_start: c.latest_start,
                    earliest_end: c.earliest_end,
                    possible_start: None,
                    possible_end: None,
                    end_basis: None,
                    end_ref: None,
                });
            }
        }
        self.report
            .tables
            .push(("place_part", self.sink.write(parts).await?));
        Ok(())
    }

    /// Organizations.
    async fn organizations(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // organizations
        self.org0 = self.sink.max_id("organization").await? + 1;
        self.orgs = n(20_000, self.scale);
        let mut rows = Vec::with_capacity(self.orgs);
        for i in 0..self.orgs {
            let kind = self.rng.pick(OrganizationKind::ALL);
            let year = 1900 + self.rng.below(120) as i32;
            let founded = match self.rng.below(10) {
                0 => format!("{year}?"),
                1 => format!("{}X", year / 10),
                2 => format!("[..{year}]"),
                _ => year.to_string(),
            };
            let dissolved = self
                .rng
                .percent(30)
                .then(|| (year + 1 + self.rng.below(40) as i32).to_string());
            let (ff, ft) = window(&founded);
            let (df, dt) = dissolved.as_deref().map_or((None, None), window);
            let c = Certain::of(
                edtf::parse(&founded).ok(),
                dissolved.as_deref().and_then(|d| edtf::parse(d).ok()),
            );
            let name = format!(
                "{} {} Society {i}",
                self.rng.pick(&WORDS),
                self.rng.pick(&WORDS)
            );
            rows.push(organization::Model {
                id: self.org0 + i as i32,
                slug: format!("{tag}-org-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                name,
                name_status: None,
                kind: kind.as_str().into(),
                aggregate: false,
                disciplines: None,
                purpose: None,
                description: Some(format!(
                    "A synthetic {} for benchmarks",
                    kind.as_str().replace('_', " ")
                )),
                country_id: Some(state_id(
                    self.place0,
                    self.states,
                    self.rng.below(self.states),
                )),
                place_id: Some(city_id(
                    self.place0,
                    self.states,
                    self.cities,
                    self.rng.below(self.cities),
                )),
                parent_id: (i > 0 && self.rng.percent(5))
                    .then(|| self.org0 + self.rng.below(i) as i32),
                founded: Some(founded),
                founded_year_from: ff,
                founded_year_to: ft,
                dissolved,
                dissolved_year_from: df,
                dissolved_year_to: dt,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            });
        }
        self.report
            .tables
            .push(("organization", self.sink.write(rows).await?));
        Ok(())
    }

    /// People.
    async fn persons(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        self.person0 = self.sink.max_id("person").await? + 1;
        self.persons = n(10_000, self.scale);
        let rows: Vec<person::Model> = (0..self.persons)
            .map(|i| person::Model {
                id: self.person0 + i as i32,
                slug: format!("{tag}-person-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                name: format!("{} Person {i}", self.rng.pick(&WORDS)),
                occupations: None,
                description: None,
                nationality_id: Some(state_id(
                    self.place0,
                    self.states,
                    self.rng.below(self.states),
                )),
                born: None,
                born_year_from: None,
                born_year_to: None,
                died: None,
                died_year_from: None,
                died_year_to: None,
            })
            .collect();
        self.report
            .tables
            .push(("person", self.sink.write(rows).await?));
        Ok(())
    }

    /// Successions: a chain of depth 20 from the first organization, then random forward links.
    async fn successions(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // successions: a chain of depth 20 from the first organization, then random forward links
        let succ0 = self.sink.max_id("succession").await? + 1;
        let successions = n(2_000, self.scale);
        let mut rows = Vec::with_capacity(successions);
        for i in 0..successions {
            let (from, to) = if i < 20.min(self.orgs.saturating_sub(1)) {
                (i, i + 1)
            } else {
                let a = self.rng.below(self.orgs.saturating_sub(1).max(1));
                (a, a + 1 + self.rng.below(self.orgs - a - 1).min(50))
            };
            if to >= self.orgs {
                continue;
            }
            let date = (1920 + self.rng.below(100)).to_string();
            let (df, dt) = window(&date);
            let c = certain(&date);
            rows.push(succession::Model {
                id: succ0 + rows.len() as i32,
                slug: format!("{tag}-succession-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                kind: self.rng.pick(SuccessionKind::ALL).as_str().into(),
                predecessor_id: self.org0 + from as i32,
                successor_id: self.org0 + to as i32,
                legal_act_id: None,
                date: Some(date),
                date_year_from: df,
                date_year_to: dt,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            });
        }
        self.report
            .tables
            .push(("succession", self.sink.write(rows).await?));
        Ok(())
    }

    /// Memberships and posts.
    async fn memberships(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        let member0 = self.sink.max_id("membership").await? + 1;
        let memberships = n(20_000, self.scale);
        let mut rows = Vec::with_capacity(memberships);
        for i in 0..memberships {
            let body = self.rng.below(self.orgs);
            let person = self.rng.percent(50);
            let role = if self.rng.percent(90) {
                MembershipRole::Member
            } else {
                self.rng
                    .pick(&[MembershipRole::Chair, MembershipRole::Head])
            };
            let start = 1920 + self.rng.below(100);
            let valid = if self.rng.percent(50) {
                format!("{start}/")
            } else {
                format!("{start}/{}", start + 1 + self.rng.below(30))
            };
            let (vf, vt) = window(&valid);
            let c = certain(&valid);
            rows.push(membership::Model {
                id: member0 + i as i32,
                slug: format!("{tag}-membership-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                role: role.as_str().into(),
                label: None,
                ordinal: None,
                member_person_id: person
                    .then(|| self.person0 + self.rng.below(self.persons) as i32),
                member_organization_id: (!person).then(|| {
                    self.org0
                        + ((body + 1 + self.rng.below(self.orgs.max(2) - 1)) % self.orgs) as i32
                }),
                organization_id: self.org0 + body as i32,
                valid: Some(valid),
                valid_year_from: vf,
                valid_year_to: vt,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            });
        }
        self.report
            .tables
            .push(("membership", self.sink.write(rows).await?));
        Ok(())
    }

    /// Name variants of organizations.
    async fn name_variants(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        let name0 = self.sink.max_id("name_variant").await? + 1;
        let variants = n(20_000, self.scale);
        let rows: Vec<name_variant::Model> = (0..variants)
            .map(|i| name_variant::Model {
                id: name0 + i as i32,
                slug: format!("{tag}-name-{i}"),
                basis: "inferred".into(),
                note: None,
                record_type: "organization".into(),
                record_id: self.org0 + (i % self.orgs) as i32,
                position: (i / self.orgs) as i32,
                name: format!("{} Society Variant {i}", self.rng.pick(&WORDS)),
                kind: "variant".into(),
                lang: None,
                valid: None,
                valid_year_from: None,
                valid_year_to: None,
                latest_start: None,
                earliest_end: None,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            })
            .collect();
        self.report
            .tables
            .push(("name_variant", self.sink.write(rows).await?));
        Ok(())
    }

    /// Event series.
    async fn event_series(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // event self.series and their editions
        self.series0 = self.sink.max_id("event_series").await? + 1;
        self.series = n(2_000, self.scale);
        self.series_start = Vec::with_capacity(self.series);
        let mut rows = Vec::with_capacity(self.series);
        for i in 0..self.series {
            let start = 1950 + self.rng.below(60);
            self.series_start.push(start);
            let date = format!("{start}/..");
            let (df, dt) = window(&date);
            let c = certain(&date);
            rows.push(event_series::Model {
                id: self.series0 + i as i32,
                slug: format!("{tag}-self.series-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                name: format!(
                    "{} {} Festival {i}",
                    self.rng.pick(&WORDS),
                    self.rng.pick(&WORDS)
                ),
                kind: self
                    .rng
                    .pick(&[
                        EventKind::Festival,
                        EventKind::Forum,
                        EventKind::Tour,
                        EventKind::Exhibition,
                    ])
                    .as_str()
                    .into(),
                frequency: Some("annual".into()),
                disciplines: None,
                formats: None,
                description: None,
                status: None,
                open_list: false,
                date: Some(date),
                date_year_from: df,
                date_year_to: dt,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            });
        }
        self.report
            .tables
            .push(("event_series", self.sink.write(rows).await?));
        Ok(())
    }

    /// Events: the editions of the series.
    async fn events(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        self.event0 = self.sink.max_id("event").await? + 1;
        self.events = n(100_000, self.scale);
        let mut rows = Vec::with_capacity(self.events);
        for i in 0..self.events {
            let s = i % self.series;
            let edition = i / self.series;
            let year = self.series_start[s] + edition;
            let date = year.to_string();
            let (df, dt) = window(&date);
            let c = certain(&date);
            rows.push(event::Model {
                id: self.event0 + i as i32,
                slug: format!("{tag}-event-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                title: format!(
                    "{} {} edition {}",
                    self.rng.pick(&WORDS),
                    self.rng.pick(&WORDS),
                    edition + 1
                ),
                kind: self.rng.pick(EventKind::ALL).as_str().into(),
                edition_number: Some(edition as i32 + 1),
                theme: None,
                description: None,
                aggregate: false,
                open_list: false,
                series_id: Some(self.series0 + s as i32),
                parent_id: None,
                date: Some(date),
                date_year_from: df,
                date_year_to: dt,
                latest_start: c.latest_start,
                earliest_end: c.earliest_end,
                possible_start: None,
                possible_end: None,
                end_basis: None,
                end_ref: None,
            });
        }
        self.report
            .tables
            .push(("event", self.sink.write(rows).await?));
        Ok(())
    }

    /// A venue city per event; one in five also has a state of origin.
    async fn event_places(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // a venue city per event; one in five also has a state of origin
        let place_row0 = self.sink.max_id("event_place").await? + 1;
        let mut rows = Vec::with_capacity(self.events * 6 / 5);
        for i in 0..self.events {
            let add = |role: &str, place_id: i32, rows: &mut Vec<event_place::Model>| {
                rows.push(event_place::Model {
                    id: place_row0 + rows.len() as i32,
                    slug: format!("{tag}-event-place-{}", rows.len()),
                    version: 1,
                    basis: "inferred".into(),
                    note: None,
                    role: role.into(),
                    event_id: Some(self.event0 + i as i32),
                    series_id: None,
                    place_id,
                });
            };
            add(
                "venue",
                city_id(
                    self.place0,
                    self.states,
                    self.cities,
                    self.rng.below(self.cities),
                ),
                &mut rows,
            );
            if i % 5 == 0 {
                add(
                    "origin",
                    state_id(self.place0, self.states, self.rng.below(self.states)),
                    &mut rows,
                );
            }
        }
        self.report
            .tables
            .push(("event_place", self.sink.write(rows).await?));
        Ok(())
    }

    /// Five agents per event and five per series.
    async fn participations(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // five agents per event: an organizing organization and four participants
        let part_row0 = self.sink.max_id("participation").await? + 1;
        let participations = n(500_000, self.scale);
        let mut rows = Vec::with_capacity(participations);
        for i in 0..participations {
            let event = (i / 5) % self.events;
            let organizer = i % 5 == 0;
            let person = !organizer && self.rng.percent(40);
            rows.push(participation::Model {
                id: part_row0 + i as i32,
                slug: format!("{tag}-participation-{i}"),
                version: 1,
                basis: "inferred".into(),
                note: None,
                role: if organizer {
                    "organizer"
                } else {
                    "participant"
                }
                .into(),
                label: None,
                person_id: person.then(|| self.person0 + self.rng.below(self.persons) as i32),
                organization_id: (!person).then(|| self.org0 + self.rng.below(self.orgs) as i32),
                event_id: Some(self.event0 + event as i32),
                series_id: None,
                derived_from: None,
            });
        }
        // five agents per series: an organizer, a co-organizer (both organizations) and three
        // participants, so that a self.series' `organizers` and `participants` are never empty
        for s in 0..self.series {
            for k in 0..5 {
                let i = rows.len();
                let role = match k {
                    0 => "organizer",
                    1 => "co_organizer",
                    _ => "participant",
                };
                let person = k >= 2 && self.rng.percent(40);
                rows.push(participation::Model {
                    id: part_row0 + i as i32,
                    slug: format!("{tag}-self.series-participation-{s}-{k}"),
                    version: 1,
                    basis: "inferred".into(),
                    note: None,
                    role: role.into(),
                    label: None,
                    person_id: person.then(|| self.person0 + self.rng.below(self.persons) as i32),
                    organization_id: (!person)
                        .then(|| self.org0 + self.rng.below(self.orgs) as i32),
                    event_id: None,
                    series_id: Some(self.series0 + s as i32),
                    derived_from: None,
                });
            }
        }
        self.report
            .tables
            .push(("participation", self.sink.write(rows).await?));
        Ok(())
    }

    /// One citation per event, quoting a synthetic source document.
    async fn citations(&mut self) -> Result<(), DbErr> {
        let tag = self.tag.clone();
        // one citation per event, quoting a synthetic source document
        let doc_id = self.sink.max_id("source_document").await? + 1;
        let text = "Synthetic records for benchmarks.\n";
        let doc = source_document::Model {
            id: doc_id,
            slug: format!("{tag}-document"),
            version: 1,
            basis: "inferred".into(),
            note: None,
            title: "Synthetic source".into(),
            file_name: format!("{tag}.txt"),
            collection: None,
            publisher: None,
            language: Some("en".into()),
            text: text.into(),
            sha256: {
                use sha2::{Digest, Sha256};
                format!("{:x}", Sha256::digest(text.as_bytes()))
            },
            published: None,
            published_year_from: None,
            published_year_to: None,
            written: None,
            written_year_from: None,
            written_year_to: None,
        };
        self.report
            .tables
            .push(("source_document", self.sink.write(vec![doc]).await?));
        let cite0 = self.sink.max_id("citation").await? + 1;
        let citations = n(100_000, self.scale);
        let rows: Vec<citation::Model> = (0..citations)
            .map(|i| citation::Model {
                id: cite0 + i as i32,
                slug: format!("{tag}-citation-{i}"),
                basis: "stated".into(),
                note: None,
                record_type: "event".into(),
                record_id: self.event0 + (i % self.events) as i32,
                position: (i / self.events) as i32,
                field: None,
                line: Some(1),
                quote: Some("Synthetic records".into()),
                document_id: Some(doc_id),
            })
            .collect();
        self.report
            .tables
            .push(("citation", self.sink.write(rows).await?));
        Ok(())
    }
}
