//! Every relation of the data model is reachable both ways, and both ways agree: the pairs
//! (parent, child) read from the child's to-one field equal those read from the parent's
//! to-many connection, over the whole bundled dataset.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{data, db_test, execute};

/// Every node of a root connection, paging with `after`.
async fn all_nodes(
    db: &sea_orm::DatabaseConnection,
    root: &str,
    args: &str,
    selection: &str,
) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after = Value::Null;
    loop {
        let query = format!(
            "query($after: String) {{ {root}(first: 100, after: $after{args}) {{ nodes {{ {selection} }} pageInfo {{ hasNextPage endCursor }} }} }}"
        );
        let response = execute(db, &query, json!({ "after": after })).await;
        assert!(response.get("errors").is_none(), "{query}\n{response:#}");
        let conn = &response["data"][root];
        out.extend(conn["nodes"].as_array().unwrap().iter().cloned());
        if conn["pageInfo"]["hasNextPage"] != json!(true) {
            return out;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
}

/// The key of a parent as read from the child: `slug`, or `Type:slug` for a Node.
fn key(parent: &Value) -> Option<String> {
    let slug = parent.get("slug")?.as_str()?;
    Some(match parent.get("__typename").and_then(Value::as_str) {
        Some(ty) => format!("{ty}:{slug}"),
        None => slug.to_owned(),
    })
}

/// Pairs read from the child side: `(key(child.<field>), child.slug)`.
async fn from_child(
    db: &sea_orm::DatabaseConnection,
    child_root: &str,
    args: &str,
    field: &str,
) -> BTreeSet<(String, String)> {
    let selection = format!("slug parent: {field}");
    all_nodes(db, child_root, args, &selection)
        .await
        .iter()
        .filter_map(|n| Some((key(&n["parent"])?, n["slug"].as_str()?.to_owned())))
        .collect()
}

/// Pairs read from the parent side: `(parent key, child slug)` for every child in
/// `parent.<conn>`; a parent with more than a page is paged on its own.
async fn from_parent(
    db: &sea_orm::DatabaseConnection,
    parent_root: &str,
    typename: Option<&str>,
    conn: &str,
) -> BTreeSet<(String, String)> {
    let selection = format!(
        "slug c: {conn}(first: 20) {{ nodes {{ slug }} pageInfo {{ hasNextPage endCursor }} }}"
    );
    let mut pairs = BTreeSet::new();
    for parent in all_nodes(db, parent_root, "", &selection).await {
        let slug = parent["slug"].as_str().unwrap().to_owned();
        let pkey = match typename {
            Some(ty) => format!("{ty}:{slug}"),
            None => slug.clone(),
        };
        let mut page = parent["c"].clone();
        loop {
            for child in page["nodes"].as_array().unwrap() {
                pairs.insert((pkey.clone(), child["slug"].as_str().unwrap().to_owned()));
            }
            if page["pageInfo"]["hasNextPage"] != json!(true) {
                break;
            }
            let query = format!(
                "query($after: String) {{ {parent_root}(filter: {{slug: {{eq: \"{slug}\"}}}}) {{ nodes {{ c: {conn}(first: 100, after: $after) {{ nodes {{ slug }} pageInfo {{ hasNextPage endCursor }} }} }} }} }}"
            );
            let response = execute(
                db,
                &query,
                json!({ "after": page["pageInfo"]["endCursor"] }),
            )
            .await;
            page = response["data"][parent_root]["nodes"][0]["c"].clone();
        }
    }
    pairs
}

/// (child root, child filter args, child's to-one field, parent root, parent typename when the
/// to-one field is polymorphic, parent's to-many connection)
type Pair = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

const PAIRS: &[Pair] = &[
    (
        "organizations",
        "",
        "country { slug }",
        "places",
        None,
        "organizations",
    ),
    (
        "organizations",
        "",
        "place { slug }",
        "places",
        None,
        "locatedOrganizations",
    ),
    (
        "organizations",
        "",
        "parent { slug }",
        "organizations",
        None,
        "children",
    ),
    (
        "memberships",
        "",
        "organization { slug }",
        "organizations",
        None,
        "memberships",
    ),
    (
        "memberships",
        ", filter: {role: {in: [CHAIR, HEAD]}}",
        "organization { slug }",
        "organizations",
        None,
        "posts",
    ),
    (
        "memberships",
        "",
        "memberOrganization { slug }",
        "organizations",
        None,
        "memberOf",
    ),
    (
        "memberships",
        "",
        "memberPerson { slug }",
        "persons",
        None,
        "memberships",
    ),
    (
        "memberships",
        ", filter: {role: {in: [CHAIR, HEAD]}}",
        "memberPerson { slug }",
        "persons",
        None,
        "posts",
    ),
    (
        "successions",
        "",
        "predecessor { slug }",
        "organizations",
        None,
        "successors",
    ),
    (
        "successions",
        "",
        "successor { slug }",
        "organizations",
        None,
        "predecessors",
    ),
    (
        "successions",
        "",
        "legalAct { slug }",
        "works",
        None,
        "successions",
    ),
    (
        "participations",
        "",
        "organization { slug }",
        "organizations",
        None,
        "participations",
    ),
    (
        "participations",
        "",
        "person { slug }",
        "persons",
        None,
        "participations",
    ),
    (
        "participations",
        "",
        "event { slug }",
        "events",
        None,
        "participants",
    ),
    (
        "participations",
        "",
        "series { slug }",
        "eventSeriesList",
        None,
        "participants",
    ),
    (
        "events",
        "",
        "series { slug }",
        "eventSeriesList",
        None,
        "editions",
    ),
    ("events", "", "parent { slug }", "events", None, "children"),
    (
        "eventPlaces",
        "",
        "event { slug }",
        "events",
        None,
        "places",
    ),
    (
        "eventPlaces",
        "",
        "series { slug }",
        "eventSeriesList",
        None,
        "places",
    ),
    (
        "eventPlaces",
        "",
        "place { slug }",
        "places",
        None,
        "eventPlaces",
    ),
    (
        "persons",
        "",
        "nationality { slug }",
        "places",
        None,
        "nationals",
    ),
    ("placeParts", "", "place { slug }", "places", None, "partOf"),
    ("placeParts", "", "partOf { slug }", "places", None, "parts"),
    (
        "works",
        "",
        "creator { ... on Organization { slug } }",
        "organizations",
        None,
        "works",
    ),
    (
        "works",
        "",
        "creator { ... on Person { slug } }",
        "persons",
        None,
        "works",
    ),
    (
        "works",
        "",
        "passedBy { slug }",
        "organizations",
        None,
        "actsPassed",
    ),
    ("works", "", "place { slug }", "places", None, "works"),
    (
        "works",
        "",
        "series { slug }",
        "eventSeriesList",
        None,
        "works",
    ),
    (
        "citations",
        "",
        "document { slug }",
        "sourceDocuments",
        None,
        "quotations",
    ),
];

/// Root connection and typename of every record type (for the polymorphic relations).
const TYPES: &[(&str, &str)] = &[
    ("organizations", "Organization"),
    ("persons", "Person"),
    ("places", "Place"),
    ("placeParts", "PlacePart"),
    ("memberships", "Membership"),
    ("successions", "Succession"),
    ("eventSeriesList", "EventSeries"),
    ("events", "Event"),
    ("participations", "Participation"),
    ("eventPlaces", "EventPlace"),
    ("works", "Work"),
    ("statistics", "Statistic"),
    ("nameVariants", "NameVariant"),
    ("relations", "Relation"),
    ("sourceDocuments", "SourceDocument"),
    ("citations", "Citation"),
];

/// Types that can be the subject or object of statistics and relations.
const SUBJECTS: &[(&str, &str)] = &[
    ("organizations", "Organization"),
    ("persons", "Person"),
    ("places", "Place"),
    ("eventSeriesList", "EventSeries"),
    ("events", "Event"),
    ("works", "Work"),
];

db_test!(every_foreign_key_reads_the_same_both_ways, |db| {
    let conn = db.with_bundled_data().await;
    for (child_root, args, field, parent_root, typename, to_many) in PAIRS {
        let child_side = from_child(&conn, child_root, args, field).await;
        let parent_side = from_parent(&conn, parent_root, *typename, to_many).await;
        assert!(
            !child_side.is_empty(),
            "{child_root}.{field}: no data to compare"
        );
        assert_eq!(
            child_side, parent_side,
            "{child_root}.{field} vs {parent_root}.{to_many}"
        );
    }
});

db_test!(polymorphic_references_read_the_same_both_ways, |db| {
    let conn = db.with_bundled_data().await;
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
    );
    let cases: [Case; 5] = [
        (
            "citations",
            "record { __typename slug }",
            TYPES,
            "citations",
        ),
        (
            "nameVariants",
            "record { __typename slug }",
            TYPES,
            "nameVariants",
        ),
        (
            "statistics",
            "subject { __typename slug }",
            SUBJECTS,
            "statistics",
        ),
        (
            "relations",
            "subject { __typename slug }",
            SUBJECTS,
            "relations",
        ),
        (
            "relations",
            "object { __typename slug }",
            SUBJECTS,
            "relationsAsObject",
        ),
    ];
    for (child_root, field, parents, to_many) in cases {
        let child_side = from_child(&conn, child_root, "", field).await;
        let mut parent_side = BTreeSet::new();
        for (parent_root, typename) in parents {
            parent_side.extend(from_parent(&conn, parent_root, Some(typename), to_many).await);
        }
        assert!(!child_side.is_empty(), "{child_root}.{field}: no data");
        assert_eq!(
            child_side, parent_side,
            "{child_root}.{field} vs <record>.{to_many}"
        );
    }
});

