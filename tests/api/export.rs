//! CSV and NDJSON exports over real HTTP on both databases, compared byte for byte with the
//! expected files in `tests/api/expected/`: paging through several pages, UTF-8 ("Nexø"),
//! quoting of commas and quotes, nested lists, a stats query, and errors.

use crate::helpers::db_test;

const ORGANIZATIONS: &str = r#"query($after: String, $slugs: [String!]) { organizations(first: 2, after: $after, filter: { slug: { in: $slugs } }, orderBy: [{ field: SLUG }]) { nodes { slug name kind founded country { name isoAlpha2 } note nameVariants { nodes { name } } } pageInfo { hasNextPage endCursor } } }"#;
const ORGANIZATION_SLUGS: &str =
    r#"{"slugs": ["cinema-prague", "auscr", "usfs", "soviet-cultural-centres", "icvau"]}"#;
const PERSONS: &str = r#"query($after: String) { persons(first: 1, after: $after, filter: { slug: { in: ["nexo", "hemingway"] } }) { edges { node { slug name nationality { name } nameVariants { nodes { name kind } } } } pageInfo { hasNextPage endCursor } } }"#;
const MEMBERS: &str = r#"query($after: String) { membershipStats(filter: { organization: { slug: { eq: "icvau" } } }, groupBy: [MEMBER_COUNTRY], first: 4, after: $after) { nodes { count key { memberCountry { name isoAlpha2 } } } pageInfo { hasNextPage endCursor } } }"#;

async fn get(
    client: &reqwest::Client,
    url: String,
    query: &str,
    variables: Option<&str>,
) -> (u16, String, Vec<u8>) {
    let mut params = vec![("query", query)];
    if let Some(v) = variables {
        params.push(("variables", v));
    }
    let response = client.get(url).query(&params).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

fn expected(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/api/expected/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

db_test!(
    exports_stream_csv_and_ndjson_identical_to_the_expected_files,
    |db| {
        let (base, handle) = crate::helpers::serve(&db).await;
        let client = reqwest::Client::new();

        // five organizations, two per page: quotes, commas, a nested list, empty cells
        let (status, ty, body) = get(
            &client,
            format!("{base}/export/organizations.csv"),
            ORGANIZATIONS,
            Some(ORGANIZATION_SLUGS),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(ty, "text/csv; charset=utf-8");
        assert!(
            body.starts_with("\u{feff}slug,name".as_bytes()),
            "UTF-8 byte order mark first"
        );
        assert_eq!(
            String::from_utf8(body).unwrap(),
            String::from_utf8(expected("organizations.csv")).unwrap()
        );

        // NDJSON through edges, one record per page, "Nexø" intact
        let (status, ty, body) = get(
            &client,
            format!("{base}/export/persons.ndjson"),
            PERSONS,
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(ty, "application/x-ndjson; charset=utf-8");
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("Martin Andersen Nexø"));
        assert_eq!(text, String::from_utf8(expected("persons.ndjson")).unwrap());

        // a stats query, four groups per page
        let (status, _, body) = get(
            &client,
            format!("{base}/export/membershipStats.csv"),
            MEMBERS,
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            String::from_utf8(body).unwrap(),
            String::from_utf8(expected("icvau-members-per-country.csv")).unwrap()
        );

        // the same limits and errors as GraphQL, with status 400
        for (url, query, code) in [
            (
                "organizations.csv",
                "{ organizations { nodes { slug } } }",
                "BAD_USER_INPUT",
            ),
            ("organizations.xlsx", ORGANIZATIONS, "BAD_USER_INPUT"),
            (
                "organizations.csv",
                "query($after: String) { organizations(first: 101, after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } } }",
                "BAD_USER_INPUT",
            ),
            (
                "persons.csv",
                "query($after: String) { persons(after: $after) { nodes { nope } pageInfo { hasNextPage endCursor } } }",
                "GRAPHQL_VALIDATION_FAILED",
            ),
        ] {
            let (status, _, body) = get(&client, format!("{base}/export/{url}"), query, None).await;
            assert_eq!(status, 400, "{url} {query}");
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(json["errors"][0]["extensions"]["code"], code, "{json}");
        }
        let (status, _, _) = get(
            &client,
            format!("{base}/export/persons.csv"),
            PERSONS,
            Some("[1]"),
        )
        .await;
        assert_eq!(status, 400, "variables must be an object");
        handle.stop(true).await;
    }
);

/// Whether the export's response was cut (before or after its head was sent).
async fn cut(client: &reqwest::Client, url: &str, query: &str) -> bool {
    match client.get(url).query(&[("query", query)]).send().await {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    }
}

db_test!(an_export_cannot_loop_and_has_row_and_time_caps, |db| {
    let mut config = db.config.clone();
    config.limits.export_max_rows = 3;
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let client = reqwest::Client::new();
    let url = format!("{base}/export/organizations.csv");

    // `$after` declared but not passed: every page would be the first, so it is refused
    let stuck = r#"query($after: String) { organizations(first: 2) { nodes { slug } pageInfo { hasNextPage endCursor } } }"#;
    let (status, _, body) = get(&client, url.clone(), stuck, None).await;
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

    // a first page over the row cap is refused before streaming
    let big = r#"query($after: String) { organizations(first: 10, after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } } }"#;
    let (status, _, body) = get(&client, url.clone(), big, None).await;
    assert_eq!(status, 400);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "EXPORT_TOO_LARGE");
    assert_eq!(body["errors"][0]["extensions"]["limit"], 3);

    // pages of two: the second page passes the cap of three rows and the stream is cut
    let paged = r#"query($after: String) { organizations(first: 2, after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } } }"#;
    assert!(
        cut(&client, &url, paged).await,
        "a cut stream must not end cleanly"
    );
    handle.stop(true).await;

    // an export past its time limit is cut after its first page
    let mut config = db.config.clone();
    config.limits.export_timeout_ms = 0;
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let url = format!("{base}/export/organizations.csv");
    assert!(cut(&client, &url, paged).await);
    handle.stop(true).await;
});
