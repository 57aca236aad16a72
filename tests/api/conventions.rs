//! HTTP as browser apps, Apollo/urql clients, caches and operators expect it: GET queries
//! with caching, GraphQL-over-HTTP media types and statuses, automatic persisted queries,
//! CORS and compression, on the real server.

use reqwest::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, ORIGIN};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::db_test;

const QUERY: &str = "{ organization(slug: \"usfs\") { slug name } }";

/// Sends a request and reads its JSON answer.
async fn answer(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

db_test!(get_queries_are_answered_as_json_and_cached, |db| {
    let (base, handle) = crate::helpers::serve(&db).await;
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");

    let response = client
        .get(&url)
        .query(&[("query", QUERY)])
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(cache, "public, max-age=60");
    let tag = response.headers()[ETAG].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["organization"]["slug"], "usfs", "{body}");

    // the same answer again: 304 without a body
    let again = client
        .get(&url)
        .query(&[("query", QUERY)])
        .header(IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[ETAG].to_str().unwrap(), tag);

    // variables and the operation name travel as URL parameters too
    let response = client
        .get(&url)
        .query(&[
            (
                "query",
                "query One($s: String!) { organization(slug: $s) { slug } }",
            ),
            ("operationName", "One"),
            ("variables", r#"{"s": "auscr"}"#),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["organization"]["slug"], "auscr", "{body}");

    // a mutation is never run by GET
    let response = client
        .get(&url)
        .query(&[("query", "mutation { x }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "METHOD_NOT_ALLOWED"
    );

    // an answer with errors is not cached
    let response = client
        .get(&url)
        .query(&[("query", "{ nope }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");

    // without a query, a browser gets the playground
    let page = client
        .get(&url)
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );
    handle.stop(true).await;
});

db_test!(
    graphql_response_json_gets_request_errors_as_4xx_without_data,
    |db| {
        let (base, handle) = crate::helpers::serve(&db).await;
        let client = reqwest::Client::new();
        let url = format!("{base}/graphql");
        let media = "application/graphql-response+json";

        let ok = client
            .post(&url)
            .header(ACCEPT, media)
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.headers()[CONTENT_TYPE], media);

        for bad in ["{ organization(slug: ", "{ nope }"] {
            let response = client
                .post(&url)
                .header(ACCEPT, media)
                .json(&json!({ "query": bad }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{bad}");
            assert_eq!(response.headers()[CONTENT_TYPE], media);
            let body: Value = response.json().await.unwrap();
            assert!(body.get("data").is_none(), "{body}");
            assert!(
                body["errors"][0]["extensions"]["code"].is_string(),
                "{body}"
            );
        }
        // older clients keep 200 and `"data": null`
        let legacy = client
            .post(&url)
            .json(&json!({ "query": "{ nope }" }))
            .send()
            .await
            .unwrap();
        assert_eq!(legacy.status(), 200);
        assert_eq!(legacy.headers()[CONTENT_TYPE], "application/json");

        // a POST without a media type is refused, never run
        let response = client.post(&url).body(QUERY).send().await.unwrap();
        assert_eq!(response.status(), 415);
        handle.stop(true).await;
    }
);

db_test!(automatic_persisted_queries_follow_apollos_protocol, |db| {
    let (base, handle) = crate::helpers::serve(&db).await;
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");
    let hash = sha256(QUERY);
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });

    // the hash alone, unknown: Apollo's link then sends the query with it
    let body: Value = answer(client.post(&url).json(&json!({ "extensions": extensions }))).await;
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    let body: Value = answer(
        client
            .post(&url)
            .json(&json!({ "query": QUERY, "extensions": extensions })),
    )
    .await;
    assert_eq!(body["data"]["organization"]["slug"], "usfs", "{body}");
    // now the hash alone is enough, by POST and by GET
    let body: Value = answer(client.post(&url).json(&json!({ "extensions": extensions }))).await;
    assert_eq!(body["data"]["organization"]["slug"], "usfs", "{body}");
    let response = client
        .get(&url)
        .query(&[("extensions", extensions.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get(ETAG).is_some());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["organization"]["slug"], "usfs", "{body}");
    // a hash that is not the query's is refused
    let wrong = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256("{ x }") } });
    let body: Value = answer(
        client
            .post(&url)
            .json(&json!({ "query": QUERY, "extensions": wrong })),
    )
    .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    handle.stop(true).await;
});

db_test!(
    browsers_on_other_origins_may_call_and_answers_are_compressed,
    |db| {
        let (base, handle) = crate::helpers::serve(&db).await;
        let client = reqwest::Client::new();
        let url = format!("{base}/graphql");

        let preflight = client
            .request(reqwest::Method::OPTIONS, &url)
            .header(ORIGIN, "https://app.example.org")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
            .await
            .unwrap();
        assert!(preflight.status().is_success(), "{}", preflight.status());
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
        assert_eq!(preflight.headers()["access-control-max-age"], "3600");

        let response = client
            .post(&url)
            .header(ORIGIN, "https://app.example.org")
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["access-control-allow-origin"], "*");

        // the introspection answer GraphiQL loads, gzipped when the client says it can read it
        let introspection =
            "{ __schema { types { name description fields { name description } } } }";
        let response = client
            .post(&url)
            .header(ACCEPT_ENCODING, "gzip")
            .json(&json!({ "query": introspection }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], "gzip");
        let zipped = response.bytes().await.unwrap().len();
        let plain = client
            .post(&url)
            .json(&json!({ "query": introspection }))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .len();
        assert!(zipped * 4 < plain, "{zipped} gzipped of {plain}");
        // a small answer is not worth compressing
        let small = client
            .post(&url)
            .header(ACCEPT_ENCODING, "gzip")
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        assert!(small.headers().get("content-encoding").is_none());
        let body: Value = small.json().await.unwrap();
        assert_eq!(body["data"]["organization"]["slug"], "usfs");
        handle.stop(true).await;
    }
);

db_test!(
    operators_get_request_ids_latency_histograms_and_switches,
    |db| {
        let (base, handle) = crate::helpers::serve(&db).await;
        let client = reqwest::Client::new();
        let url = format!("{base}/graphql");

        // the client's id comes back; a traceparent's trace id is used; else one is made
        let mine = client
            .post(&url)
            .header("x-request-id", "req-42.a_b")
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        assert_eq!(mine.headers()["x-request-id"], "req-42.a_b");
        let traced = client
            .post(&url)
            .header(
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            )
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            traced.headers()["x-request-id"],
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        let forged = client
            .post(&url)
            .header("x-request-id", "two words")
            .json(&json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        let made = forged.headers()["x-request-id"].to_str().unwrap();
        assert_eq!(made.len(), 32, "{made}");

        // latency histograms: requests by operation type, and SQL statements
        let metrics = crate::helpers::metrics(&client, &base).await;
        assert!(
            metrics.contains("coopgraph_graphql_request_duration_seconds_bucket{")
                && metrics.contains("operation=\"query\""),
            "{metrics}"
        );
        assert!(
            metrics.contains("coopgraph_sql_statement_duration_seconds_bucket{"),
            "{metrics}"
        );
        handle.stop(true).await;

        // the playground can be turned off
        let mut config = db.config.clone();
        config.http.playground = false;
        let state = coopgraph::app::prepare(&config).await.unwrap();
        let (base, handle) = crate::helpers::serve_state(state);
        let page = client.get(format!("{base}/")).send().await.unwrap();
        assert_eq!(page.status(), 404);
        handle.stop(true).await;
    }
);

db_test!(servers_starting_together_migrate_once, |db| {
    // four servers' start-ups at once over one fresh database: all succeed, one migrates
    let config = db.config.clone();
    let starts = (0..4).map(|_| {
        let config = config.clone();
        tokio::spawn(async move {
            let conn = coopgraph::db::connect(&config).await?;
            coopgraph::db::migrate(&conn).await
        })
    });
    for start in futures_util::future::join_all(starts).await {
        start.unwrap().unwrap();
    }
    let conn = coopgraph::db::connect(&config).await.unwrap();
    use migration::MigratorTrait;
    let pending = migration::Migrator::get_pending_migrations(&conn)
        .await
        .unwrap();
    assert!(pending.is_empty());
});

db_test!(the_playground_loads_nothing_from_other_hosts, |db| {
    let (base, handle) = crate::helpers::serve(&db).await;
    let client = reqwest::Client::new();
    let page = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    assert!(
        !html.contains("unpkg") && !html.contains("jsdelivr"),
        "{html}"
    );
    // every script and style is the server's own, with its integrity hash, cached for a year
    let mut assets = 0;
    for part in html.split(['"']).filter(|p| p.starts_with("/playground/")) {
        let response = client.get(format!("{base}{part}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{part}");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let body = response.bytes().await.unwrap();
        use base64::Engine as _;
        let sri = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&body))
        );
        assert!(html.contains(&sri), "{part}: {sri}");
        assets += 1;
    }
    assert_eq!(assets, 6, "{html}");
    let missing = client
        .get(format!("{base}/playground/0.0.0/graphiql.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    handle.stop(true).await;
});

db_test!(trusted_documents_run_only_the_manifests_operations, |db| {
    // the manifest, built by the CLI from a client's operation files
    let dir = tempfile::tempdir().unwrap();
    let op = dir.path().join("OneBody.graphql");
    std::fs::write(&op, QUERY).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coopgraph"))
        .arg("manifest")
        .arg(&op)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(manifest["format"], "apollo-persisted-query-manifest");
    assert_eq!(manifest["operations"][0]["id"], sha256(QUERY));
    assert_eq!(manifest["operations"][0]["name"], "OneBody");
    let path = dir.path().join("manifest.json");
    std::fs::write(&path, &out.stdout).unwrap();

    let mut config = db.config.clone();
    config.http.trusted_documents = Some(path);
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");
    let by_text: Value = answer(client.post(&url).json(&json!({ "query": QUERY }))).await;
    assert_eq!(by_text["data"]["organization"]["slug"], "usfs", "{by_text}");
    let by_hash = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256(QUERY) } });
    let response = client
        .get(&url)
        .query(&[("extensions", by_hash.to_string())])
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["organization"]["slug"], "usfs", "{body}");
    let other = client
        .post(&url)
        .json(&json!({ "query": "{ datasetCounts { table } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    let body: Value = other.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "TRUSTED_DOCUMENT_REQUIRED"
    );
    handle.stop(true).await;

    // a manifest whose id is not its body's hash stops the server from starting
    let bad = dir.path().join("bad.json");
    let forged = json!({ "format": "apollo-persisted-query-manifest", "version": 1,
        "operations": [{ "id": sha256("{ x }"), "name": "X", "type": "query", "body": QUERY }] });
    std::fs::write(&bad, forged.to_string()).unwrap();
    config.http.trusted_documents = Some(bad);
    assert!(coopgraph::app::prepare(&config).await.is_err());
});
