//! Filters, ordering and keyset paging of connections, checked against the same rules applied
//! in Rust to the whole bundled dataset; invalid arguments are `BAD_USER_INPUT`.

use serde_json::{Value, json};

use crate::helpers::{data, db_test, error, execute};

const ORG_FIELDS: &str =
    "slug label kind aggregate description foundedYearFrom country { isoAlpha2 }";

/// Every organization with the fields the checks use.
async fn everything(db: &sea_orm::DatabaseConnection) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after = Value::Null;
    loop {
        let q = format!(
            "query($a: String) {{ organizations(first: 100, after: $a) {{ nodes {{ {ORG_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }}"
        );
        let r = execute(db, &q, json!({ "a": after })).await;
        let conn = &r["data"]["organizations"];
        out.extend(conn["nodes"].as_array().unwrap().iter().cloned());
        if conn["pageInfo"]["hasNextPage"] != json!(true) {
            return out;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
}

/// Slugs of organizations matching a filter (one page of 100 is the whole dataset).
async fn slugs(db: &sea_orm::DatabaseConnection, filter: &str) -> Vec<String> {
    let out = data(
        db,
        &format!(
            "{{ organizations(first: 100, filter: {filter}) {{ totalCount nodes {{ slug }} }} }}"
        ),
    )
    .await;
    let nodes: Vec<String> = out["organizations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        out["organizations"]["totalCount"],
        json!(nodes.len()),
        "totalCount for {filter}"
    );
    nodes
}

fn expect(all: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<String> {
    all.iter()
        .filter(|o| keep(o))
        .map(|o| o["slug"].as_str().unwrap().to_owned())
        .collect()
}

fn name(o: &Value) -> &str {
    o["label"].as_str().unwrap()
}

fn year(o: &Value) -> Option<i64> {
    o["foundedYearFrom"].as_i64()
}

db_test!(string_filters_match_rust_semantics, |db| {
    let conn = db.with_bundled_data().await;
    let all = everything(&conn).await;
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            r#"{name: {eq: "All-Union Society for Cultural Relations"}}"#,
            expect(&all, |o| {
                name(o) == "All-Union Society for Cultural Relations"
            }),
        ),
        (
            r#"{name: {ne: "All-Union Society for Cultural Relations"}}"#,
            expect(&all, |o| {
                name(o) != "All-Union Society for Cultural Relations"
            }),
        ),
        (
            r#"{slug: {in: ["usfs", "auscr", "nope"]}}"#,
            expect(&all, |o| {
                ["usfs", "auscr"].contains(&o["slug"].as_str().unwrap())
            }),
        ),
        (
            r#"{name: {contains: "Union"}}"#,
            expect(&all, |o| name(o).contains("Union")),
        ),
        (
            r#"{name: {contains: "union"}}"#,
            expect(&all, |o| name(o).contains("union")),
        ),
        (
            r#"{name: {startsWith: "Russian"}}"#,
            expect(&all, |o| name(o).starts_with("Russian")),
        ),
        (
            r#"{name: {eqCi: "all-union society for cultural relations"}}"#,
            expect(&all, |o| {
                name(o).to_lowercase() == "all-union society for cultural relations"
            }),
        ),
        (
            r#"{name: {containsCi: "union"}}"#,
            expect(&all, |o| name(o).to_lowercase().contains("union")),
        ),
        (
            r#"{name: {startsWithCi: "russian"}}"#,
            expect(&all, |o| name(o).to_lowercase().starts_with("russian")),
        ),
        (r#"{name: {containsCi: "100%_"}}"#, vec![]),
    ];
    for (filter, expected) in cases {
        assert_eq!(slugs(&conn, filter).await, expected, "{filter}");
    }
    let case_sensitive = expect(&all, |o| name(o).contains("union"));
    let insensitive = expect(&all, |o| name(o).to_lowercase().contains("union"));
    assert!(
        case_sensitive.len() < insensitive.len(),
        "the data must tell the two apart"
    );
});

db_test!(int_enum_bool_and_id_filters_match_rust_semantics, |db| {
    let conn = db.with_bundled_data().await;
    let all = everything(&conn).await;
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "{foundedYearFrom: {eq: 1958}}",
            expect(&all, |o| year(o) == Some(1958)),
        ),
        (
            "{foundedYearFrom: {ne: 1958}}",
            expect(&all, |o| year(o) != Some(1958)),
        ),
        (
            "{foundedYearFrom: {in: [1925, 1958]}}",
            expect(&all, |o| matches!(year(o), Some(1925 | 1958))),
        ),
        (
            "{foundedYearFrom: {gt: 1958}}",
            expect(&all, |o| year(o).is_some_and(|y| y > 1958)),
        ),
        (
            "{foundedYearFrom: {gte: 1958}}",
            expect(&all, |o| year(o).is_some_and(|y| y >= 1958)),
        ),
        (
            "{foundedYearFrom: {lt: 1958}}",
            expect(&all, |o| year(o).is_some_and(|y| y < 1958)),
        ),
        (
            "{foundedYearFrom: {lte: 1958}}",
            expect(&all, |o| year(o).is_some_and(|y| y <= 1958)),
        ),
        (
            "{foundedYearFrom: {gte: 1950, lt: 2000}}",
            expect(&all, |o| year(o).is_some_and(|y| (1950..2000).contains(&y))),
        ),
        (
            "{foundedYearFrom: {isNull: true}}",
            expect(&all, |o| year(o).is_none()),
        ),
        (
            "{description: {isNull: false}}",
            expect(&all, |o| !o["description"].is_null()),
        ),
        (
            "{kind: {eq: FRIENDSHIP_SOCIETY}}",
            expect(&all, |o| o["kind"] == "FRIENDSHIP_SOCIETY"),
        ),
        (
            "{kind: {ne: FRIENDSHIP_SOCIETY}}",
            expect(&all, |o| o["kind"] != "FRIENDSHIP_SOCIETY"),
        ),
        (
            "{kind: {in: [PROFESSIONAL_UNION, CONFEDERATION]}}",
            expect(&all, |o| {
                o["kind"] == "PROFESSIONAL_UNION" || o["kind"] == "CONFEDERATION"
            }),
        ),
        (
            "{aggregate: true}",
            expect(&all, |o| o["aggregate"] == json!(true)),
        ),
    ];
    for (filter, expected) in cases {
        assert!(
            !expected.is_empty() || filter.contains("isNull"),
            "{filter} selects nothing"
        );
        assert_eq!(slugs(&conn, filter).await, expected, "{filter}");
    }
    let ids = data(
        &conn,
        r#"{ a: organization(slug: "auscr") { id } u: organization(slug: "usfs") { id } }"#,
    )
    .await;
    let (a, u) = (
        ids["a"]["id"].as_str().unwrap(),
        ids["u"]["id"].as_str().unwrap(),
    );
    assert_eq!(
        slugs(&conn, &format!("{{id: {{eq: \"{a}\"}}}}")).await,
        ["auscr"]
    );
    assert_eq!(
        slugs(&conn, &format!("{{id: {{in: [\"{a}\", \"{u}\"]}}}}"))
            .await
            .len(),
        2
    );
    assert_eq!(
        slugs(&conn, &format!("{{id: {{ne: \"{a}\"}}}}"))
            .await
            .len(),
        all.len() - 1
    );
});

