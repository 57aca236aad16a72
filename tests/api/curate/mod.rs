//! Curated writes over real HTTP on both databases: credentials and roles, the importer's
//! validation, provenance, versions and conflicts, history and revert, deletes with
//! referrers, derived data visible to the next read, idempotency and the write limits.

use coopgraph::domain::auth::{self, Role};
use serde_json::{Value, json};

use crate::helpers::{TestDb, db_test};

mod access;

/// A stated citation of a line of the bundled `story`.
pub(super) const CITE: &str = r#"{document: "story", quote: "celebrates its 90th anniversary"}"#;

pub(super) struct Client {
    pub(super) http: reqwest::Client,
    pub(super) base: String,
}

impl Client {
    pub(super) async fn post(&self, key: Option<&str>, query: &str) -> (u16, Value) {
        self.post_with(key, query, None).await.0
    }

    pub(super) async fn post_with(
        &self,
        key: Option<&str>,
        query: &str,
        idempotency: Option<&str>,
    ) -> ((u16, Value), Option<String>) {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query }));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(k) = idempotency {
            request = request.header("Idempotency-Key", k);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let replayed = response
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap().to_owned());
        let body: Value = response.json().await.unwrap();
        ((status, body), replayed)
    }
}

pub(super) fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

pub(super) async fn setup(db: &TestDb) -> (Client, String, String, actix_web::dev::ServerHandle) {
    let conn = db.with_bundled_data().await;
    let (_, editor) = auth::create(&conn, "an editor", Role::Editor)
        .await
        .unwrap();
    let (_, admin) = auth::create(&conn, "an admin", Role::Admin).await.unwrap();
    // debug builds beside the whole suite: give the serialized writes time (the speed of
    // writes is the benchmark's business, not these tests')
    let mut config = db.config.clone();
    config.limits.request_timeout_ms = 120_000;
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let client = Client {
        http: reqwest::Client::new(),
        base,
    };
    (client, editor, admin, handle)
}