db_test!(
    organizers_and_event_places_by_role_match_the_link_rows,
    |db| {
        let conn = db.with_bundled_data().await;
        // organizers: organizations in an organizer role, read from participations
        let organizer = ", filter: {role: {in: [ORGANIZER, CO_ORGANIZER]}, organization: {}}";
        let rows = all_nodes(
            &conn,
            "participations",
            organizer,
            "organization { slug } series { slug } event { slug }",
        )
        .await;
        let series_org: BTreeSet<(String, String)> = rows
            .iter()
            .filter(|r| !r["series"].is_null())
            .map(|r| {
                (
                    r["series"]["slug"].as_str().unwrap().to_owned(),
                    r["organization"]["slug"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(!series_org.is_empty());
        assert_eq!(
            series_org,
            from_parent(&conn, "eventSeriesList", None, "organizers").await
        );
        let org_series: BTreeSet<(String, String)> = series_org
            .iter()
            .map(|(s, o)| (o.clone(), s.clone()))
            .collect();
        assert_eq!(
            org_series,
            from_parent(&conn, "organizations", None, "organizedSeries").await
        );
        let org_events: BTreeSet<(String, String)> = rows
            .iter()
            .filter(|r| !r["event"].is_null())
            .map(|r| {
                (
                    r["organization"]["slug"].as_str().unwrap().to_owned(),
                    r["event"]["slug"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            org_events,
            from_parent(&conn, "organizations", None, "organizedEvents").await
        );
        let event_orgs: BTreeSet<(String, String)> = org_events
            .iter()
            .map(|(o, e)| (e.clone(), o.clone()))
            .collect();
        assert_eq!(
            event_orgs,
            from_parent(&conn, "events", None, "organizers").await
        );

        // events of a place, by role
        for (role, field) in [
            ("VENUE", "eventsAsVenue"),
            ("ORIGIN", "eventsAsOrigin"),
            ("DESTINATION", "eventsAsDestination"),
        ] {
            let args = format!(", filter: {{role: {{eq: {role}}}}}");
            let rows =
                all_nodes(&conn, "eventPlaces", &args, "place { slug } event { slug }").await;
            let expected: BTreeSet<(String, String)> = rows
                .iter()
                .filter(|r| !r["event"].is_null())
                .map(|r| {
                    (
                        r["place"]["slug"].as_str().unwrap().to_owned(),
                        r["event"]["slug"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            assert!(
                !expected.is_empty() || role == "DESTINATION",
                "{role}: no events"
            );
            assert_eq!(
                expected,
                from_parent(&conn, "places", None, field).await,
                "{field}"
            );
        }
    }
);

db_test!(
    one_request_walks_from_a_citation_to_its_record_and_back_to_the_source,
    |db| {
        let conn = db.with_bundled_data().await;
        let out = data(
        &conn,
        r#"{ organization(slug: "auscr") { id name citations(first: 1) { nodes { line quote document { slug line(number: 1) } record { __typename ... on Organization { slug } } } } } }"#,
    )
    .await;
        let org = &out["organization"];
        let citation = &org["citations"]["nodes"][0];
        assert_eq!(citation["record"]["__typename"], "Organization");
        assert_eq!(citation["record"]["slug"], "auscr");
        assert!(citation["quote"].as_str().unwrap().len() > 3);
        // node(id) returns the same record
        let id = org["id"].as_str().unwrap();
        let node = data(
            &conn,
            &format!(
                "{{ node(id: \"{id}\") {{ __typename slug ... on Organization {{ name }} }} }}"
            ),
        )
        .await;
        assert_eq!(node["node"]["name"], org["name"]);
        let nodes = data(
            &conn,
            &format!("{{ nodes(ids: [\"{id}\", \"{id}\"]) {{ slug }} }}"),
        )
        .await;
        assert_eq!(
            nodes["nodes"],
            json!([{ "slug": "auscr" }, { "slug": "auscr" }])
        );
    }
);

db_test!(
    a_record_linked_twice_through_a_link_table_is_listed_once,
    |db| {
        let conn = db.with_bundled_data().await;
        let src = "  src: ['story:57 | \"Warsaw\" and others']\n";
        let yaml = format!(
            "events:\n- slug: twice\n  title: Twice\n  kind: tour\n{src}\
         participations:\n\
         - slug: twice-org\n  agent: org.auscr\n  target: ev.twice\n  role: organizer\n{src}\
         - slug: twice-coorg\n  agent: org.auscr\n  target: ev.twice\n  role: co_organizer\n{src}\
         event_places:\n\
         - slug: twice-venue\n  target: ev.twice\n  place: moscow\n  role: venue\n{src}\
         - slug: twice-dest\n  target: ev.twice\n  place: moscow\n  role: destination\n{src}"
        );
        coopgraph::domain::dataset::import(&conn, &[crate::helpers::file("twice.yaml", &yaml)])
            .await
            .unwrap();
        let out = data(
        &conn,
        r#"{ event(slug: "twice") { organizers { totalCount nodes { slug } } }
             place(slug: "moscow") { events(filter: {slug: {eq: "twice"}}) { totalCount nodes { slug } } } }"#,
    )
    .await;
        assert_eq!(
            out["event"]["organizers"],
            json!({ "totalCount": 1, "nodes": [{ "slug": "auscr" }] })
        );
        assert_eq!(
            out["place"]["events"],
            json!({ "totalCount": 1, "nodes": [{ "slug": "twice" }] })
        );
    }
);