db_test!(and_or_not_combine_filters, |db| {
    let conn = db.with_bundled_data().await;
    let all = everything(&conn).await;
    let soviet = |o: &Value| o["country"]["isoAlpha2"] == "SU";
    let society = |o: &Value| o["kind"] == "FRIENDSHIP_SOCIETY";
    let su = r#"{country: {isoAlpha2: {eq: "SU"}}}"#;
    let fs = "{kind: {eq: FRIENDSHIP_SOCIETY}}";
    assert_eq!(
        slugs(&conn, &format!("{{and: [{su}, {fs}]}}")).await,
        expect(&all, |o| soviet(o) && society(o))
    );
    assert_eq!(
        slugs(&conn, &format!("{{or: [{su}, {fs}]}}")).await,
        expect(&all, |o| soviet(o) || society(o))
    );
    assert_eq!(
        slugs(&conn, &format!("{{not: {su}}}")).await,
        expect(&all, |o| !soviet(o))
    );
    // `not` is two-valued: rows whose field is empty are not dropped
    let recent = |o: &Value| year(o).is_some_and(|y| y >= 1950);
    let not_recent = slugs(&conn, "{not: {foundedYearFrom: {gte: 1950}}}").await;
    assert_eq!(not_recent, expect(&all, |o| !recent(o)));
    assert!(all.iter().any(|o| year(o).is_none()));
    assert_eq!(slugs(&conn, "{or: []}").await, Vec::<String>::new());
    assert_eq!(slugs(&conn, "{and: []}").await.len(), all.len());
    assert!(!expect(&all, |o| soviet(o) && society(o)).is_empty());
});

