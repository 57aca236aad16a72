//! Trace export: the server binary, pointed at a stand-in OTLP/HTTP collector, sends the
//! request's spans, joined to the client's trace.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};

use crate::helpers::db_test;

type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A collector that keeps every export it is sent (content type and protobuf body).
fn collector() -> (String, Received, actix_web::dev::ServerHandle) {
    let received: Received = Arc::default();
    let kept = received.clone();
    let server = HttpServer::new(move || {
        let kept = kept.clone();
        App::new().route(
            "/v1/traces",
            web::post().to(move |req: actix_web::HttpRequest, body: web::Bytes| {
                let kept = kept.clone();
                async move {
                    let kind = req
                        .headers()
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    kept.lock().unwrap().push((kind, body.to_vec()));
                    HttpResponse::Ok().finish()
                }
            }),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let base = format!("http://{}", server.addrs()[0]);
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    (base, received, handle)
}

/// The server binary on `database_url`, exporting to `endpoint`; with its base URL.
fn start(database_url: &str, endpoint: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coopgraph"))
        .args(["serve", "--port", "0", "--database-url", database_url])
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("OTEL_BSP_SCHEDULE_DELAY", "100")
        .env("RUST_LOG", "info")
        .env_remove("OTEL_SERVICE_NAME")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server stopped before listening")
            .unwrap();
        if let Some(at) = line.find("listening on ") {
            break line[at + "listening on ".len()..].trim().to_owned();
        }
    };
    // keep draining the log so the server never blocks on a full pipe
    std::thread::spawn(move || lines.for_each(drop));
    (child, base)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Waits until an export holds every needle; returns that export.
async fn exported(received: &Received, needles: &[&[u8]]) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = received
            .lock()
            .unwrap()
            .iter()
            .find(|(_, body)| needles.iter().all(|n| contains(body, n)))
            .map(|(kind, body)| {
                assert_eq!(kind, "application/x-protobuf");
                body.clone()
            });
        if let Some(body) = found {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "no export held every expected value"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

db_test!(
    traces_are_exported_by_otlp_and_join_the_clients_trace,
    |db| {
        let (endpoint, received, collector) = collector();
        let (mut server, base) = start(&db.config.database_url, &endpoint);
        let client = reqwest::Client::new();
        let query = serde_json::json!({
            "query": "query OneBody { organization(slug: \"usfs\") { name } }",
            "operationName": "OneBody",
        });

        // a client's trace: the server's request span is its child
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        let parent = "00f067aa0ba902b7";
        let response = client
            .post(format!("{base}/graphql"))
            .header("traceparent", format!("00-{trace}-{parent}-01"))
            .json(&query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-request-id"], trace);
        let body = exported(&received, &[&hex(trace), &hex(parent)]).await;
        assert!(contains(&body, b"coopgraph"), "the service name");
        assert!(contains(&body, b"POST /graphql"), "the request span");
        assert!(contains(&body, b"graphql"), "the operation span");
        assert!(contains(&body, b"OneBody"), "the operation name");
        assert!(contains(&body, b"http.response.status_code"));

        // no client trace: a new one, whose id is the request id
        let response = client
            .post(format!("{base}/graphql"))
            .json(&query)
            .send()
            .await
            .unwrap();
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(id.len(), 32, "{id}");
        assert_ne!(id, trace);
        exported(&received, &[&hex(&id)]).await;

        server.kill().unwrap();
        server.wait().unwrap();
        collector.stop(true).await;
    }
);
