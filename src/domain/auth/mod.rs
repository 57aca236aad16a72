//! API keys: who may write. Reads stay public; a write names a key in
//! `Authorization: Bearer cgk_<prefix>_<secret>`.
//!
//! A key is 32 random bytes (the operating system's generator) behind a random 12-hex-digit
//! prefix. It is shown once, when made. The database keeps the prefix, which finds the key and
//! may appear in logs, and the argon2id hash of the whole key (a PHC string with its own
//! salt). Checking a key hashes the presented one with the stored parameters and compares in
//! constant time (`argon2`'s verifier); a wrong, unknown or revoked key gets the same answer.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::entities::api_key;

pub mod jwt;

/// What a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Create, correct and delete records (without cascade).
    Editor,
    /// Everything an editor may, plus keys, deletes with cascade and new documents.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Who a request is, once its key checked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The key's prefix (its public identifier).
    pub prefix: String,
    /// The key's name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// Why a key was refused, or why a key operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Malformed, unknown, wrong or revoked: one answer for all, so as to tell nothing.
    #[error("the API key is not valid")]
    Invalid,
    /// No key with that prefix (revoking).
    #[error("no API key has the prefix `{0}`")]
    Unknown(String),
    /// A JWT was refused; the message says why (never the token itself).
    #[error("the token was refused: {0}")]
    TokenRefused(String),
    /// The system's random generator or the hasher failed.
    #[error("the key could not be made: {0}")]
    Crypto(String),
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

/// A key as listed: never its secret.
#[derive(Clone, Debug)]
pub struct KeyInfo {
    /// Prefix.
    pub prefix: String,
    /// Name.
    pub name: String,
    /// Role (as stored).
    pub role: String,
    /// Made at (Unix seconds).
    pub created_at: i64,
    /// Last used at (Unix seconds).
    pub last_used_at: Option<i64>,
    /// Revoked at (Unix seconds).
    pub revoked_at: Option<i64>,
}

const SCHEME: &str = "cgk";

/// The UTC date (`YYYY-MM-DD`) of Unix seconds (the civil-from-days algorithm of Howard
/// Hinnant's date library).
pub fn date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

fn random<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Crypto(e.to_string()))?;
    Ok(bytes)
}

/// Whether a bearer token is one of this server's API keys (`cgk_…`), not a JWT.
pub fn is_api_key(token: &str) -> bool {
    token
        .strip_prefix(SCHEME)
        .is_some_and(|rest| rest.starts_with('_'))
}

/// Splits `cgk_<prefix>_<secret>` into its prefix, if it has that shape.
pub fn prefix_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix(SCHEME)?.strip_prefix('_')?;
    let (prefix, secret) = rest.split_once('_')?;
    let hex = prefix.len() == 12 && prefix.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && !secret.is_empty() && secret.len() <= 128).then_some(prefix)
}

/// Makes a key; returns its record and the key itself, which is never stored.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    role: Role,
) -> Result<(KeyInfo, String), AuthError> {
    let prefix: String = random::<6>()?.iter().map(|b| format!("{b:02x}")).collect();
    let secret = URL_SAFE_NO_PAD.encode(random::<32>()?);
    let token = format!("{SCHEME}_{prefix}_{secret}");
    let hash = Argon2::default()
        .hash_password(token.as_bytes())
        .map_err(|e| AuthError::Crypto(e.to_string()))?
        .to_string();
    let row = api_key::ActiveModel {
        prefix: Set(prefix),
        hash: Set(hash),
        name: Set(name.to_owned()),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((info(row), token))
}

fn info(m: api_key::Model) -> KeyInfo {
    KeyInfo {
        prefix: m.prefix,
        name: m.name,
        role: m.role,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
    }
}

/// Every key, oldest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<KeyInfo>, AuthError> {
    let rows = api_key::Entity::find()
        .order_by_asc(api_key::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(info).collect())
}

/// Revokes the key with `prefix` (again: no change).
pub async fn revoke(db: &impl ConnectionTrait, prefix: &str) -> Result<KeyInfo, AuthError> {
    let row = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .one(db)
        .await?
        .ok_or_else(|| AuthError::Unknown(prefix.to_owned()))?;
    if row.revoked_at.is_some() {
        return Ok(info(row));
    }
    let mut active = row.into_active_model();
    active.revoked_at = Set(Some(now()));
    Ok(info(active.update(db).await?))
}

/// The principal of a presented key, or [`AuthError::Invalid`].
pub async fn authenticate(db: &impl ConnectionTrait, token: &str) -> Result<Principal, AuthError> {
    let prefix = prefix_of(token).ok_or(AuthError::Invalid)?;
    let row = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .one(db)
        .await?
        .ok_or(AuthError::Invalid)?;
    // argon2 is deliberately slow: off the async workers, on the blocking pool
    let (stored, presented) = (row.hash.clone(), token.to_owned());
    let verified = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(presented.as_bytes(), &hash)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false);
    if !verified || row.revoked_at.is_some() {
        return Err(AuthError::Invalid);
    }
    let role = Role::parse(&row.role).ok_or(AuthError::Invalid)?;
    let principal = Principal {
        prefix: row.prefix.clone(),
        name: row.name.clone(),
        role,
    };
    // when it was last used is worth knowing, not worth failing a request for (a busy
    // SQLite file may refuse the write for a moment)
    let mut active = row.into_active_model();
    active.last_used_at = Set(Some(now()));
    if let Err(err) = active.update(db).await {
        tracing::warn!(key = %principal.prefix, error = %err, "could not note the key's last use");
    }
    Ok(principal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_key_shape_reaches_the_database() {
        assert_eq!(prefix_of("cgk_0123456789ab_secret"), Some("0123456789ab"));
        assert_eq!(prefix_of("cgk_0123456789ab_"), None);
        assert_eq!(prefix_of("cgk_0123_secret"), None);
        assert_eq!(prefix_of("Bearer cgk_0123456789ab_x"), None);
        assert_eq!(prefix_of("cgk_0123456789zz_x"), None);
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert!(Role::Admin > Role::Editor);
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_796_169_600), "2026-12-02");
        assert_eq!(date(951_782_400), "2000-02-29");
    }
}