db_test!(writes_are_validated_by_the_importers_rules, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    let cases = [
        // no citation at all
        (r#"{slug: "p-one", name: "P"}"#.to_owned(), "src"),
        // an EDTF date that does not parse
        (format!(r#"{{slug: "p-two", name: "P", born: "19x5", src: [{CITE}]}}"#), "born"),
        // a reference to nothing
        (format!(r#"{{slug: "p-three", name: "P", nationality: "atlantis", src: [{CITE}]}}"#), "nationality"),
        // a bad slug
        (format!(r#"{{slug: "Bad Slug", name: "P", src: [{CITE}]}}"#), "slug"),
        // a quote the document does not hold
        (r#"{slug: "p-four", name: "P", src: [{document: "story", quote: "words nowhere in it"}]}"#.to_owned(), "src[0]"),
        // an inferred citation without its note
        (r#"{slug: "p-five", name: "P", src: [{basis: INFERRED}]}"#.to_owned(), "src[0]"),
        // a required field missing
        (format!(r#"{{slug: "p-six", src: [{CITE}]}}"#), "input"),
    ];
    for (input, field) in cases {
        let q = format!("mutation {{ createPerson(input: {input}) {{ record {{ slug }} }} }}");
        let (status, body) = c.post(Some(&editor), &q).await;
        assert_eq!(
            (status, code(&body)),
            (200, "BAD_USER_INPUT"),
            "{input}: {body}"
        );
        let issues = body["errors"][0]["extensions"]["issues"]
            .as_array()
            .unwrap();
        assert!(
            issues.iter().any(|i| i["field"] == field),
            "{input}: expected an issue at {field}: {body}"
        );
        assert!(body["data"].is_null(), "{body}");
    }
    // a succession cycle is refused as on import
    let q = format!(
        r#"mutation {{ createSuccession(input: {{slug: "loop", predecessor: "rossotrudnichestvo", successor: "vokc", kind: RENAMED, src: [{CITE}]}}) {{ record {{ slug }} }} }}"#
    );
    let (_, body) = c.post(Some(&editor), &q).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    // nothing was written
    let (_, body) = c.post(None, "{ changes { edges { node { id } } } }").await;
    assert_eq!(body["data"]["changes"]["edges"], json!([]), "{body}");
    handle.stop(true).await;
});

db_test!(versions_history_revert_and_derived_data, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    let create = format!(
        r#"mutation {{ createOrganization(input: {{slug: "zyxwv-friendship-society", name: "Zyxwv Friendship Society", kind: FRIENDSHIP_SOCIETY, founded: "1990", src: [{CITE}]}}) {{ record {{ slug version founded }} change {{ id mutation actor versionAfter }} }} }}"#
    );
    let (status, body) = c.post(Some(&editor), &create).await;
    assert_eq!(status, 200, "{body}");
    let out = &body["data"]["createOrganization"];
    assert_eq!(out["record"]["version"], 1, "{body}");
    assert_eq!(out["change"]["mutation"], "createOrganization");
    assert!(
        out["change"]["actor"]
            .as_str()
            .unwrap()
            .contains("an editor")
    );
    let created = out["change"]["id"].as_i64().unwrap();
    // the same slug again: CONFLICT
    let (_, body) = c.post(Some(&editor), &create).await;
    assert_eq!(code(&body), "CONFLICT", "{body}");
    // derived data: search and the as-of filters see it at once
    let search =
        r#"{ search(text: "Zyxwv") { nodes { record { ... on Organization { slug } } } } }"#;
    let (_, body) = c.post(None, search).await;
    assert_eq!(
        body["data"]["search"]["nodes"][0]["record"]["slug"], "zyxwv-friendship-society",
        "{body}"
    );
    let alive = |year: i32| {
        format!(
            r#"{{ organizations(filter: {{slug: {{eq: "zyxwv-friendship-society"}}, activeIn: {year}}}) {{ nodes {{ slug }} }} }}"#
        )
    };
    let (_, body) = c.post(None, &alive(1985)).await;
    assert_eq!(body["data"]["organizations"]["nodes"], json!([]), "{body}");
    // a stale version: CONFLICT with the current one, nothing written
    let update = |version: i32, cite: &str| {
        format!(
            r#"mutation {{ updateOrganization(slug: "zyxwv-friendship-society", version: {version}, input: {{founded: "1980"}}{cite}) {{ record {{ version founded }} change {{ id versionBefore versionAfter before after }} }} }}"#
        )
    };
    let (_, body) = c
        .post(Some(&editor), &update(7, &format!(", cite: [{CITE}]")))
        .await;
    assert_eq!(code(&body), "CONFLICT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["currentVersion"], 1,
        "{body}"
    );
    // a change without a new citation is refused
    let (_, body) = c.post(Some(&editor), &update(1, "")).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    let (_, body) = c
        .post(
            Some(&editor),
            &update(
                1,
                r#", cite: [{basis: INFERRED, field: "founded", note: "read from the charter"}]"#,
            ),
        )
        .await;
    let out = &body["data"]["updateOrganization"];
    assert_eq!(
        out["record"],
        json!({"version": 2, "founded": "1980"}),
        "{body}"
    );
    assert_eq!(out["change"]["before"]["founded"], "1990");
    assert_eq!(out["change"]["after"]["founded"], "1980");
    let updated = out["change"]["id"].as_i64().unwrap();
    let (_, body) = c.post(None, &alive(1985)).await;
    assert_eq!(
        body["data"]["organizations"]["nodes"][0]["slug"], "zyxwv-friendship-society",
        "{body}"
    );
    // the record's history, and the root list
    let history = r#"{ organization(slug: "zyxwv-friendship-society") { version history { edges { node { id mutation versionAfter } } } } }"#;
    let (_, body) = c.post(None, history).await;
    let edges = body["data"]["organization"]["history"]["edges"]
        .as_array()
        .unwrap();
    assert_eq!(edges.len(), 2, "{body}");
    // reverting the create while the record has changed since: CONFLICT
    let revert = |id: i64| {
        format!("mutation {{ revertChange(id: {id}) {{ record version change {{ reverts }} }} }}")
    };
    let (_, body) = c.post(Some(&editor), &revert(created)).await;
    assert_eq!(code(&body), "CONFLICT", "{body}");
    // reverting the update puts the date back, as a change of its own
    let (_, body) = c.post(Some(&editor), &revert(updated)).await;
    assert_eq!(body["data"]["revertChange"]["version"], 3, "{body}");
    assert_eq!(body["data"]["revertChange"]["change"]["reverts"], updated);
    let (_, body) = c.post(None, &alive(1985)).await;
    assert_eq!(body["data"]["organizations"]["nodes"], json!([]), "{body}");
    let since = r#"{ changes(since: "2000-01-01") { edges { node { mutation record } } } }"#;
    let (_, body) = c.post(None, since).await;
    let mutations: Vec<&str> = body["data"]["changes"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["mutation"].as_str().unwrap())
        .collect();
    assert_eq!(
        mutations,
        ["createOrganization", "updateOrganization", "revertChange"]
    );
    // a bundled record whose citations include full entries without a quote keeps them
    let q = r#"mutation { updateEvent(slug: "anniversary-90", version: 1, input: {theme: "90 years of people’s diplomacy"}, cite: [{document: "story", quote: "90 years of people’s diplomacy", field: "theme"}]) { record { version theme citations { totalCount } } } }"#;
    let (_, body) = c.post(Some(&editor), q).await;
    assert_eq!(
        body["data"]["updateEvent"]["record"]["version"], 2,
        "{body}"
    );
    // the export holds the record, ready to be committed as a file
    let conn = db.connect().await;
    let yaml = coopgraph::domain::dataset::export(&conn).await.unwrap();
    assert!(
        yaml.contains("slug: zyxwv-friendship-society"),
        "export misses the record"
    );
    handle.stop(true).await;
});

db_test!(
    deleting_a_referenced_record_is_refused_unless_cascaded,
    |db| {
        let (c, editor, admin, handle) = setup(&db).await;
        for q in [
            format!(
                r#"mutation {{ createPerson(input: {{slug: "del-person", name: "Del Person", src: [{CITE}]}}) {{ record {{ slug }} }} }}"#
            ),
            format!(
                r#"mutation {{ createMembership(input: {{slug: "del-person-member", member: "per.del-person", organization: "rossotrudnichestvo", role: MEMBER, src: [{CITE}]}}) {{ record {{ slug }} }} }}"#
            ),
        ] {
            let (status, body) = c.post(Some(&editor), &q).await;
            assert!(status == 200 && body["errors"].is_null(), "{body}");
        }
        let delete = |cascade: bool| {
            format!(
                r#"mutation {{ deletePerson(slug: "del-person", version: 1, cascade: {cascade}) {{ deleted {{ record version change {{ id }} }} }} }}"#
            )
        };
        let (_, body) = c.post(Some(&editor), &delete(false)).await;
        assert_eq!(code(&body), "REFERENCED", "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["referrers"],
            json!(["mem.del-person-member"])
        );
        let (status, body) = c.post(Some(&editor), &delete(true)).await;
        assert_eq!((status, code(&body)), (403, "FORBIDDEN"), "{body}");
        let (_, body) = c.post(Some(&admin), &delete(true)).await;
        let deleted: Vec<&str> = body["data"]["deletePerson"]["deleted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["record"].as_str().unwrap())
            .collect();
        assert_eq!(
            deleted,
            ["per.del-person", "mem.del-person-member"],
            "{body}"
        );
        let (_, body) = c
            .post(None, r#"{ person(slug: "del-person") { slug } }"#)
            .await;
        assert!(body["data"]["person"].is_null(), "{body}");
        handle.stop(true).await;
    }
);

db_test!(twenty_racing_creates_of_one_slug_make_one_record, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    let q = format!(
        r#"mutation {{ createPerson(input: {{slug: "racer", name: "Racer", src: [{CITE}]}}) {{ record {{ slug }} }} }}"#
    );
    let runs = (0..20).map(|_| c.post(Some(&editor), &q));
    let results = futures_util::future::join_all(runs).await;
    let won = results
        .iter()
        .filter(|(s, b)| *s == 200 && b["errors"].is_null())
        .count();
    let conflicts = results
        .iter()
        .filter(|(_, b)| code(b) == "CONFLICT")
        .count();
    assert_eq!((won, conflicts), (1, 19), "{results:?}");
    handle.stop(true).await;
});

db_test!(every_record_reads_its_version_on_both_paths, |db| {
    let conn = db.with_bundled_data().await;
    for q in [
        "{ events(first: 3) { nodes { slug version } } }",
        "{ organizations(first: 3) { nodes { slug version memberships(first: 2) { nodes { version } } } } }",
    ] {
        let (data, compiled) = crate::helpers::oracle(&conn, q, Value::Null).await;
        assert!(compiled, "{q} should compile");
        assert!(data.to_string().contains("\"version\":1"), "{data}");
    }
});

db_test!(an_event_is_created_with_its_places_and_participants, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    let nested = |place: &str| {
        format!(
            r#"mutation {{ createEventWithParts(
                input: {{slug: "anniversary-concert-2015", title: "Anniversary concert", kind: CONCERT, date: "2015", src: [{CITE}]}},
                places: [{{slug: "anniversary-concert-2015-moscow", place: "{place}", role: VENUE, src: [{CITE}]}}],
                participants: [{{slug: "anniversary-concert-2015-host", agent: "org.rossotrudnichestvo", role: HOST, src: [{CITE}]}}]
            ) {{ record {{ slug places {{ nodes {{ role place {{ slug }} }} }} participants {{ nodes {{ role }} }} }} }} }}"#
        )
    };
    // a bad part: nothing is written, the issue is named after its list
    let (_, body) = c.post(Some(&editor), &nested("atlantis")).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    let issues = body["errors"][0]["extensions"]["issues"]
        .as_array()
        .unwrap();
    assert!(
        issues.iter().any(|i| i["field"] == "places[0].place"),
        "{body}"
    );
    let (_, body) = c
        .post(
            None,
            r#"{ event(slug: "anniversary-concert-2015") { slug } }"#,
        )
        .await;
    assert!(body["data"]["event"].is_null(), "{body}");
    let (_, body) = c.post(Some(&editor), &nested("moscow")).await;
    let record = &body["data"]["createEventWithParts"]["record"];
    assert_eq!(
        record["places"]["nodes"][0]["place"]["slug"], "moscow",
        "{body}"
    );
    assert_eq!(record["participants"]["nodes"][0]["role"], "HOST", "{body}");
    handle.stop(true).await;
});
