//! Optional JWT bearer tokens, for sites whose writers sign in at an identity provider.
//!
//! A [`JwtVerifier`] is made once from [`JwtSettings`] and checks each presented token: the
//! signature with an algorithm from the configured allow-list only (never `none`, never an
//! algorithm of another family than the key, so a public key cannot be misused as an HMAC
//! secret), the issuer (`iss`) and audience (`aud`), the expiry (`exp`, required) and the
//! not-before time (`nbf`, when present), both with a small leeway for clock skew. The subject
//! (`sub`) becomes the principal's name and a role claim (`editor` or `admin`, or an array of
//! names of which the highest known role counts) its [`Role`].
//!
//! Signatures are checked by the `jsonwebtoken` crate with its RustCrypto backend; this module
//! adds the settings checks, the exact-issuer and role rules, and the refusal messages, which
//! say what was wrong and never repeat the token.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::crypto::CryptoProvider;
use jsonwebtoken::errors::{Error as JwtError, ErrorKind};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde_json::{Map, Value};

use super::{AuthError, Principal, Role};

/// The claim that carries the role unless the settings name another.
pub const DEFAULT_ROLE_CLAIM: &str = "role";

/// The clock-skew allowance on `exp` and `nbf` unless the settings give another.
pub const DEFAULT_LEEWAY_SECONDS: u64 = 30;

/// The largest leeway the settings may give (five minutes).
pub const MAX_LEEWAY_SECONDS: u64 = 300;

/// [`Principal::prefix`] of every principal that a token proved.
pub const PRINCIPAL_PREFIX: &str = "jwt";

/// Tokens longer than this are refused unread.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// The algorithm names that the settings may allow.
const KNOWN_ALGORITHMS: &str = "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, \
                                ES256, ES384, EdDSA";

/// The key that checks signatures.
#[derive(Clone)]
pub enum JwtKey {
    /// A shared secret, for the HMAC algorithms (`HS256`, `HS384`, `HS512`); at least as many
    /// bytes as the longest allowed algorithm's hash (32, 48 or 64).
    Secret(Vec<u8>),
    /// A public key in PEM form (`-----BEGIN PUBLIC KEY-----`, or `RSA PUBLIC KEY` for PKCS#1):
    /// RSA for `RS*`/`PS*`, EC P-256 for `ES256`, EC P-384 for `ES384`, Ed25519 for `EdDSA`.
    PublicPem(Vec<u8>),
}

impl fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtKey::Secret(_) => f.write_str("Secret([redacted])"),
            JwtKey::PublicPem(pem) => f.debug_tuple("PublicPem").field(&pem.len()).finish(),
        }
    }
}

/// How tokens from the site's identity provider are checked.
#[derive(Clone, Debug)]
pub struct JwtSettings {
    /// The exact `iss` that tokens must carry.
    pub issuer: String,
    /// The `aud` that tokens must carry (alone or among others).
    pub audience: String,
    /// The allowed signature algorithms by name (e.g. `["RS256"]`); all of the key's family.
    pub algorithms: Vec<String>,
    /// The key that checks signatures.
    pub key: JwtKey,
    /// The claim that carries the role (default [`DEFAULT_ROLE_CLAIM`]).
    pub role_claim: String,
    /// The allowance for clock skew on `exp` and `nbf`, in seconds (default
    /// [`DEFAULT_LEEWAY_SECONDS`], at most [`MAX_LEEWAY_SECONDS`]).
    pub leeway_seconds: u64,
}

impl JwtSettings {
    /// Settings with the default role claim and leeway.
    pub fn new(
        issuer: impl Into<String>,
        audience: impl Into<String>,
        algorithms: Vec<String>,
        key: JwtKey,
    ) -> Self {
        JwtSettings {
            issuer: issuer.into(),
            audience: audience.into(),
            algorithms,
            key,
            role_claim: DEFAULT_ROLE_CLAIM.to_owned(),
            leeway_seconds: DEFAULT_LEEWAY_SECONDS,
        }
    }
}

/// Checks tokens against checked settings; cheap to share (`Clone`, or behind an `Arc`).
#[derive(Clone, Debug)]
pub struct JwtVerifier {
    key: DecodingKey,
    validation: Validation,
    algorithms: Vec<Algorithm>,
    issuer: String,
    role_claim: String,
}

fn family_name(family: AlgorithmFamily) -> &'static str {
    match family {
        AlgorithmFamily::Hmac => "HMAC",
        AlgorithmFamily::Rsa => "RSA",
        AlgorithmFamily::Ec => "EC",
        AlgorithmFamily::Ed => "EdDSA",
    }
}

/// The shortest HMAC secret for `alg` (RFC 7518 §3.2: at least the hash's size).
fn min_secret_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        _ => 32,
    }
}

