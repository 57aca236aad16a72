//! Full-text search on both databases: misspellings through name variants, partial names,
//! description words, accents and case, type filters, paging and bad input.

use serde_json::{Value, json};

use crate::helpers::{data, db_test, error, slugs};

/// The (type, slug) of each hit, best first.
async fn hits(conn: &sea_orm::DatabaseConnection, args: &str) -> Vec<(String, String)> {
    let q = format!(
        "{{ search({args}) {{ nodes {{ score snippet record {{ __typename slug }} }} }} }}"
    );
    let out = data(conn, &q).await;
    out["search"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let r = &h["record"];
            (
                r["__typename"].as_str().unwrap().to_owned(),
                r["slug"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn top(hits: &[(String, String)]) -> (&str, &str) {
    let (t, s) = hits.first().expect("at least one hit");
    (t.as_str(), s.as_str())
}

db_test!(
    search_finds_records_by_misspelling_partial_name_and_description,
    |db| {
        let conn = db.with_bundled_data().await;
        // the source's misspelling is a name variant of Ernest Hemingway
        let found = hits(&conn, r#"text: "Erenst Hemingway""#).await;
        assert_eq!(top(&found), ("Person", "hemingway"), "{found:?}");
        // a partial name, as typed
        let found = hits(&conn, r#"text: "Slavyanski baz""#).await;
        assert_eq!(
            top(&found),
            ("EventSeries", "slavyanski-bazaar"),
            "{found:?}"
        );
        // a word of a description only
        let found = hits(&conn, r#"text: "intellectuals""#).await;
        assert_eq!(top(&found), ("EventSeries", "cis-forums"), "{found:?}");
        // accents, case and the stored spelling do not matter
        for text in ["Nexo", "nexø", "NEXØ", "Andersen Nexo"] {
            let found = hits(&conn, &format!(r#"text: "{text}""#)).await;
            assert_eq!(top(&found), ("Person", "nexo"), "{text}: {found:?}");
        }
        // both databases rank these in the same order, not only the top hit
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(t, s)| (t.to_string(), s.to_string()))
                .collect()
        };
        let found = hits(&conn, r#"text: "Erenst Hemingway""#).await;
        assert_eq!(
            found,
            pairs(&[
                ("Person", "hemingway"),
                // "Ernest Hemingway on the Soviet armed resistance": one typo away
                ("Work", "hemingway-1941"),
                // three passages quoting "Erenst Hemingway": tied, in record order
                ("Citation", "per.hemingway/cite-1"),
                ("Citation", "per.hemingway/name-1/cite-1"),
                ("Citation", "per.hemingway/name-1/cite-2"),
                ("Citation", "es.auscr-antifascist-cultural-front/cite-1"),
            ])
        );
        let found = hits(&conn, r#"text: "nexø", first: 2"#).await;
        assert_eq!(found, pairs(&[("Person", "nexo"), ("Event", "visit-nexo")]));
        let found = hits(&conn, r#"text: "intellectuals""#).await;
        assert_eq!(
            found,
            pairs(&[
                ("EventSeries", "cis-forums"),
                ("Citation", "es.cis-forums/cite-1")
            ])
        );
        // no hit is an empty list
        assert!(hits(&conn, r#"text: "xylophonequartet""#).await.is_empty());
    }
);

db_test!(search_limits_types_pages_and_explains_hits, |db| {
    let conn = db.with_bundled_data().await;
    // only citations: the passages quoting the misspelling
    let found = hits(&conn, r#"text: "Erenst", types: [CITATION]"#).await;
    assert!(found.len() >= 2, "{found:?}");
    assert!(found.iter().all(|(t, _)| t == "Citation"), "{found:?}");
    let out = data(
        &conn,
        r#"{ search(text: "Erenst Hemingway", first: 1) { totalCount
               edges { cursor node { score snippet } } pageInfo { hasNextPage endCursor } } }"#,
    )
    .await;
    let s = &out["search"];
    let total = s["totalCount"].as_u64().unwrap();
    assert!(total >= 3, "{s}");
    let hit = &s["edges"][0]["node"];
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(
        hit["snippet"].as_str().unwrap().contains("**Hemingway**"),
        "{hit}"
    );
    assert_eq!(s["pageInfo"]["hasNextPage"], true);
    // paging through every hit gives each once, in the order of one big page
    let all = hits(&conn, r#"text: "Erenst Hemingway", first: 100"#).await;
    assert_eq!(all.len() as u64, total);
    let mut paged = Vec::new();
    let mut after = Value::Null;
    loop {
        let out = crate::helpers::execute(
            &conn,
            r#"query($after: String) { search(text: "Erenst Hemingway", first: 2, after: $after) {
                 nodes { record { __typename slug } } pageInfo { hasNextPage endCursor } } }"#,
            json!({ "after": after }),
        )
        .await;
        let page = &out["data"]["search"];
        for n in page["nodes"].as_array().unwrap() {
            paged.push((
                n["record"]["__typename"].as_str().unwrap().to_owned(),
                n["record"]["slug"].as_str().unwrap().to_owned(),
            ));
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(paged, all);
    // bad input is a clear error
    for (q, part) in [
        (
            r#"{ search(text: " ?! ") { totalCount } }"#,
            "no letters or digits",
        ),
        (
            r#"{ search(text: "a", types: []) { totalCount } }"#,
            "`types` is empty",
        ),
        (
            r#"{ search(text: "a", first: 101) { totalCount } }"#,
            "maximum page size",
        ),
        (
            r#"{ search(text: "a", after: "bm90LWEtY3Vyc29y") { totalCount } }"#,
            "not a cursor",
        ),
    ] {
        let (code, msg) = error(&conn, q).await;
        assert_eq!(code, "BAD_USER_INPUT", "{q}");
        assert!(msg.contains(part), "{q}: {msg}");
    }
    // a cursor of another search is refused
    let cursor = s["pageInfo"]["endCursor"].as_str().unwrap();
    let (code, _) = error(
        &conn,
        &format!(r#"{{ search(text: "Nexo", after: "{cursor}") {{ totalCount }} }}"#),
    )
    .await;
    assert_eq!(code, "BAD_USER_INPUT");
});

db_test!(
    migrating_an_existing_database_refills_the_index_and_certain_dates,
    |db| {
        use migration::{Migrator, MigratorTrait};
        let conn = db.with_bundled_data().await;
        // reverting the search/certainty migration and migrating again refills both from the records
        Migrator::down(&conn, Some(1)).await.unwrap();
        coopgraph::db::migrate(&conn).await.unwrap();
        let found = hits(&conn, r#"text: "Erenst""#).await;
        assert_eq!(top(&found), ("Person", "hemingway"), "{found:?}");
        let out = data(
        &conn,
        r#"{ eventSeriesList(filter: { activeIn: 2006, certainty: CERTAINLY }) { nodes { slug } } }"#,
    )
    .await;
        // "since 2006" and two series of 1994/2008
        assert_eq!(
            out["eventSeriesList"]["nodes"],
            json!([{ "slug": "cis-forums" }, { "slug": "rusintercentre-regional-partnerships" },
               { "slug": "rcsc-programme" }])
        );
    }
);

db_test!(any_name_filters_match_the_main_name_or_any_variant, |db| {
    let conn = db.with_bundled_data().await;
    // the body's best-known name is a variant: `name` misses it, `anyName` finds it
    let by_name = slugs(
        &conn,
        "organizations",
        r#"{name: {containsCi: "rossotrud"}}"#,
    )
    .await;
    assert!(by_name.is_empty(), "{by_name:?}");
    let any = slugs(
        &conn,
        "organizations",
        r#"{anyName: {containsCi: "rossotrud"}}"#,
    )
    .await;
    assert_eq!(any, ["rossotrudnichestvo"]);
    // the main name still counts, and every operator must hold for one and the same name
    let any = slugs(&conn, "places", r#"{anyName: {eq: "Saint Petersburg"}}"#).await;
    assert_eq!(any, ["saint-petersburg"]);
    let any = slugs(&conn, "places", r#"{anyName: {eq: "Leningrad"}}"#).await;
    assert_eq!(any, ["saint-petersburg"]);
    let both = r#"{anyName: {startsWith: "Lenin", containsCi: "petersburg"}}"#;
    assert!(slugs(&conn, "places", both).await.is_empty());
    // series, people and works have them too; `not` and `in` compose as for any field
    let any = slugs(
        &conn,
        "eventSeriesList",
        r#"{anyName: {startsWithCi: "slavianski"}}"#,
    )
    .await;
    assert_eq!(any, ["slavyanski-bazaar"]);
    let any = slugs(
        &conn,
        "persons",
        r#"{anyName: {in: ["Erenst Hemingway", "H. G. Wells"]}}"#,
    )
    .await;
    assert_eq!(any, ["wells", "hemingway"]);
    let any = slugs(
        &conn,
        "works",
        r#"{anyName: {containsCi: "famous seventh"}}"#,
    )
    .await;
    assert_eq!(any, ["leningrad-symphony"]);
    let all = slugs(&conn, "places", "{}").await.len();
    let not = slugs(&conn, "places", r#"{not: {anyName: {eq: "Kiev"}}}"#).await;
    assert_eq!(not.len(), all - 1);
    assert!(!not.contains(&"kiev".to_owned()));
    // inside a relation filter
    let orgs = slugs(
        &conn,
        "organizations",
        r#"{anyName: {eqCi: "rusintercentre"}, country: {anyName: {eq: "Russian Federation"}}}"#,
    )
    .await;
    assert_eq!(orgs, ["rusintercentre"]);
    let elsewhere = r#"{anyName: {eqCi: "rusintercentre"}, country: {anyName: {eq: "USSR"}}}"#;
    assert!(slugs(&conn, "organizations", elsewhere).await.is_empty());
});
