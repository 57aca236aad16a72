use serde_json::{Value, json};

use crate::helpers::db_test;

async fn post(client: &reqwest::Client, base: &str, query: &Value) -> Value {
    let response = client
        .post(format!("{base}/graphql"))
        .json(query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

db_test!(the_real_server_serves_health_graphiql_and_graphql, |db| {
    let (base, handle) = crate::helpers::serve(&db).await;
    let client = reqwest::Client::new();

    let health = client.get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.json::<Value>().await.unwrap()["status"], "ok");

    let page = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );

    let query = json!({ "query": "{ organizations(first: 2) { totalCount edges { node { slug name country { name isoAlpha2 } } } } organization(slug: \"usfs\") { name founded dissolved } }" });
    let body = post(&client, &base, &query).await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(body["data"]["organizations"]["totalCount"], 78);
    assert_eq!(
        body["data"]["organizations"]["edges"][0]["node"]["slug"],
        "cfa"
    );
    assert_eq!(
        body["data"]["organizations"]["edges"][0]["node"]["country"]["isoAlpha2"],
        "SU"
    );
    assert_eq!(body["data"]["organization"]["founded"], "1958");
    assert_eq!(body["data"]["organization"]["dissolved"], "1992-04");

    let too_many = json!({ "query": "{ organizations(first: 101) { totalCount } }" });
    let body = post(&client, &base, &too_many).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );

    let huge =
        json!({ "query": format!("{{ datasetCounts {{ table }} }}{}", " ".repeat(300 * 1024)) });
    let response = client
        .post(format!("{base}/graphql"))
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413, "a body over 256 KiB is refused");

    let response = client
        .post(format!("{base}/graphql"))
        .header("content-type", "application/json")
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");

    handle.stop(true).await;
});

/// The value of an unlabelled counter in `/metrics`' text, or of the labelled sample `line`.
fn sample(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0.0)
}

db_test!(
    metrics_count_requests_errors_by_code_and_sql_statements,
    |db| {
        let (base, handle) = crate::helpers::serve(&db).await;
        let client = reqwest::Client::new();
        let read = || async {
            let response = client.get(format!("{base}/metrics")).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
            response.text().await.unwrap()
        };
        let before = read().await;

        // compiled: one statement for the event and its series
        let ok = json!({ "query": "{ event(slug: \"cis-forum-7\") { title series { name } } }" });
        let body = post(&client, &base, &ok).await;
        assert_eq!(body["errors"], Value::Null, "{body}");
        let bad = json!({ "query": "{ events(first: 500) { nodes { slug } } }" });
        let body = post(&client, &base, &bad).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

        let after = read().await;
        let delta = |name: &str| sample(&after, name) - sample(&before, name);
        assert_eq!(delta("coopgraph_graphql_requests_total"), 2.0, "{after}");
        assert_eq!(
            delta("coopgraph_graphql_errors_total{code=\"BAD_USER_INPUT\"}"),
            1.0,
            "{after}"
        );
        assert_eq!(delta("coopgraph_sql_statements_total"), 1.0, "{after}");
        assert!(
            delta("coopgraph_sql_statement_seconds_total") > 0.0,
            "{after}"
        );
        handle.stop(true).await;
    }
);