fn parse_algorithm(name: &str) -> Result<Algorithm, String> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("none") {
        return Err("the JWT algorithm `none` (unsigned tokens) is never allowed".to_owned());
    }
    Algorithm::from_str(name)
        .map_err(|_| format!("unknown JWT algorithm `{name}` (known: {KNOWN_ALGORITHMS})"))
}

impl JwtVerifier {
    /// Checks the settings and prepares the key. Refuses an empty issuer, audience or role
    /// claim, an empty allow-list, unknown algorithm names and `none`, algorithms of different
    /// families, an HMAC algorithm with a PEM key or an asymmetric one with a secret, a secret
    /// shorter than the hash, a PEM that is not a public key usable by every allowed
    /// algorithm, and a leeway above [`MAX_LEEWAY_SECONDS`].
    pub fn new(settings: JwtSettings) -> Result<Self, String> {
        let JwtSettings {
            issuer,
            audience,
            algorithms: names,
            key,
            role_claim,
            leeway_seconds,
        } = settings;
        if issuer.trim().is_empty() {
            return Err("the JWT issuer is empty".to_owned());
        }
        if audience.trim().is_empty() {
            return Err("the JWT audience is empty".to_owned());
        }
        if role_claim.trim().is_empty() {
            return Err("the JWT role claim name is empty".to_owned());
        }
        if leeway_seconds > MAX_LEEWAY_SECONDS {
            return Err(format!(
                "the JWT leeway of {leeway_seconds} s is above the limit of {MAX_LEEWAY_SECONDS} s"
            ));
        }

        let mut algorithms: Vec<Algorithm> = Vec::new();
        for name in &names {
            let alg = parse_algorithm(name)?;
            if !algorithms.contains(&alg) {
                algorithms.push(alg);
            }
        }
        let Some(&first) = algorithms.first() else {
            return Err("the JWT algorithm allow-list is empty".to_owned());
        };
        let family = first.family();
        if let Some(other) = algorithms.iter().find(|a| a.family() != family) {
            return Err(format!(
                "the JWT allow-list mixes {first:?} ({}) and {other:?} ({}); one key verifies one \
                 family of algorithms",
                family_name(family),
                family_name(other.family())
            ));
        }

        let decoding_key = match (&key, family) {
            (JwtKey::Secret(secret), AlgorithmFamily::Hmac) => {
                let needed = algorithms
                    .iter()
                    .map(|a| min_secret_len(*a))
                    .max()
                    .unwrap_or(32);
                if secret.len() < needed {
                    return Err(format!(
                        "the JWT secret has {} bytes; the allowed HMAC algorithms need at least \
                         {needed}",
                        secret.len()
                    ));
                }
                DecodingKey::from_secret(secret)
            }
            (JwtKey::Secret(_), _) => {
                return Err(format!(
                    "the JWT algorithm {first:?} needs a public key (PEM), but the key is a \
                     shared secret"
                ));
            }
            (JwtKey::PublicPem(_), AlgorithmFamily::Hmac) => {
                return Err(format!(
                    "the JWT algorithm {first:?} is HMAC and needs a shared secret, but the key \
                     is a public key (PEM)"
                ));
            }
            (JwtKey::PublicPem(pem), AlgorithmFamily::Rsa) => DecodingKey::from_rsa_pem(pem),
            (JwtKey::PublicPem(pem), AlgorithmFamily::Ec) => DecodingKey::from_ec_pem(pem),
            (JwtKey::PublicPem(pem), AlgorithmFamily::Ed) => DecodingKey::from_ed_pem(pem),
        }
        .map_err(|_| {
            format!(
                "the JWT key is not a usable {} key{}",
                family_name(family),
                if family == AlgorithmFamily::Hmac {
                    ""
                } else {
                    " (a PEM public key is expected)"
                }
            )
        })?;

        // Build each allowed algorithm's verifier once, so that a key that does not fit (a
        // private key, a P-256 key for ES384, a PEM that only looked right) fails here, at
        // start-up, rather than on every token.
        let provider = CryptoProvider::try_get_default().ok_or_else(|| {
            "no JWT crypto backend is available (jsonwebtoken needs exactly one of its \
             `rust_crypto` and `aws_lc_rs` features)"
                .to_owned()
        })?;
        for alg in &algorithms {
            (provider.verifier_factory)(alg, &decoding_key).map_err(|_| {
                format!(
                    "the JWT key cannot verify {alg:?} (a {} public key of the matching size is \
                     expected)",
                    family_name(family)
                )
            })?;
        }

        let mut validation = Validation::new(first);
        validation.algorithms = algorithms.clone();
        validation.leeway = leeway_seconds;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[issuer.as_str()]);
        validation.set_audience(&[audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);

        Ok(JwtVerifier {
            key: decoding_key,
            validation,
            algorithms,
            issuer,
            role_claim,
        })
    }

