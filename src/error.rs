//! The one application error, with a stable code per variant. Internal details are logged,
//! never shown to clients.

/// An error a request can end with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The client sent something invalid; the message says what.
    #[error("{0}")]
    BadUserInput(String),
    /// The requested record does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Anything else; the message shown to clients is generic.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    /// The code clients see in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadUserInput(_) => "BAD_USER_INPUT",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Internal(_) => "INTERNAL",
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::Internal(err.to_string())
    }
}
