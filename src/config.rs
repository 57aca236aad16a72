//! Configuration: environment variables only (dotenvy loads `.env` first), each also a flag.

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
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://coopgraph.db?mode=rwc"
    )]
    pub database_url: String,
    /// Maximum connections in the pool.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 10)]
    pub max_connections: u32,
    /// Address to listen on.
    #[arg(long, env = "COOPGRAPH_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "COOPGRAPH_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Run pending migrations when the server starts.
    #[arg(long, env = "COOPGRAPH_AUTO_MIGRATE", default_value_t = true, action = ArgAction::Set)]
    pub auto_migrate: bool,
    /// Load the bundled dataset when the server starts on an empty database.
    #[arg(long, env = "COOPGRAPH_LOAD_BUNDLED_DATA", default_value_t = true, action = ArgAction::Set)]
    pub load_bundled_data: bool,
    /// Log filter (tracing `EnvFilter` syntax).
    #[arg(long, env = "RUST_LOG", default_value = "info,sqlx=warn")]
    pub log_filter: String,
    /// Log format.
    #[arg(long, env = "COOPGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Request limits.
    #[command(flatten)]
    pub limits: Limits,
}

/// Limits that stop abusive requests; the README justifies each default.
#[derive(Args, Clone, Debug)]
pub struct Limits {
    /// Deepest field nesting a query may have.
    #[arg(long, env = "COOPGRAPH_MAX_DEPTH", default_value_t = 16)]
    pub max_depth: usize,
    /// Largest query complexity: each field costs 1, a connection costs its page size times
    /// its selection.
    #[arg(long, env = "COOPGRAPH_MAX_COMPLEXITY", default_value_t = 100_000)]
    pub max_complexity: usize,
    /// Deepest nesting of selection sets, fragments and filter inputs.
    #[arg(long, env = "COOPGRAPH_MAX_RECURSION", default_value_t = 32)]
    pub max_recursion: usize,
    /// Most directives on one field.
    #[arg(long, env = "COOPGRAPH_MAX_DIRECTIVES", default_value_t = 20)]
    pub max_directives: usize,
    /// Largest request body, in bytes.
    #[arg(long, env = "COOPGRAPH_MAX_BODY_BYTES", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 16,
            max_complexity: 100_000,
            max_recursion: 32,
            max_directives: 20,
            max_body_bytes: 256 * 1024,
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
            log_filter: "warn".into(),
            log_format: LogFormat::Text,
            limits: Limits::default(),
        }
    }
}
