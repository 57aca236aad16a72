//! Configuration: environment variables only (dotenvy loads `.env` first), each also a flag.

use std::time::Duration;

use clap::{ArgAction, Args, ValueEnum};

/// Log output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Every setting, with its environment variable and default.
#[derive(Args, Clone, Debug)]
pub struct Config {
    /// Database URL: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST/DB`.
    #[arg(
        global = true,
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://coopgraph.db?mode=rwc"
    )]
    pub database_url: String,
    /// Maximum connections in the pool.
    #[arg(
        global = true,
        long,
        env = "DATABASE_MAX_CONNECTIONS",
        default_value_t = 10
    )]
    pub max_connections: u32,
    /// Address to listen on.
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_HOST",
        default_value = "127.0.0.1"
    )]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(global = true, long, env = "COOPGRAPH_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Run pending migrations when the server starts.
    #[arg(global = true, long, env = "COOPGRAPH_AUTO_MIGRATE", default_value_t = true, action = ArgAction::Set)]
    pub auto_migrate: bool,
    /// Load the bundled dataset when the server starts on an empty database.
    #[arg(global = true, long, env = "COOPGRAPH_LOAD_BUNDLED_DATA", default_value_t = true, action = ArgAction::Set)]
    pub load_bundled_data: bool,
    /// Answer each query whose fields the compiler supports with one SQL statement per root
    /// field, the JSON built by the database (off: every query runs on the resolvers).
    #[arg(global = true, long, env = "COOPGRAPH_COMPILED_READS", default_value_t = true, action = ArgAction::Set)]
    pub compiled_reads: bool,
    /// Say in every response's `extensions.path` which path answered it (`compiled` or
    /// `resolvers`); for debugging. The log says it either way.
    #[arg(global = true, long, env = "COOPGRAPH_EXPLAIN_PATH", default_value_t = false, action = ArgAction::Set)]
    pub explain_path: bool,
    /// Log filter (tracing `EnvFilter` syntax).
    #[arg(
        global = true,
        long,
        env = "RUST_LOG",
        default_value = "info,sqlx=warn"
    )]
    pub log_filter: String,
    /// Log format.
    #[arg(global = true, long, env = "COOPGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Export traces by OTLP over HTTP (protobuf) to this collector, e.g.
    /// `http://127.0.0.1:4318` (spans go to `/v1/traces`). Unset: no traces are exported.
    /// The SDK's own `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
    /// `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT` and `OTEL_TRACES_SAMPLER`
    /// apply.
    #[arg(global = true, long, env = "OTEL_EXPORTER_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,
    /// Request limits.
    #[command(flatten)]
    pub limits: Limits,
    /// Database and connection timeouts.
    #[command(flatten)]
    pub timeouts: Timeouts,
    /// Per-client rate limiting.
    #[command(flatten)]
    pub rate_limit: RateLimit,
    /// HTTP conventions: CORS, caching, the playground, persisted queries.
    #[command(flatten)]
    pub http: Http,
    /// Curated writes: limits, idempotency, tokens.
    #[command(flatten)]
    pub writes: Writes,
}

