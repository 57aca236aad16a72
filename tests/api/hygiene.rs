//! Request hygiene over real HTTP: only JSON bodies holding one request object execute;
//! everything else is refused with its status and code, and nothing runs.

use serde_json::{Value, json};

use crate::helpers::{db_test, statements};

const QUERY: &str = r#"{"query":"{ organizations(first: 1) { totalCount } }"}"#;

/// A refused body: what it is, its content type, the body, the status and the code.
type Refused = (
    &'static str,
    Option<&'static str>,
    &'static [u8],
    u16,
    &'static str,
);

async fn send(
    client: &reqwest::Client,
    base: &str,
    content_type: Option<&str>,
    body: &'static [u8],
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = client.post(format!("{base}/graphql")).body(body);
    if let Some(ct) = content_type {
        request = request.header("Content-Type", ct);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body, headers)
}

db_test!(only_json_request_objects_execute, |db| {
    let (base, handle) = crate::helpers::serve(&db).await;
    let client = reqwest::Client::new();
    let before = statements(&client, &base).await;
    let cases: [Refused; 11] = [
        ("text/plain", Some("text/plain"), QUERY.as_bytes(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("XML", Some("application/xml"), QUERY.as_bytes(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("a form", Some("application/x-www-form-urlencoded"), QUERY.as_bytes(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("no content type", None, QUERY.as_bytes(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("a batch", Some("application/json"), b"[{\"query\":\"{ __typename }\"},{\"query\":\"{ __typename }\"}]", 400, "BATCHING_NOT_SUPPORTED"),
        ("a string", Some("application/json"), b"\"{ __typename }\"", 400, "BAD_REQUEST"),
        ("no query", Some("application/json"), b"{\"variables\":{}}", 400, "BAD_REQUEST"),
        ("not JSON", Some("application/json"), b"{ __typename }", 400, "BAD_REQUEST"),
        ("a lone surrogate", Some("application/json"), b"{\"query\":\"query($s: String!) { organization(slug: $s) { name } }\",\"variables\":{\"s\":\"\\ud800\"}}", 400, "BAD_USER_INPUT"),
        ("a NUL in a variable", Some("application/json"), b"{\"query\":\"query($s: String!) { organization(slug: $s) { name } }\",\"variables\":{\"s\":\"a\\u0000b\"}}", 200, "BAD_USER_INPUT"),
        ("a NUL in a literal", Some("application/json; charset=utf-8"), b"{\"query\":\"{ organization(slug: \\\"a\\\\u0000b\\\") { name } }\"}", 200, "BAD_USER_INPUT"),
    ];
    for (what, content_type, body, status, code) in cases {
        let (got, body, _) = send(&client, &base, content_type, body).await;
        assert_eq!(got, status, "{what}: {body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], code,
            "{what}: {body}"
        );
    }
    // over HTTP too, the budget refuses before any statement, with status 200 and its code
    let mut doubling = String::from("{ ...F24 } fragment F0 on Query { datasetCounts { table } }");
    for i in 1..=24 {
        doubling += &format!(" fragment F{i} on Query {{ ...F{} ...F{} }}", i - 1, i - 1);
    }
    let aliases: Vec<String> = (0..200)
        .map(|i| format!("a{i}: __schema {{ types {{ name }} }}"))
        .collect();
    let complex = "{ organizations(first: 100) { nodes { children(first: 100) { nodes { memberships(first: 100) { nodes { role } } } } } } }";
    for (query, code) in [
        (doubling, "QUERY_TOO_LARGE"),
        (format!("{{ {} }}", aliases.join(" ")), "TOO_MANY_ALIASES"),
        (complex.to_owned(), "QUERY_TOO_COMPLEX"),
    ] {
        let response = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], code, "{body}");
    }
    assert_eq!(
        statements(&client, &base).await,
        before,
        "a refused request ran SQL"
    );
    // the accepted media types
    for ct in [
        "application/json",
        "application/graphql-response+json",
        "Application/JSON; charset=utf-8",
    ] {
        let (status, body, _) = send(&client, &base, Some(ct), QUERY.as_bytes()).await;
        assert_eq!(status, 200, "{ct}: {body}");
        assert_eq!(
            body["data"]["organizations"]["totalCount"], 78,
            "{ct}: {body}"
        );
    }
    // a body over the limit
    let huge = json!({ "query": format!("{{ __typename }}{}", " ".repeat(300 * 1024)) });
    let response = client
        .post(format!("{base}/graphql"))
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    handle.stop(true).await;
});

db_test!(liveness_never_touches_the_database_readiness_does, |db| {
    let (base, handle) = crate::helpers::serve(&db).await;
    let client = reqwest::Client::new();
    for path in ["/livez", "/readyz", "/health"] {
        let response = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.json::<Value>().await.unwrap()["status"], "ok");
    }
    let before = statements(&client, &base).await;
    client.get(format!("{base}/livez")).send().await.unwrap();
    assert_eq!(statements(&client, &base).await, before);
    handle.stop(true).await;
});

db_test!(
    rate_limits_answer_429_with_retry_after_and_spare_probes,
    |db| {
        let mut config = db.config.clone();
        config.rate_limit.per_second = 1;
        config.rate_limit.burst = 3;
        let state = coopgraph::app::prepare(&config).await.unwrap();
        let (base, handle) = crate::helpers::serve_state(state);
        let client = reqwest::Client::new();
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let (status, body, headers) =
                send(&client, &base, Some("application/json"), QUERY.as_bytes()).await;
            if status == 429 {
                assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
                let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
                assert!((1..=2).contains(&wait), "{wait}");
            }
            statuses.push(status);
        }
        assert_eq!(&statuses[..3], [200, 200, 200], "{statuses:?}");
        assert!(statuses[3..].contains(&429), "{statuses:?}");
        for _ in 0..5 {
            let live = client.get(format!("{base}/livez")).send().await.unwrap();
            assert_eq!(live.status(), 200);
        }
        handle.stop(true).await;
    }
);
