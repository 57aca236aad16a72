//! The one application error, with a stable code per variant. Internal details are logged,
//! never shown to clients.
//!
//! Every error a request can end with is an [`AppError`]; the GraphQL layer turns it into a
//! GraphQL error with `extensions.code` (see `graphql::error`), and the HTTP layer picks the
//! status from the same code (see [`Code::status`]).

use std::fmt;

/// The codes clients see in `extensions.code`. Each says whose fault the error is: the
/// request's (`BAD_USER_INPUT`, the budget codes, …), the server's load (`TIMEOUT`,
/// `SERVICE_UNAVAILABLE`, `RATE_LIMITED`) or the server's own (`INTERNAL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// The body is not one GraphQL request (not JSON, not an object, a missing `query`).
    BadRequest,
    /// A JSON array of requests: batching is not supported.
    BatchingNotSupported,
    /// A persisted query's hash this server has not seen: send the query with its hash.
    PersistedQueryNotFound,
    /// The HTTP method cannot run this operation (a mutation over GET).
    MethodNotAllowed,
    /// The server runs only the operations of its trusted-document manifest.
    TrustedDocumentRequired,
    /// The body's media type is not JSON.
    UnsupportedMediaType,
    /// The body is larger than the configured limit.
    PayloadTooLarge,
    /// The query is not valid GraphQL syntax.
    GraphqlParseFailed,
    /// The query does not fit the schema.
    GraphqlValidationFailed,
    /// An argument, id, cursor or variable is invalid.
    BadUserInput,
    /// The record does not exist.
    NotFound,
    /// The query text is longer than the limit.
    QueryTooLong,
    /// The query has more tokens than the limit.
    TooManyTokens,
    /// The query nests deeper than the limit.
    QueryTooDeep,
    /// The query declares more fragments than the limit.
    TooManyFragments,
    /// The operation, with its fragments inlined, selects more fields than the limit.
    QueryTooLarge,
    /// The operation uses more aliases than the limit.
    TooManyAliases,
    /// The operation selects more root fields than the limit.
    TooManyRootFields,
    /// One selection set repeats a field more often than the limit.
    TooManyRepeatedFields,
    /// A field carries more directives than the limit.
    TooManyDirectives,
    /// The operation's estimated cost is above the limit.
    QueryTooComplex,
    /// A filter has more conditions or values than the limit.
    FilterTooLarge,
    /// The response would be larger than the limit.
    ResponseTooLarge,
    /// An export would return more rows than the limit.
    ExportTooLarge,
    /// The request, a statement or a lock wait took longer than allowed.
    Timeout,
    /// The database cannot be reached or has no free connection; try again later.
    ServiceUnavailable,
    /// Too many requests from this client; try again later.
    RateLimited,
    /// A write without credentials, or with a key or token that does not check out.
    Unauthenticated,
    /// The caller's role does not allow this write.
    Forbidden,
    /// The record changed since it was read, or its slug is taken; nothing was written.
    Conflict,
    /// Other records reference the record to delete; nothing was deleted.
    Referenced,
    /// An `Idempotency-Key` sent again with another request.
    IdempotencyKeyReused,
    /// More mutation root fields in one request than the limit.
    TooManyMutations,
    /// A fault of the server; details are in its log.
    Internal,
}