/// Curated writes: how many per request and per minute, how long `Idempotency-Key` answers
/// are kept, and the optional JWT identity provider.
#[derive(Args, Clone, Debug)]
pub struct Writes {
    /// Mutation root fields one request may hold (each is its own transaction).
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_MAX_MUTATIONS",
        default_value_t = 5
    )]
    pub max_mutations: usize,
    /// Write requests per minute per API key or token subject (0: no limit).
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_WRITES_PER_MINUTE",
        default_value_t = 600
    )]
    pub writes_per_minute: u32,
    /// How long the answer of a request with an `Idempotency-Key` is kept, in seconds.
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_IDEMPOTENCY_TTL",
        default_value_t = 86_400
    )]
    pub idempotency_ttl: u32,
    /// How long a checked API key is trusted without checking its hash again, in seconds
    /// (a revoked key stops working within this time).
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_KEY_CACHE_SECONDS",
        default_value_t = 60
    )]
    pub key_cache_seconds: u32,
    /// JWT: the issuer (`iss`) tokens must carry; setting it turns token checks on.
    #[arg(global = true, long, env = "COOPGRAPH_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,
    /// JWT: the audience (`aud`) tokens must carry.
    #[arg(global = true, long, env = "COOPGRAPH_JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,
    /// JWT: the signature algorithms allowed, comma-separated (`RS256`, `ES256`, `HS256`…).
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_JWT_ALGORITHMS",
        default_value = "RS256"
    )]
    pub jwt_algorithms: String,
    /// JWT: a file holding the identity provider's public key (PEM).
    #[arg(global = true, long, env = "COOPGRAPH_JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<std::path::PathBuf>,
    /// JWT: the shared secret, for the HMAC algorithms.
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_JWT_SECRET",
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,
    /// JWT: the claim holding the role (`editor` or `admin`, or a list of roles).
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_JWT_ROLE_CLAIM",
        default_value = "role"
    )]
    pub jwt_role_claim: String,
    /// JWT: allowance for clock skew on `exp` and `nbf`, in seconds.
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_JWT_LEEWAY",
        default_value_t = 30
    )]
    pub jwt_leeway: u64,
}

/// HTTP conventions for browsers, GraphQL clients and caches.
#[derive(Args, Clone, Debug)]
pub struct Http {
    /// Origins a browser app may call the API from: `*` (any origin, without credentials: the
    /// data is public) or a comma-separated list such as `https://app.example.org`.
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_CORS_ORIGINS",
        default_value = "*"
    )]
    pub cors_origins: String,
    /// `Cache-Control: public, max-age=N` of a GET query's answer, in seconds (0: `no-cache`).
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_CACHE_MAX_AGE",
        default_value_t = 60
    )]
    pub cache_max_age: u32,
    /// Serve the GraphiQL playground at `/` and at `GET /graphql` from a browser.
    #[arg(global = true, long, env = "COOPGRAPH_PLAYGROUND", default_value_t = true, action = ArgAction::Set)]
    pub playground: bool,
    /// Answer introspection (`__schema`, `__type`): the playground's docs and client code
    /// generation need it; a production API may turn it off.
    #[arg(global = true, long, env = "COOPGRAPH_INTROSPECTION", default_value_t = true, action = ArgAction::Set)]
    pub introspection: bool,
    /// A persisted-query manifest (`coopgraph manifest`): only its operations run.
    #[arg(global = true, long, env = "COOPGRAPH_TRUSTED_DOCUMENTS")]
    pub trusted_documents: Option<std::path::PathBuf>,
    /// Automatic persisted queries kept per server (hash → query), least recently used out.
    #[arg(
        global = true,
        long,
        env = "COOPGRAPH_PERSISTED_QUERIES",
        default_value_t = 1000
    )]
    pub persisted_queries: usize,
}

impl Default for Http {
    fn default() -> Self {
        Http {
            cors_origins: "*".into(),
            cache_max_age: 60,
            playground: true,
            introspection: true,
            trusted_documents: None,
            persisted_queries: 1000,
        }
    }
}

