//! Grouped counts on both databases, checked against the bundled dataset: member unions per
//! country, friendship societies founded in 1945, CIS Forums per host country, a grouping by a
//! related record's column, `having`, the as-of-year country rule, flows, paging, errors and
//! the statements a call runs.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use coopgraph::domain::dataset;

use crate::helpers::{data, db_test, error};

/// (name of the key record, count) pairs of a stats result.
fn pairs(nodes: &Value, key: &str, field: &str) -> Vec<(String, i64)> {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let k = &n["key"][key];
            let k = if k.is_object() {
                k[field].clone()
            } else {
                k.clone()
            };
            (
                k.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| k.to_string()),
                n["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

db_test!(member_unions_per_country_match_the_dataset, |db| {
    let conn = db.with_bundled_data().await;
    // the expectation, computed from the files
    let ds = dataset::bundled_dataset().unwrap();
    let country: BTreeMap<&str, &str> = ds
        .organizations
        .iter()
        .filter_map(|o| o.country.as_deref().map(|c| (o.slug.as_str(), c)))
        .collect();
    let mut expected: BTreeMap<String, i64> = BTreeMap::new();
    for m in ds.memberships.iter().filter(|m| m.organization == "icvau") {
        let member = m.member.strip_prefix("org.").unwrap();
        *expected.entry(country[member].to_owned()).or_default() += 1;
    }
    assert!(expected.len() > 10);
    let out = data(
        &conn,
        r#"{ membershipStats(filter: { organization: { slug: { eq: "icvau" } } },
                             groupBy: [MEMBER_COUNTRY], first: 100) {
               totalCount nodes { count distinctMembers key { memberCountry { slug } body { slug } } } } }"#,
    )
    .await;
    let s = &out["membershipStats"];
    let got: BTreeMap<String, i64> = pairs(&s["nodes"], "memberCountry", "slug")
        .into_iter()
        .collect();
    assert_eq!(got, expected);
    assert_eq!(s["totalCount"], expected.len());
    // keys not grouped by are null; the biggest groups come first
    assert_eq!(s["nodes"][0]["key"]["body"], Value::Null);
    let counts: Vec<i64> = pairs(&s["nodes"], "memberCountry", "slug")
        .iter()
        .map(|p| p.1)
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

    // having: only the countries with two or more member unions
    let out = data(
        &conn,
        r#"{ membershipStats(filter: { organization: { slug: { eq: "icvau" } } },
                             groupBy: [MEMBER_COUNTRY], having: { count: { gte: 2 } }) {
               nodes { count key { memberCountry { slug } } } } }"#,
    )
    .await;
    let want: Vec<(String, i64)> = expected
        .iter()
        .filter(|(_, n)| **n >= 2)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    assert!(!want.is_empty());
    let got = pairs(&out["membershipStats"]["nodes"], "memberCountry", "slug");
    assert_eq!(got.len(), want.len());
    assert_eq!(
        got.iter().map(|p| p.1).sum::<i64>(),
        want.iter().map(|p| p.1).sum::<i64>()
    );
});

db_test!(
    friendship_societies_founded_in_1945_and_forums_per_host_country,
    |db| {
        let conn = db.with_bundled_data().await;
        let ds = dataset::bundled_dataset().unwrap();
        let founded_1945 = ds
            .organizations
            .iter()
            .filter(|o| {
                o.kind.as_str() == "friendship_society"
                    && o.founded.as_deref().is_some_and(|f| f.starts_with("1945"))
            })
            .count() as i64;
        assert!(founded_1945 >= 5);
        let out = data(
            &conn,
            r#"{ organizationStats(filter: { kind: { eq: FRIENDSHIP_SOCIETY } },
                               groupBy: [FOUNDED_YEAR, KIND], orderBy: [{ field: FOUNDED_YEAR }]) {
               nodes { count key { foundedYear kind } } } }"#,
        )
        .await;
        let nodes = out["organizationStats"]["nodes"].as_array().unwrap();
        let y1945 = nodes
            .iter()
            .find(|n| n["key"]["foundedYear"] == 1945)
            .unwrap();
        assert_eq!(y1945["count"], founded_1945);
        assert_eq!(y1945["key"]["kind"], "FRIENDSHIP_SOCIETY");
        // ordered by year, unknown years last
        assert_eq!(nodes.last().unwrap()["key"]["foundedYear"], Value::Null);

        // the CIS Forum held in Ashgabat in 2012 counts under Turkmenistan, not the USSR
        let out = data(
        &conn,
        r#"{ eventStats(filter: { series: { slug: { eq: "cis-forums" } } }, groupBy: [VENUE_COUNTRY, YEAR]) {
               nodes { count key { venueCountry { slug } year } } } }"#,
    )
    .await;
        assert_eq!(
            out["eventStats"]["nodes"],
            json!([{ "count": 1, "key": { "venueCountry": { "slug": "turkmenistan" }, "year": 2012 } }])
        );
        // the siege of Leningrad (1941) counts under the USSR: the country as of the event's year
        let out = data(
        &conn,
        r#"{ eventStats(filter: { slug: { eq: "h-siege-leningrad" } }, groupBy: [VENUE_CITY, VENUE_COUNTRY]) {
               nodes { count key { venueCity { slug } venueCountry { slug } } } } }"#,
    )
    .await;
        assert_eq!(
            out["eventStats"]["nodes"],
            json!([{ "count": 1, "key": { "venueCity": { "slug": "saint-petersburg" }, "venueCountry": { "slug": "ussr" } } }])
        );
    }
);

