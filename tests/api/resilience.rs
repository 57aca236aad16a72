//! Failures map to the right answer, fast: an exhausted pool or a database that is down is
//! 503 with `Retry-After` within the acquire timeout, a lock wait or a slow request is
//! `TIMEOUT`, a panic is a 500 with an error id, and the server recovers on its own. Slow
//! databases are made with locks and held connections, never sleeps.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestDb, db_test};

const QUERY: &str = "{ organizations(first: 3) { totalCount nodes { name } } }";

async fn post(client: &reqwest::Client, base: &str) -> (u16, Value, Option<String>) {
    let response = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": QUERY }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, response.json().await.unwrap(), retry)
}

async fn get(client: &reqwest::Client, url: String) -> (u16, Value) {
    let response = client.get(url).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Serves `config` with a pool of one connection: the base URL, the server's handle and the
/// pool (so the test can hold that connection).
async fn serve_one_connection(
    mut config: coopgraph::config::Config,
) -> (
    String,
    actix_web::dev::ServerHandle,
    sea_orm::DatabaseConnection,
) {
    config.max_connections = 1;
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let pool = state.db.clone();
    let (base, handle) = crate::helpers::serve_state(state);
    (base, handle, pool)
}

db_test!(an_exhausted_pool_is_503_then_recovers, |db| {
    let mut config = db.config.clone();
    config.timeouts.acquire_ms = 300;
    config.timeouts.readiness_ms = 300;
    let (base, handle, pool) = serve_one_connection(config).await;
    let client = reqwest::Client::new();
    assert_eq!(post(&client, &base).await.0, 200);

    let held = pool.begin().await.unwrap(); // the pool's only connection
    let started = Instant::now();
    let (status, body, retry) = post(&client, &base).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "SERVICE_UNAVAILABLE"
    );
    assert_eq!(retry.as_deref(), Some("1"));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let (status, ready) = get(&client, format!("{base}/readyz")).await;
    assert_eq!((status, ready["database"].as_str()), (503, Some("busy")));
    assert_eq!(get(&client, format!("{base}/livez")).await.0, 200);

    held.rollback().await.unwrap();
    let (status, body, _) = post(&client, &base).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["organizations"]["totalCount"], 78);
    assert_eq!(get(&client, format!("{base}/readyz")).await.0, 200);
    handle.stop(true).await;
});

