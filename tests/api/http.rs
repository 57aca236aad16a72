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
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

    handle.stop(true).await;
});