    /// The principal that `token` (the compact JWS, without `Bearer `) proves, or
    /// [`AuthError::TokenRefused`] saying why not.
    pub fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        if token.is_empty() {
            return Err(refused("the token is empty"));
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(refused(format!(
                "the token is longer than {MAX_TOKEN_BYTES} bytes"
            )));
        }
        self.check_algorithm(token)?;

        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &self.key, &self.validation)
            .map_err(|e| refusal(&e))?;
        let claims = data.claims;

        // `jsonwebtoken` also accepts an array `iss` that contains the issuer; RFC 7519 says
        // `iss` is one string, so insist on exactly that.
        match claims.get("iss") {
            Some(Value::String(iss)) if *iss == self.issuer => {}
            _ => return Err(refused("the issuer (`iss`) does not match")),
        }
        let name = match claims.get("sub") {
            Some(Value::String(sub)) if !sub.trim().is_empty() => sub.clone(),
            _ => return Err(refused("the subject (`sub`) is missing or empty")),
        };
        let role = role_of(claims.get(&self.role_claim)).ok_or_else(|| {
            refused(format!(
                "the `{}` claim names no known role (editor, admin)",
                self.role_claim
            ))
        })?;
        Ok(Principal {
            prefix: PRINCIPAL_PREFIX.to_owned(),
            name,
            role,
        })
    }

    /// Reads the header's `alg` first, to refuse `none` and algorithms outside the allow-list
    /// with a precise message (`jsonwebtoken` refuses them too, less legibly).
    fn check_algorithm(&self, token: &str) -> Result<(), AuthError> {
        let header = token
            .split_once('.')
            .map(|(header, _)| header)
            .and_then(|header| URL_SAFE_NO_PAD.decode(header).ok())
            .and_then(|bytes| serde_json::from_slice::<Map<String, Value>>(&bytes).ok())
            .ok_or_else(|| refused("the token is malformed (no readable header)"))?;
        let alg = match header.get("alg") {
            Some(Value::String(alg)) => alg.as_str(),
            _ => return Err(refused("the token's header names no algorithm (`alg`)")),
        };
        if alg.eq_ignore_ascii_case("none") {
            return Err(refused("the token is unsigned (`alg: none`)"));
        }
        match Algorithm::from_str(alg) {
            Ok(a) if self.algorithms.contains(&a) => Ok(()),
            // A known name, safe to repeat.
            Ok(a) => Err(refused(format!(
                "the token's algorithm {a:?} is not among the allowed ones"
            ))),
            Err(_) => Err(refused("the token's algorithm is not supported")),
        }
    }
}

fn refused(why: impl Into<String>) -> AuthError {
    AuthError::TokenRefused(why.into())
}

/// Says why `jsonwebtoken` refused a token, in words that never include the token.
fn refusal(error: &JwtError) -> AuthError {
    refused(match error.kind() {
        ErrorKind::InvalidSignature => "the signature does not verify".to_owned(),
        ErrorKind::ExpiredSignature => "the token has expired (`exp`)".to_owned(),
        ErrorKind::ImmatureSignature => "the token is not valid yet (`nbf`)".to_owned(),
        ErrorKind::InvalidIssuer => "the issuer (`iss`) does not match".to_owned(),
        ErrorKind::InvalidAudience => "the audience (`aud`) does not match".to_owned(),
        ErrorKind::InvalidSubject => "the subject (`sub`) does not match".to_owned(),
        // The claim names come from our own list (exp, nbf, iss, aud, sub).
        ErrorKind::MissingRequiredClaim(claim) => {
            format!("the required claim `{claim}` is missing")
        }
        ErrorKind::InvalidClaimFormat(claim) => format!("the claim `{claim}` has the wrong type"),
        ErrorKind::InvalidAlgorithm
        | ErrorKind::MissingAlgorithm
        | ErrorKind::UnsupportedAlgorithm
        | ErrorKind::InvalidAlgorithmName => {
            "the token's algorithm is not among the allowed ones".to_owned()
        }
        ErrorKind::InvalidToken
        | ErrorKind::Base64(_)
        | ErrorKind::Json(_)
        | ErrorKind::Utf8(_) => "the token is malformed".to_owned(),
        // Key and backend errors (made unlikely by the checks in `JwtVerifier::new`).
        _ => "the token could not be verified".to_owned(),
    })
}

/// The role that a role claim names: a string, or the highest known role in an array of
/// strings (other entries are ignored).
fn role_of(claim: Option<&Value>) -> Option<Role> {
    match claim? {
        Value::String(name) => Role::parse(name),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .filter_map(Role::parse)
            .max(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