db_test!(a_request_past_its_deadline_is_504_timeout, |db| {
    let mut config = db.config.clone();
    config.timeouts.acquire_ms = 10_000;
    config.limits.request_timeout_ms = 300;
    let (base, handle, pool) = serve_one_connection(config).await;
    let client = reqwest::Client::new();
    let held = pool.begin().await.unwrap();
    let started = Instant::now();
    let (status, body, retry) = post(&client, &base).await;
    assert_eq!(status, 504, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT");
    assert_eq!(retry.as_deref(), Some("5"));
    assert!(started.elapsed() < Duration::from_secs(5));
    held.rollback().await.unwrap();
    assert_eq!(post(&client, &base).await.0, 200);
    handle.stop(true).await;
});

/// PostgreSQL only: a table lock held by the test makes the server's statement wait, and
/// `lock_timeout` or `statement_timeout` ends the wait with `TIMEOUT`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_lock_and_statement_timeouts_are_timeout() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let locker = db.with_bundled_data().await;
    for (lock_ms, statement_ms) in [(300, 60_000), (0, 300)] {
        let mut config = db.config.clone();
        config.timeouts.lock_ms = lock_ms;
        config.timeouts.statement_ms = statement_ms;
        let state = coopgraph::app::prepare(&config).await.unwrap();
        let (base, handle) = crate::helpers::serve_state(state);
        let client = reqwest::Client::new();
        let txn = locker.begin().await.unwrap();
        txn.execute_unprepared("LOCK TABLE organization IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let started = Instant::now();
        let (status, body, _) = post(&client, &base).await;
        assert_eq!(
            status, 504,
            "lock {lock_ms} statement {statement_ms}: {body}"
        );
        assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT");
        assert!(!body.to_string().contains("lock"), "{body}");
        assert!(started.elapsed() < Duration::from_secs(5));
        txn.rollback().await.unwrap();
        assert_eq!(post(&client, &base).await.0, 200);
        handle.stop(true).await;
    }
}

/// A TCP proxy in front of PostgreSQL that the test can cut and restore.
struct Proxy {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(port: u16) -> Proxy {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut links = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                links.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect("127.0.0.1:5432").await
                    {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Proxy { port, task }
    }

    /// Closes the listener and every link (dropping the task drops its `JoinSet`).
    async fn cut(self) -> u16 {
        self.task.abort();
        let _ = self.task.await;
        self.port
    }
}

/// PostgreSQL only: while the database is unreachable every request is 503 within the acquire
/// timeout and readiness says so; once it is back the same server answers again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_down_is_503_and_the_server_recovers_without_a_restart() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    db.with_bundled_data().await;
    let proxy = Proxy::start(0).await;
    let mut config = db.config.clone();
    config.database_url = config
        .database_url
        .replace("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port));
    assert!(config.database_url.contains(&proxy.port.to_string()));
    config.timeouts.acquire_ms = 500;
    config.timeouts.readiness_ms = 500;
    let state = coopgraph::app::prepare(&config).await.unwrap();
    let (base, handle) = crate::helpers::serve_state(state);
    let client = reqwest::Client::new();
    assert_eq!(post(&client, &base).await.0, 200);

    let port = proxy.cut().await;
    for _ in 0..2 {
        let started = Instant::now();
        let (status, body, retry) = post(&client, &base).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"],
            "SERVICE_UNAVAILABLE"
        );
        assert!(retry.is_some());
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
    let (status, ready) = get(&client, format!("{base}/readyz")).await;
    assert_eq!(
        (status, ready["database"].as_str()),
        (503, Some("unreachable"))
    );

    let proxy = Proxy::start(port).await;
    let mut recovered = false;
    for _ in 0..20 {
        if post(&client, &base).await.0 == 200 {
            recovered = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(recovered, "the server did not recover");
    assert_eq!(get(&client, format!("{base}/readyz")).await.0, 200);
    handle.stop(true).await;
    proxy.cut().await;
}

#[actix_web::test]
async fn a_panicking_handler_is_a_500_with_an_error_id() {
    use actix_web::{App, middleware::from_fn, test, web};
    let app = test::init_service(
        App::new()
            .wrap(from_fn(coopgraph::http::guard::catch_panics))
            .route(
                "/boom",
                web::get().to(|| async {
                    if std::hint::black_box(true) {
                        panic!("boom");
                    }
                    "unreachable"
                }),
            ),
    )
    .await;
    for _ in 0..2 {
        // the middleware answers with an error, which the server renders as this response
        let request = test::TestRequest::get().uri("/boom").to_request();
        let error = match test::try_call_service(&app, request).await {
            Ok(_) => panic!("the panic was not caught"),
            Err(error) => error,
        };
        let response = error.error_response();
        assert_eq!(response.status(), 500);
        let bytes = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap();
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "INTERNAL");
        assert_eq!(
            body["errors"][0]["extensions"]["errorId"]
                .as_str()
                .unwrap()
                .len(),
            16
        );
        assert_eq!(body["errors"][0]["message"], "internal error");
    }
}

#[tokio::test]
async fn a_panic_inside_a_request_future_is_caught_with_an_id() {
    coopgraph::panic::install_hook();
    let caught = coopgraph::panic::Caught::new(async {
        if std::hint::black_box(true) {
            panic!("boom");
        }
    })
    .await;
    let panicked = caught.expect_err("the future panics");
    assert_eq!(panicked.error_id.len(), 16);
    // the next poll of another future on this thread is not affected
    assert!(coopgraph::panic::Caught::new(async { 1 }).await.is_ok());
}

/// Sends a POST of `query` on a raw connection and returns the stream, unread.
async fn raw_post(base: &str, query: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // a small receive window, so the server's writes stall soon
    socket2::SockRef::from(&stream)
        .set_recv_buffer_size(4096)
        .unwrap();
    let body = json!({ "query": query }).to_string();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    stream
}

/// Reads until the end, an error or a pause of two seconds (thirty before the first byte,
/// while the server builds the answer): the bytes read.
async fn drain(stream: &mut tokio::net::TcpStream) -> usize {
    use tokio::io::AsyncReadExt;
    let mut total = 0;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let wait = Duration::from_secs(if total == 0 { 30 } else { 2 });
        match tokio::time::timeout(wait, stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => total += n,
            _ => return total,
        }
    }
}

db_test!(
    a_client_that_stops_reading_is_dropped_after_the_write_timeout,
    |db| {
        let mut config = db.config.clone();
        config.timeouts.write_ms = 500;
        config.limits.max_response_bytes = 64 << 20;
        config.limits.max_complexity = usize::MAX;
        config.limits.max_aliases = 100;
        config.limits.max_root_fields = 100;
        let state = coopgraph::app::prepare(&config).await.unwrap();
        let (base, handle) = crate::helpers::serve_state(state);
        // 6 introspections: about 2 MB, far more than the client's window
        let one = "__schema { types { name description fields { name description args { name description type { name kind ofType { name kind ofType { name } } } } type { name kind ofType { name kind ofType { name } } } } } }";
        let query: String = (0..6).map(|i| format!("i{i}: {one} ")).collect();
        let query = format!("{{ {query} }}");

        let mut prompt = raw_post(&base, &query).await;
        let whole = drain(&mut prompt).await;
        assert!(whole > 1 << 20, "the response is only {whole} bytes");

        let mut stalled = raw_post(&base, &query).await;
        // wait for the answer to start, then read nothing for well past the write timeout: the
        // client's window stays shut
        let mut first = [0u8; 1];
        let started = tokio::time::timeout(Duration::from_secs(30), async {
            use tokio::io::AsyncReadExt;
            stalled.read_exact(&mut first).await
        });
        started.await.unwrap().unwrap();
        tokio::time::sleep(Duration::from_secs(4)).await;
        let got = 1 + drain(&mut stalled).await;
        assert!(
            got < whole,
            "the stalled client still got the whole response ({got} bytes)"
        );
        handle.stop(true).await;
    }
);