db_test!(related_record_filters_compile_to_exists, |db| {
    let conn = db.with_bundled_data().await;
    let all = everything(&conn).await;
    // to-one: the organization whose country has ISO code BY
    let by = slugs(&conn, r#"{country: {isoAlpha2: {eq: "BY"}}}"#).await;
    assert_eq!(by, expect(&all, |o| o["country"]["isoAlpha2"] == "BY"));
    assert!(!by.is_empty());
    // nested to-one through the same table: bodies whose parent is the AUSCR
    let depts = slugs(&conn, r#"{parent: {slug: {eq: "auscr"}}}"#).await;
    assert!(
        depts.iter().all(|s| s.starts_with("auscr-dept")) && depts.len() >= 4,
        "{depts:?}"
    );
    // to-many some / none: bodies with members from Belarus; bodies with no members at all
    let with_by_member = slugs(
        &conn,
        r#"{memberships: {some: {memberOrganization: {country: {isoAlpha2: {eq: "BY"}}}}}}"#,
    )
    .await;
    assert!(!with_by_member.is_empty());
    let none = slugs(&conn, "{memberships: {none: {}}}").await;
    let some = slugs(&conn, "{memberships: {some: {}}}").await;
    assert_eq!(none.len() + some.len(), all.len());
    assert!(with_by_member.iter().all(|s| some.contains(s)));
    // an event with a participant of a given kind, checked against the participations
    let events = data(&conn, "{ events(first: 100, filter: {participants: {some: {organization: {kind: {eq: ENSEMBLE}}}}}) { nodes { slug participants { nodes { organization { kind } } } } } }").await;
    let nodes = events["events"]["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    for e in nodes {
        let kinds: Vec<&Value> = e["participants"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["organization"]["kind"])
            .collect();
        assert!(kinds.contains(&&json!("ENSEMBLE")), "{e}");
    }
    // the same filter works on a child connection
    let out = data(&conn, r#"{ organization(slug: "auscr") { memberships(filter: {role: {in: [CHAIR, HEAD]}}) { totalCount nodes { role } } } }"#).await;
    let roles = out["organization"]["memberships"]["nodes"]
        .as_array()
        .unwrap();
    assert_eq!(
        out["organization"]["memberships"]["totalCount"],
        json!(roles.len())
    );
    assert!(
        !roles.is_empty()
            && roles
                .iter()
                .all(|r| r["role"] == "CHAIR" || r["role"] == "HEAD")
    );
});

/// Slugs in the order the API returns them, paging `size` at a time.
async fn paged(
    db: &sea_orm::DatabaseConnection,
    order: &str,
    size: usize,
    backward: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let (args, more) = if backward {
            (format!("last: {size}, before: $c"), "hasPreviousPage")
        } else {
            (format!("first: {size}, after: $c"), "hasNextPage")
        };
        let q = format!(
            "query($c: String) {{ organizations({args}, orderBy: {order}) {{ edges {{ cursor node {{ slug }} }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
        );
        let r = execute(db, &q, json!({ "c": cursor })).await;
        assert!(r.get("errors").is_none(), "{r:#}");
        let conn = &r["data"]["organizations"];
        let page: Vec<String> = conn["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
            .collect();
        assert!(page.len() <= size);
        if backward {
            out.splice(0..0, page);
            cursor = conn["pageInfo"]["startCursor"].clone();
        } else {
            out.extend(page);
            cursor = conn["pageInfo"]["endCursor"].clone();
        }
        if conn["pageInfo"][more] != json!(true) {
            return out;
        }
    }
}

db_test!(
    order_by_applies_keys_in_order_with_nulls_last_and_a_stable_tiebreak,
    |db| {
        let conn = db.with_bundled_data().await;
        let all = everything(&conn).await; // creation (id) order
        let index = |o: &Value| all.iter().position(|x| x["slug"] == o["slug"]).unwrap();

        let mut by_kind_name = all.clone();
        by_kind_name.sort_by(|a, b| {
            a["kind"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .cmp(&b["kind"].as_str().unwrap().to_lowercase())
                .then(name(b).cmp(name(a)))
                .then(index(a).cmp(&index(b)))
        });
        let expected: Vec<String> = by_kind_name
            .iter()
            .map(|o| o["slug"].as_str().unwrap().to_owned())
            .collect();
        // the stored kind is snake_case; the API sorts on it, which orders like the enum names
        let order = "[{field: KIND}, {field: NAME, direction: DESC}]";
        assert_eq!(
            paged(&conn, order, 7, false).await,
            expected,
            "forward pages"
        );
        assert_eq!(
            paged(&conn, order, 7, true).await,
            expected,
            "backward pages"
        );

        for (direction, desc) in [("ASC", false), ("DESC", true)] {
            let mut by_year = all.clone();
            by_year.sort_by(|a, b| {
                let ord = match (year(a), year(b)) {
                    (Some(x), Some(y)) => {
                        if desc {
                            y.cmp(&x)
                        } else {
                            x.cmp(&y)
                        }
                    }
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                ord.then(index(a).cmp(&index(b)))
            });
            let expected: Vec<String> = by_year
                .iter()
                .map(|o| o["slug"].as_str().unwrap().to_owned())
                .collect();
            let order = format!("[{{field: FOUNDED, direction: {direction}}}]");
            assert_eq!(
                paged(&conn, &order, 9, false).await,
                expected,
                "founded {direction}"
            );
            assert_eq!(
                paged(&conn, &order, 9, true).await,
                expected,
                "founded {direction}, backward"
            );
        }
        assert!(all.iter().any(|o| year(o).is_none()) && all.iter().any(|o| year(o).is_some()));
    }
);

db_test!(child_connections_page_by_cursor_like_root_ones, |db| {
    let conn = db.with_bundled_data().await;
    let q = r#"query($c: String) { organization(slug: "auscr") { children(first: 2, after: $c, orderBy: [{field: NAME}]) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } } }"#;
    let mut names = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let r = execute(&conn, q, json!({ "c": cursor })).await;
        let page = &r["data"]["organization"]["children"];
        names.extend(
            page["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["name"].as_str().unwrap().to_owned()),
        );
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            assert_eq!(page["totalCount"], json!(names.len()));
            break;
        }
        cursor = page["pageInfo"]["endCursor"].clone();
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.len() >= 4);
});

db_test!(invalid_arguments_are_bad_user_input, |db| {
    let conn = db.with_bundled_data().await;
    let first = data(
        &conn,
        "{ organizations(first: 1, orderBy: [{field: NAME}]) { pageInfo { endCursor } } }",
    )
    .await;
    let cursor = first["organizations"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases = [
        (
            "{ organizations(first: 101) { nodes { slug } } }",
            "maximum page size is 100",
        ),
        (
            "{ organizations(last: 500) { nodes { slug } } }",
            "maximum page size is 100",
        ),
        (
            "{ organizations(first: -1) { nodes { slug } } }",
            "must not be negative",
        ),
        (
            "{ organizations(first: 1, last: 1) { nodes { slug } } }",
            "not both",
        ),
        (
            r#"{ organizations(after: "garbage") { nodes { slug } } }"#,
            "not valid",
        ),
        (
            &format!(
                "{{ organizations(after: \"{cursor}\", orderBy: [{{field: KIND}}]) {{ nodes {{ slug }} }} }}"
            ),
            "not valid for this list",
        ),
        (
            &format!("{{ persons(after: \"{cursor}\") {{ nodes {{ slug }} }} }}"),
            "not valid",
        ),
        (
            r#"{ organization(slug: "auscr") { memberships(first: 1000) { nodes { role } } } }"#,
            "maximum page size",
        ),
        (r#"{ node(id: "not-an-id") { id } }"#, "not a valid id"),
        (
            r#"{ organizations(filter: {id: {eq: "UGVyc29uOmthbWVuZXZh"}}) { nodes { slug } } }"#,
            "not of a Organization",
        ),
        (
            "{ organizations(filter: {kind: {eq: SPACESHIP}}) { nodes { slug } } }",
            "SPACESHIP",
        ),
        ("{ organizations { nodes { nosuchfield } } }", "nosuchfield"),
    ];
    for (query, message) in cases {
        let (code, text) = error(&conn, query).await;
        // arguments the schema itself rules out fail validation; the rest fail in resolvers
        let expected = if query.contains("SPACESHIP") || query.contains("nosuchfield") {
            "GRAPHQL_VALIDATION_FAILED"
        } else {
            "BAD_USER_INPUT"
        };
        assert_eq!(code, expected, "{query}: {text}");
        assert!(text.contains(message), "{query}: {text}");
    }
    // a global id of a record that does not exist is null, as Relay expects
    let none = data(
        &conn,
        r#"{ node(id: "T3JnYW5pemF0aW9uOm5vbmU") { id } organization(slug: "none") { id } }"#,
    )
    .await;
    assert_eq!(none, json!({ "node": null, "organization": null }));
});