db_test!(
    events_group_by_related_records_and_flows_between_countries,
    |db| {
        let conn = db.with_bundled_data().await;
        // a related record's column: the organizer's country, per decade; every event once per
        // group, and all events once in total when not split
        let out = data(
            &conn,
            r#"{ all: eventStats(groupBy: []) { nodes { count distinctParticipants } }
             events: events(first: 100) { totalCount }
             split: eventStats(groupBy: [DECADE, ORGANIZER_COUNTRY, ORGANIZER], first: 100) {
               nodes { count key { decade organizerCountry { slug } organizer { slug } } } } }"#,
        )
        .await;
        assert_eq!(out["all"]["nodes"][0]["count"], out["events"]["totalCount"]);
        let split = out["split"]["nodes"].as_array().unwrap();
        let russia: Vec<&Value> = split
            .iter()
            .filter(|n| n["key"]["organizerCountry"]["slug"] == "russia")
            .collect();
        assert!(!russia.is_empty(), "{split:?}");
        for n in &russia {
            assert!(n["key"]["organizer"]["slug"].is_string());
        }
        // participants by kind: people and organization kinds
        let out = data(
        &conn,
        r#"{ eventStats(groupBy: [PARTICIPANT_KIND], first: 100) { nodes { count distinctParticipants key { participantKind } } } }"#,
    )
    .await;
        let kinds: Vec<&str> = out["eventStats"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["key"]["participantKind"].as_str())
            .collect();
        assert!(kinds.contains(&"person"), "{kinds:?}");

        // flows: France → USSR twice (Rolland, Langevin), each as of the event's year
        let out = data(
        &conn,
        r#"{ exchangeFlows(groupBy: [FROM_COUNTRY, TO_COUNTRY]) { totalCount nodes { count key { fromCountry { slug } toCountry { slug } } } } }"#,
    )
    .await;
        let flows = out["exchangeFlows"]["nodes"].as_array().unwrap();
        assert_eq!(
            flows[0],
            json!({ "count": 2, "key": { "fromCountry": { "slug": "france" }, "toCountry": { "slug": "ussr" } } })
        );
        assert!(
            flows
                .iter()
                .all(|f| f["key"]["fromCountry"].is_object() && f["key"]["toCountry"].is_object())
        );

        // paging through groups gives the same list as one page, whether or not a page asks
        // for the distinct count (which is only computed when asked): cursors fit both
        let one = data(
            &conn,
            r#"{ eventStats(groupBy: [KIND], first: 100) { nodes { count distinctParticipants key { kind } } } }"#,
        )
        .await;
        let mut paged = Vec::new();
        let mut after = Value::Null;
        for page in 0.. {
            let fields = if page % 2 == 0 {
                "count key { kind }"
            } else {
                "count distinctParticipants key { kind }"
            };
            let out = crate::helpers::execute(
                &conn,
                &format!(
                    r#"query($after: String) {{ eventStats(groupBy: [KIND], first: 3, after: $after) {{
                     nodes {{ {fields} }} pageInfo {{ hasNextPage endCursor }} }} }}"#
                ),
                json!({ "after": after }),
            )
            .await;
            assert_eq!(out["errors"], Value::Null, "{out}");
            let page = &out["data"]["eventStats"];
            for node in page["nodes"].as_array().unwrap() {
                let i = paged.len();
                let expected = &one["eventStats"]["nodes"][i];
                assert!(
                    node.get("distinctParticipants")
                        .is_none_or(|d| d == &expected["distinctParticipants"]),
                    "{node} {expected}"
                );
                paged.push(json!({ "count": node["count"], "key": node["key"] }));
            }
            if page["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        let whole: Vec<Value> = one["eventStats"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| json!({ "count": n["count"], "key": n["key"] }))
            .collect();
        assert_eq!(paged, whole);
        assert!(
            one["eventStats"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["distinctParticipants"].as_i64() > Some(0)),
            "{one}"
        );

        // clear errors
        for (q, part) in [
            (
                r#"{ eventStats(groupBy: [KIND, KIND]) { totalCount } }"#,
                "twice",
            ),
            (
                r#"{ eventStats(groupBy: [KIND], orderBy: [{ field: YEAR }]) { totalCount } }"#,
                "not in `groupBy`",
            ),
            (
                r#"{ eventStats(groupBy: [KIND], first: 101) { totalCount } }"#,
                "maximum page size",
            ),
            (
                r#"{ membershipStats(groupBy: [ROLE], after: "eA") { totalCount } }"#,
                "not a cursor",
            ),
        ] {
            let (code, msg) = error(&conn, q).await;
            assert_eq!(code, "BAD_USER_INPUT", "{q}");
            assert!(msg.contains(part), "{q}: {msg}");
        }
    }
);

db_test!(
    a_stats_call_runs_one_grouping_statement_plus_key_batches,
    |db| {
        let (conn, counter) = crate::statements::counted(&db).await;
        let q = r#"{ eventStats(groupBy: [VENUE_COUNTRY, ORGANIZER, DECADE], first: 100) {
        nodes { count distinctParticipants key { decade venueCountry { name } organizer { name country { name } } } } } }"#;
        counter.store(0, Ordering::SeqCst);
        let out = data(&conn, q).await;
        let statements = counter.load(Ordering::SeqCst);
        let groups = out["eventStats"]["nodes"].as_array().unwrap().len();
        eprintln!("eventStats: {statements} statements for {groups} groups");
        assert!(groups >= 5);
        // the grouping, one batch of places (venue countries), one of organizations, one of
        // their countries
        assert_eq!(statements, 4, "{statements} statements for {groups} groups");
        // totalCount costs one more
        counter.store(0, Ordering::SeqCst);
        data(
            &conn,
            r#"{ eventStats(groupBy: [KIND]) { totalCount nodes { count } } }"#,
        )
        .await;
        assert_eq!(counter.load(Ordering::SeqCst), 2);
    }
);