impl Code {
    /// The text of the code, as in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BadRequest => "BAD_REQUEST",
            Code::BatchingNotSupported => "BATCHING_NOT_SUPPORTED",
            Code::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Code::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Code::TrustedDocumentRequired => "TRUSTED_DOCUMENT_REQUIRED",
            Code::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Code::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Code::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Code::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::NotFound => "NOT_FOUND",
            Code::QueryTooLong => "QUERY_TOO_LONG",
            Code::TooManyTokens => "TOO_MANY_TOKENS",
            Code::QueryTooDeep => "QUERY_TOO_DEEP",
            Code::TooManyFragments => "TOO_MANY_FRAGMENTS",
            Code::QueryTooLarge => "QUERY_TOO_LARGE",
            Code::TooManyAliases => "TOO_MANY_ALIASES",
            Code::TooManyRootFields => "TOO_MANY_ROOT_FIELDS",
            Code::TooManyRepeatedFields => "TOO_MANY_REPEATED_FIELDS",
            Code::TooManyDirectives => "TOO_MANY_DIRECTIVES",
            Code::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Code::FilterTooLarge => "FILTER_TOO_LARGE",
            Code::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Code::ExportTooLarge => "EXPORT_TOO_LARGE",
            Code::Timeout => "TIMEOUT",
            Code::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Code::RateLimited => "RATE_LIMITED",
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::Conflict => "CONFLICT",
            Code::Referenced => "REFERENCED",
            Code::IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
            Code::TooManyMutations => "TOO_MANY_MUTATIONS",
            Code::Internal => "INTERNAL",
        }
    }

    /// The HTTP status of a response that fails as a whole with this code. Errors inside an
    /// executed GraphQL response keep status 200 unless they are about the server's state
    /// (timeouts, unavailability), which a client or load balancer must see in the status.
    pub fn status(self) -> u16 {
        match self {
            Code::BadRequest | Code::BatchingNotSupported => 400,
            Code::UnsupportedMediaType => 415,
            Code::MethodNotAllowed => 405,
            Code::TrustedDocumentRequired => 403,
            Code::PayloadTooLarge => 413,
            Code::RateLimited => 429,
            Code::Unauthenticated => 401,
            Code::Forbidden => 403,
            Code::IdempotencyKeyReused => 422,
            Code::Conflict => 409,
            Code::Timeout => 504,
            Code::ServiceUnavailable => 503,
            Code::Internal => 500,
            _ => 200,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A limit that was exceeded: what was measured and the limit, both returned to the client
/// in `extensions` (`measured`, `limit`) so it can see how far over it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Over {
    /// The value the request reached (or a lower bound of it, when counting stopped early).
    pub measured: u64,
    /// The configured limit.
    pub limit: u64,
}

/// An error a request can end with. It deliberately does not implement `Display`: the
/// only way into a GraphQL error is `From<AppError>` (in `graphql::error`), which sets
/// `extensions.code` and logs what clients must not see, so no `?` can drop the code.
#[derive(Debug)]
pub enum AppError {
    /// The client sent something invalid; the message says what.
    BadUserInput(String),
    /// The requested record does not exist.
    NotFound(String),
    /// A request limit was exceeded; the message names the limit and its setting.
    Limit {
        /// Which limit.
        code: Code,
        /// What was exceeded and how to stay within it.
        message: String,
        /// Measured value and limit, for cost limits.
        over: Option<Over>,
    },
    /// A statement, lock wait or the whole request took too long; the cause is logged.
    Timeout(String),
    /// The database cannot be reached or has no free connection; the cause is logged.
    Unavailable(String),
    /// Anything else; the message shown to clients is generic, the cause is logged.
    Internal(String),
}

impl AppError {
    /// A limit error with its measured value.
    pub fn limit(code: Code, message: impl Into<String>, measured: u64, limit: u64) -> Self {
        AppError::Limit {
            code,
            message: message.into(),
            over: Some(Over { measured, limit }),
        }
    }

    /// A refusal with its own code and no measured value (a malformed body, an operation
    /// that cannot be chosen).
    pub fn refused(code: Code, message: impl Into<String>) -> Self {
        AppError::Limit {
            code,
            message: message.into(),
            over: None,
        }
    }

    /// The message clients see: what they can act on, never an internal detail.
    pub fn message(&self) -> &str {
        match self {
            AppError::BadUserInput(m) | AppError::NotFound(m) => m,
            AppError::Limit { message, .. } => message,
            AppError::Timeout(_) => {
                "the request took too long and was stopped; try a smaller query or again later"
            }
            AppError::Unavailable(_) => "the database is not available right now; try again later",
            AppError::Internal(_) => "internal error",
        }
    }

    /// The code clients see in `extensions.code`.
    pub fn code(&self) -> Code {
        match self {
            AppError::BadUserInput(_) => Code::BadUserInput,
            AppError::NotFound(_) => Code::NotFound,
            AppError::Limit { code, .. } => *code,
            AppError::Timeout(_) => Code::Timeout,
            AppError::Unavailable(_) => Code::ServiceUnavailable,
            AppError::Internal(_) => Code::Internal,
        }
    }

    /// Measured value and limit, for limit errors.
    pub fn over(&self) -> Option<Over> {
        match self {
            AppError::Limit { over, .. } => *over,
            _ => None,
        }
    }

    /// What the log keeps of the error (the cause, which clients never see).
    pub fn detail(&self) -> Option<&str> {
        match self {
            AppError::Timeout(d) | AppError::Unavailable(d) | AppError::Internal(d) => Some(d),
            _ => None,
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        let detail = err.to_string();
        match crate::db::classify(&err) {
            crate::db::Failure::Timeout => AppError::Timeout(detail),
            crate::db::Failure::Unavailable => AppError::Unavailable(detail),
            crate::db::Failure::Other => AppError::Internal(detail),
        }
    }
}

/// Cuts text a client sent to a length fit for an error message.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 64;
    match text.char_indices().nth(MAX) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}
