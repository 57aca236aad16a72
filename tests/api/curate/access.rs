//! Who may write and how often: API keys and roles, tokens of an identity provider,
//! `Idempotency-Key`, and the write limits, over real HTTP on both databases.

use serde_json::{Value, json};

use super::{CITE, Client, code, setup};
use crate::helpers::db_test;

db_test!(writes_need_a_key_and_the_right_role, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    let create = format!(
        r#"mutation {{ createPerson(input: {{slug: "test-person", name: "Test Person", src: [{CITE}]}}) {{ record {{ slug }} }} }}"#
    );
    let (status, body) = c.post(None, &create).await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body}");
    let (status, body) = c.post(Some("cgk_000000000000_wrong"), &create).await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body}");
    let (status, body) = c.post(Some("not-a-key"), &create).await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED"), "{body}");
    // reads stay public
    let (status, body) = c
        .post(None, "{ person(slug: \"lev-trotsky\") { slug } }")
        .await;
    assert_eq!(status, 200, "{body}");
    // an editor may not add a source document
    let doc = r#"mutation { createSourceDocument(input: {slug: "new-doc", title: "T", fileName: "t.txt", text: "a line", src: [{basis: EXTERNAL, note: "given by a curator"}]}) { record { slug } } }"#;
    let (status, body) = c.post(Some(&editor), doc).await;
    assert_eq!((status, code(&body)), (403, "FORBIDDEN"), "{body}");
    let (status, body) = c.post(Some(&editor), &create).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["createPerson"]["record"]["slug"],
        "test-person"
    );
    // a browser app on another origin may send the key and an idempotency key
    let preflight = c
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/graphql", c.base))
        .header("Origin", "https://app.example.org")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,idempotency-key,content-type",
        )
        .send()
        .await
        .unwrap();
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("idempotency-key"),
        "{allowed}"
    );
    handle.stop(true).await;
});

db_test!(an_idempotency_key_replays_instead_of_writing_twice, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    let q = format!(
        r#"mutation {{ createPerson(input: {{slug: "once", name: "Once", src: [{CITE}]}}) {{ record {{ slug }} change {{ id }} }} }}"#
    );
    let (first, replayed) = c.post_with(Some(&editor), &q, Some("k-1")).await;
    assert_eq!(first.0, 200, "{:?}", first.1);
    assert!(replayed.is_none());
    let (again, replayed) = c.post_with(Some(&editor), &q, Some("k-1")).await;
    assert_eq!(again, first);
    assert_eq!(replayed.as_deref(), Some("true"));
    let other = q.replace("\"Once\"", "\"Twice\"");
    let ((status, body), _) = c.post_with(Some(&editor), &other, Some("k-1")).await;
    assert_eq!(
        (status, code(&body)),
        (422, "IDEMPOTENCY_KEY_REUSED"),
        "{body}"
    );
    let (_, body) = c.post(None, "{ changes { edges { node { id } } } }").await;
    assert_eq!(
        body["data"]["changes"]["edges"].as_array().unwrap().len(),
        1,
        "{body}"
    );
    handle.stop(true).await;
});

db_test!(write_limits_hold, |db| {
    let (c, editor, _, handle) = setup(&db).await;
    // never over GET
    let url = format!(
        "{}/graphql?query=mutation%7BrevertChange(id%3A1)%7Bversion%7D%7D",
        c.base
    );
    let response = c.http.get(url).bearer_auth(&editor).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    // at most five mutation root fields a request
    let fields: String = (0..6)
        .map(|i| format!("m{i}: revertChange(id: {i}) {{ version }} "))
        .collect();
    let (status, body) = c
        .post(Some(&editor), &format!("mutation {{ {fields} }}"))
        .await;
    assert_eq!((status, code(&body)), (400, "TOO_MANY_MUTATIONS"), "{body}");
    handle.stop(true).await;
    // a rate per key: past it, 429 with Retry-After
    let mut config = db.config.clone();
    config.writes.writes_per_minute = 2;
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let revert = "mutation { revertChange(id: 999) { version } }";
    let send = || {
        c.http
            .post(format!("{base}/graphql"))
            .bearer_auth(&editor)
            .json(&json!({"query": revert}))
            .send()
    };
    for _ in 0..2 {
        assert_eq!(send().await.unwrap().status().as_u16(), 200);
    }
    let response = send().await.unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(code(&body), "RATE_LIMITED", "{body}");
    handle.stop(true).await;
});

db_test!(tokens_of_an_identity_provider_are_checked, |db| {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    const SECRET: &[u8] = b"a shared secret of at least thirty-two bytes";
    db.with_bundled_data().await;
    let mut config = db.config.clone();
    config.writes.jwt_issuer = Some("https://id.example.org".into());
    config.writes.jwt_audience = Some("coopgraph".into());
    config.writes.jwt_algorithms = "HS256".into();
    config.writes.jwt_secret = Some(String::from_utf8(SECRET.to_vec()).unwrap());
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let c = Client {
        http: reqwest::Client::new(),
        base,
    };
    let now = jsonwebtoken::get_current_timestamp() as i64;
    let claims = |aud: &str, exp: i64, role: Value| json!({"iss": "https://id.example.org", "aud": aud, "sub": "curator@example.org", "exp": exp, "role": role});
    let sign = |claims: Value| {
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(SECRET).unwrap(),
        )
        .unwrap()
    };
    let q = format!(
        r#"mutation {{ createPerson(input: {{slug: "by-token", name: "By Token", src: [{CITE}]}}) {{ change {{ actor }} }} }}"#
    );
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims("coopgraph", now + 600, json!("admin")).to_string())
    );
    let refused = [
        ("alg none", unsigned),
        (
            "wrong audience",
            sign(claims("another-api", now + 600, json!("editor"))),
        ),
        (
            "expired",
            sign(claims("coopgraph", now - 3600, json!("editor"))),
        ),
        (
            "no role",
            sign(claims("coopgraph", now + 600, json!("reader"))),
        ),
    ];
    for (why, token) in refused {
        let (status, body) = c.post(Some(&token), &q).await;
        assert_eq!(
            (status, code(&body)),
            (401, "UNAUTHENTICATED"),
            "{why}: {body}"
        );
    }
    // expired within the leeway is still good; the subject is the actor
    let token = sign(claims("coopgraph", now - 5, json!("editor")));
    let (status, body) = c.post(Some(&token), &q).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["createPerson"]["change"]["actor"],
        "curator@example.org (jwt)"
    );
    handle.stop(true).await;
});