/// The request budget: limits that stop abusive requests, checked before execution where
/// they can be and enforced during it where they cannot. The README justifies each default.
#[derive(Args, Clone, Debug)]
pub struct Limits {
    /// Deepest field nesting a query may have.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_DEPTH", default_value_t = Limits::DEFAULT.max_depth)]
    pub max_depth: usize,
    /// Largest estimated cost of an operation (see the README's cost model).
    #[arg(global = true, long, env = "COOPGRAPH_MAX_COMPLEXITY", default_value_t = Limits::DEFAULT.max_complexity)]
    pub max_complexity: usize,
    /// Deepest nesting of selection sets, fragments and filter inputs.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_RECURSION", default_value_t = Limits::DEFAULT.max_recursion)]
    pub max_recursion: usize,
    /// Most directives on one field.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_DIRECTIVES", default_value_t = Limits::DEFAULT.max_directives)]
    pub max_directives: usize,
    /// Largest request body, in bytes.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.max_body_bytes)]
    pub max_body_bytes: usize,
    /// Longest query document, in characters.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_QUERY_CHARS", default_value_t = Limits::DEFAULT.max_query_chars)]
    pub max_query_chars: usize,
    /// Most lexical tokens in a query document.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_TOKENS", default_value_t = Limits::DEFAULT.max_tokens)]
    pub max_tokens: usize,
    /// Most fragment definitions in a query document.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_FRAGMENTS", default_value_t = Limits::DEFAULT.max_fragments)]
    pub max_fragments: usize,
    /// Most fields in the operation once every fragment is inlined.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_FIELDS", default_value_t = Limits::DEFAULT.max_fields)]
    pub max_fields: usize,
    /// Most aliases in the operation once every fragment is inlined.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_ALIASES", default_value_t = Limits::DEFAULT.max_aliases)]
    pub max_aliases: usize,
    /// Most root fields in the operation.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_ROOT_FIELDS", default_value_t = Limits::DEFAULT.max_root_fields)]
    pub max_root_fields: usize,
    /// Most times one field (same response key) may be selected in one selection set.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_FIELD_REPEATS", default_value_t = Limits::DEFAULT.max_field_repeats)]
    pub max_field_repeats: usize,
    /// Largest response, in bytes of JSON data.
    #[arg(global = true, long, env = "COOPGRAPH_MAX_RESPONSE_BYTES", default_value_t = Limits::DEFAULT.max_response_bytes)]
    pub max_response_bytes: usize,
    /// Longest time one GraphQL request may run, in milliseconds.
    #[arg(global = true, long, env = "COOPGRAPH_REQUEST_TIMEOUT_MS", default_value_t = Limits::DEFAULT.request_timeout_ms)]
    pub request_timeout_ms: u64,
    /// Most rows one export may return.
    #[arg(global = true, long, env = "COOPGRAPH_EXPORT_MAX_ROWS", default_value_t = Limits::DEFAULT.export_max_rows)]
    pub export_max_rows: u64,
    /// Longest time one export may run, in milliseconds.
    #[arg(global = true, long, env = "COOPGRAPH_EXPORT_TIMEOUT_MS", default_value_t = Limits::DEFAULT.export_timeout_ms)]
    pub export_timeout_ms: u64,
}

impl Limits {
    /// The defaults (also the command line's).
    pub const DEFAULT: Limits = Limits {
        max_depth: 16,
        max_complexity: 100_000,
        max_recursion: 32,
        max_directives: 20,
        max_body_bytes: 256 * 1024,
        max_query_chars: 32 * 1024,
        max_tokens: 10_000,
        max_fragments: 128,
        max_fields: 5_000,
        max_aliases: 30,
        max_root_fields: 16,
        max_field_repeats: 10,
        max_response_bytes: 4 * 1024 * 1024,
        request_timeout_ms: 10_000,
        export_max_rows: 1_000_000,
        export_timeout_ms: 300_000,
    };

    /// The whole-request deadline.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Timeouts of the connection pool and the database, each well below the request timeout, so
/// that a request waiting on the database fails with its own clear code before the request
/// as a whole times out.
#[derive(Args, Clone, Debug)]
pub struct Timeouts {
    /// Longest wait for a pooled connection (and for opening one), in milliseconds.
    #[arg(global = true, long, env = "DATABASE_ACQUIRE_TIMEOUT_MS", default_value_t = Timeouts::DEFAULT.acquire_ms)]
    pub acquire_ms: u64,
    /// Longest run of one SQL statement, in milliseconds (PostgreSQL `statement_timeout`;
    /// on SQLite the request timeout bounds statements).
    #[arg(global = true, long, env = "DATABASE_STATEMENT_TIMEOUT_MS", default_value_t = Timeouts::DEFAULT.statement_ms)]
    pub statement_ms: u64,
    /// Longest wait for a lock, in milliseconds (PostgreSQL `lock_timeout`, SQLite
    /// `busy_timeout`).
    #[arg(global = true, long, env = "DATABASE_LOCK_TIMEOUT_MS", default_value_t = Timeouts::DEFAULT.lock_ms)]
    pub lock_ms: u64,
    /// Longest time `/readyz` waits for the database, in milliseconds.
    #[arg(global = true, long, env = "COOPGRAPH_READINESS_TIMEOUT_MS", default_value_t = Timeouts::DEFAULT.readiness_ms)]
    pub readiness_ms: u64,
    /// Longest time a response may wait on a client that does not read it, in milliseconds
    /// (the socket's `TCP_USER_TIMEOUT`; 0 leaves the system default).
    #[arg(global = true, long, env = "COOPGRAPH_WRITE_TIMEOUT_MS", default_value_t = Timeouts::DEFAULT.write_ms)]
    pub write_ms: u64,
}

impl Timeouts {
    /// The defaults (also the command line's).
    pub const DEFAULT: Timeouts = Timeouts {
        acquire_ms: 2_000,
        statement_ms: 5_000,
        lock_ms: 2_000,
        readiness_ms: 1_000,
        write_ms: 30_000,
    };

    /// No statement or lock timeout: for the commands that load data (import, generate,
    /// migrate), which may legitimately run for minutes.
    pub fn unbounded(&self) -> Timeouts {
        Timeouts {
            statement_ms: 0,
            lock_ms: 0,
            ..self.clone()
        }
    }
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts::DEFAULT
    }
}

/// Per-client rate limiting (a token bucket per IP address); off when `per_second` is 0.
#[derive(Args, Clone, Debug)]
pub struct RateLimit {
    /// Requests per second each client IP may make on average; 0 turns rate limiting off.
    #[arg(
        global = true,
        long = "rate-limit-per-second",
        env = "COOPGRAPH_RATE_LIMIT_PER_SECOND",
        default_value_t = 0
    )]
    pub per_second: u32,
    /// Requests a client may make in a burst above the average.
    #[arg(
        global = true,
        long = "rate-limit-burst",
        env = "COOPGRAPH_RATE_LIMIT_BURST",
        default_value_t = 50
    )]
    pub burst: u32,
    /// Take the client address from the first `X-Forwarded-For` entry (only behind a proxy
    /// that sets it; otherwise a client could pick its own bucket).
    #[arg(global = true, long = "rate-limit-trust-forwarded-for", env = "COOPGRAPH_TRUST_FORWARDED_FOR", default_value_t = false, action = ArgAction::Set)]
    pub trust_forwarded_for: bool,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 0,
            burst: 50,
            trust_forwarded_for: false,
        }
    }
}

impl Config {
    /// The defaults, for a given database; used by tests, which must not read the environment.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Config {
            database_url: database_url.into(),
            max_connections: 5,
            host: "127.0.0.1".into(),
            port: 0,
            auto_migrate: true,
            load_bundled_data: true,
            compiled_reads: true,
            explain_path: false,
            log_filter: "warn".into(),
            log_format: LogFormat::Text,
            otlp_endpoint: None,
            limits: Limits::default(),
            timeouts: Timeouts::default(),
            rate_limit: RateLimit::default(),
            http: Http::default(),
            writes: Writes::default(),
        }
    }
}

impl Default for Writes {
    fn default() -> Self {
        Writes {
            max_mutations: 5,
            writes_per_minute: 600,
            idempotency_ttl: 86_400,
            key_cache_seconds: 60,
            jwt_issuer: None,
            jwt_audience: None,
            jwt_algorithms: "RS256".into(),
            jwt_public_key_file: None,
            jwt_secret: None,
            jwt_role_claim: "role".into(),
            jwt_leeway: 30,
        }
    }
}
