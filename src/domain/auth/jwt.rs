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
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header, encode, get_current_timestamp};
    use serde_json::json;

    const ISSUER: &str = "https://id.example.org/realms/coop";
    const AUDIENCE: &str = "coopgraph";
    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// EC P-256 key pair made once with `openssl genpkey -algorithm EC -pkeyopt
    /// ec_paramgen_curve:P-256` (test use only).
    const EC_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgYsxKU+0KEsIqxR+w
TwXkNlpWZkNEv13rKNXcI92HhYChRANCAASIAA2MwdXGXDLXbPlQRgXkGFUnjWj9
QTmPI4EFSE5Bv6MGpWyHTocBTN/27y8BFn2mEXChr1geC4skp1WLxYh1
-----END PRIVATE KEY-----
";
    const EC_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiAANjMHVxlwy12z5UEYF5BhVJ41o
/UE5jyOBBUhOQb+jBqVsh06HAUzf9u8vARZ9phFwoa9YHguLJKdVi8WIdQ==
-----END PUBLIC KEY-----
";
    /// Another P-256 private key: signs tokens that `EC_PUBLIC` must not accept.
    const EC_OTHER_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtkd7vl0MRQrCITBI
MTLfh8acqfCr0DG8vwujbs5Rn6OhRANCAAScmbPxbAJvClWHebD8/Wvdaa31a06w
i22GywGVYAo1shV/zTvjV44Y6hIxvA1KV03bc1ig5mnDauvMy+fszXly
-----END PRIVATE KEY-----
";
    /// An EC P-384 public key (settings checks only).
    const EC384_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEKHvKS8KwLCyGWfPLaaEn/Gu2SEnH/sKZ
xJIuxBkqVM4ht7DYo38JngDqbZ8n2MH9oXs7iN8KBfyb21W2LSOl11yI6JfUnhH9
B2O6D5+d7W1hy9yIG0MAkH4JvSbXb0MA
-----END PUBLIC KEY-----
";
    /// An RSA-2048 public key (settings checks only; no RSA private-key operation in tests).
    const RSA_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAydXcikI2l6Vh3xYQ8ylR
sG7XdzCuRbv3SYVJVAul10aASpTb3q9c2I2iCj2IL71iGRkDZRCsLbZrdsRMCpst
kt9RBghrBTsMy30Ov5CqRaTCHyjJQGMhj999ACuQDSFTD0m9Vlx+rqFpkQefbmHR
GESmd1vhDQcmnbnncJjc+J9sbaKf5pBsvCBElESVaGRAKiw97QvSF3b/cLgtxm4s
PPxIXHkdKgM6MwH3SSpHy5kukK8CzCIqpjLU129oR4i8bH5xvAdYuEqFj0Edk8w5
PkgzejC4hD2jammlDZ4tjjzgoceMc1sh6/qPxHvFMzJrklWFFbWQJXtMvnYRtpvc
6wIDAQAB
-----END PUBLIC KEY-----
";

    fn algs(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn hs_settings() -> JwtSettings {
        JwtSettings::new(
            ISSUER,
            AUDIENCE,
            algs(&["HS256"]),
            JwtKey::Secret(SECRET.to_vec()),
        )
    }

    fn hs_verifier() -> JwtVerifier {
        JwtVerifier::new(hs_settings()).unwrap()
    }

    fn es_verifier() -> JwtVerifier {
        JwtVerifier::new(JwtSettings::new(
            ISSUER,
            AUDIENCE,
            algs(&["ES256"]),
            JwtKey::PublicPem(EC_PUBLIC.as_bytes().to_vec()),
        ))
        .unwrap()
    }

    fn now() -> u64 {
        get_current_timestamp()
    }

    /// Good claims for `sub` with `role`, valid for ten minutes.
    fn claims(role: Value) -> Value {
        json!({
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "alice@example.org",
            "iat": now(),
            "exp": now() + 600,
            "role": role,
        })
    }

    fn hs256(claims: &Value) -> String {
        encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(SECRET).unwrap(),
        )
        .unwrap()
    }

    fn es256(claims: &Value, private_pem: &str) -> String {
        encode(
            &Header::new(Algorithm::ES256),
            claims,
            &EncodingKey::from_ec_pem(private_pem.as_bytes()).unwrap(),
        )
        .unwrap()
    }

    /// The refusal message, asserting that it does not repeat the token or its parts.
    fn refusal_of(verifier: &JwtVerifier, token: &str) -> String {
        match verifier.verify(token) {
            Err(AuthError::TokenRefused(why)) => {
                for part in token.split('.').filter(|p| p.len() > 8) {
                    assert!(!why.contains(part), "message echoes the token: {why}");
                }
                why
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn hs256_good_token_gives_the_principal() {
        let principal = hs_verifier()
            .verify(&hs256(&claims(json!("editor"))))
            .unwrap();
        assert_eq!(
            principal,
            Principal {
                prefix: "jwt".to_owned(),
                name: "alice@example.org".to_owned(),
                role: Role::Editor,
            }
        );
    }

    #[test]
    fn es256_good_token_gives_the_principal() {
        let principal = es_verifier()
            .verify(&es256(&claims(json!("admin")), EC_PRIVATE))
            .unwrap();
        assert_eq!(principal.prefix, PRINCIPAL_PREFIX);
        assert_eq!(principal.name, "alice@example.org");
        assert_eq!(principal.role, Role::Admin);
    }

    #[test]
    fn es256_token_of_another_key_is_refused() {
        let token = es256(&claims(json!("admin")), EC_OTHER_PRIVATE);
        assert!(refusal_of(&es_verifier(), &token).contains("signature"));
    }

    #[test]
    fn tampered_claims_are_refused() {
        let token = hs256(&claims(json!("editor")));
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(claims(json!("admin")).to_string());
        parts[1] = &forged;
        let why = refusal_of(&hs_verifier(), &parts.join("."));
        assert!(why.contains("signature"), "{why}");
    }

    #[test]
    fn alg_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(claims(json!("admin")).to_string());
        let token = format!("{header}.{body}.");
        for verifier in [hs_verifier(), es_verifier()] {
            let why = refusal_of(&verifier, &token);
            assert!(why.contains("alg: none"), "{why}");
        }
        // Other spellings, and with a signature attached, fare no better.
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"None"}"#);
        let token = format!("{header}.{body}.c2ln");
        assert!(refusal_of(&hs_verifier(), &token).contains("unsigned"));
    }

    #[test]
    fn algorithm_outside_the_allow_list_is_refused() {
        // HS512 with the right secret, but only HS256 is allowed.
        let token = encode(
            &Header::new(Algorithm::HS512),
            &claims(json!("admin")),
            &EncodingKey::from_secret(SECRET).unwrap(),
        )
        .unwrap();
        let why = refusal_of(&hs_verifier(), &token);
        assert!(why.contains("HS512") && why.contains("not among"), "{why}");
    }

    #[test]
    fn public_key_as_hmac_secret_is_refused() {
        // The classic key-confusion attack: sign HS256 with the public PEM as the secret.
        let token = encode(
            &Header::new(Algorithm::HS256),
            &claims(json!("admin")),
            &EncodingKey::from_secret(EC_PUBLIC.as_bytes()).unwrap(),
        )
        .unwrap();
        let why = refusal_of(&es_verifier(), &token);
        assert!(why.contains("HS256") && why.contains("not among"), "{why}");
    }

    #[test]
    fn wrong_audience_is_refused() {
        let mut c = claims(json!("admin"));
        c["aud"] = json!("another-app");
        let why = refusal_of(&hs_verifier(), &hs256(&c));
        assert!(why.contains("audience"), "{why}");
        c["aud"] = json!(["another-app", AUDIENCE]);
        assert!(hs_verifier().verify(&hs256(&c)).is_ok());
        c.as_object_mut().unwrap().remove("aud");
        assert!(refusal_of(&hs_verifier(), &hs256(&c)).contains("`aud`"));
    }

    #[test]
    fn wrong_issuer_is_refused() {
        let mut c = claims(json!("admin"));
        c["iss"] = json!("https://evil.example.org");
        let why = refusal_of(&hs_verifier(), &hs256(&c));
        assert!(why.contains("issuer"), "{why}");
        c["iss"] = json!([ISSUER]);
        assert!(refusal_of(&hs_verifier(), &hs256(&c)).contains("issuer"));
        c.as_object_mut().unwrap().remove("iss");
        assert!(refusal_of(&hs_verifier(), &hs256(&c)).contains("`iss`"));
    }

    #[test]
    fn expiry_is_checked_with_the_leeway() {
        let verifier = hs_verifier(); // leeway 30 s
        let mut c = claims(json!("editor"));
        c["exp"] = json!(now() - 10);
        assert!(verifier.verify(&hs256(&c)).is_ok(), "within the leeway");
        c["exp"] = json!(now() - 120);
        let why = refusal_of(&verifier, &hs256(&c));
        assert!(why.contains("expired"), "{why}");
        c.as_object_mut().unwrap().remove("exp");
        let why = refusal_of(&verifier, &hs256(&c));
        assert!(why.contains("`exp`") && why.contains("missing"), "{why}");
        c["exp"] = json!("tomorrow");
        assert!(refusal_of(&verifier, &hs256(&c)).contains("`exp`"));
    }

    #[test]
    fn not_before_is_honoured() {
        let mut c = claims(json!("editor"));
        c["nbf"] = json!(now() + 600);
        let why = refusal_of(&hs_verifier(), &hs256(&c));
        assert!(why.contains("nbf"), "{why}");
        c["nbf"] = json!(now() + 10);
        assert!(
            hs_verifier().verify(&hs256(&c)).is_ok(),
            "within the leeway"
        );
    }

    #[test]
    fn missing_or_unknown_role_is_refused() {
        let mut c = claims(json!("editor"));
        c.as_object_mut().unwrap().remove("role");
        let why = refusal_of(&hs_verifier(), &hs256(&c));
        assert!(
            why.contains("`role`") && why.contains("no known role"),
            "{why}"
        );
        for bad in [
            json!("Admin"),
            json!("viewer"),
            json!(["viewer", 7]),
            json!([]),
            json!(1),
            json!({"admin": true}),
        ] {
            c["role"] = bad;
            refusal_of(&hs_verifier(), &hs256(&c));
        }
    }

    #[test]
    fn array_role_picks_the_highest_known() {
        let verifier = hs_verifier();
        let token = hs256(&claims(json!(["viewer", "editor", "admin", 3])));
        assert_eq!(verifier.verify(&token).unwrap().role, Role::Admin);
        let token = hs256(&claims(json!(["offline_access", "editor"])));
        assert_eq!(verifier.verify(&token).unwrap().role, Role::Editor);
    }

    #[test]
    fn role_claim_name_is_configurable() {
        let mut settings = hs_settings();
        settings.role_claim = "https://coopgraph.example/roles".to_owned();
        let verifier = JwtVerifier::new(settings).unwrap();
        let mut c = claims(json!("admin"));
        let why = refusal_of(&verifier, &hs256(&c));
        assert!(why.contains("https://coopgraph.example/roles"), "{why}");
        c["https://coopgraph.example/roles"] = json!(["editor"]);
        assert_eq!(verifier.verify(&hs256(&c)).unwrap().role, Role::Editor);
    }

    #[test]
    fn subject_is_required() {
        let mut c = claims(json!("admin"));
        c.as_object_mut().unwrap().remove("sub");
        assert!(refusal_of(&hs_verifier(), &hs256(&c)).contains("`sub`"));
        c["sub"] = json!("  ");
        assert!(refusal_of(&hs_verifier(), &hs256(&c)).contains("`sub`"));
        c["sub"] = json!(42);
        assert!(refusal_of(&hs_verifier(), &hs256(&c)).contains("`sub`"));
    }

    #[test]
    fn malformed_tokens_are_refused_without_panics() {
        let verifier = hs_verifier();
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        for token in [
            "",
            ".",
            "..",
            "not a token",
            "a.b.c",
            "eyJhbGciOiJIUzI1NiJ9",
            "eyJhbGciOiJIUzI1NiJ9..",
            "eyJhbGciOiJIUzI1NiJ9.e30.",
            "eyJhbGciOiJIUzI1NiJ9.e30.e30.e30",
            "eyJ0eXAiOiJKV1QifQ.e30.",
            "W10.e30.",
            "€€€.e30.x",
            long.as_str(),
        ] {
            refusal_of(&verifier, token);
        }
    }

    #[test]
    fn settings_are_checked() {
        let ok = hs_settings();
        assert!(JwtVerifier::new(ok.clone()).is_ok());
        let refused = |change: &dyn Fn(&mut JwtSettings), needle: &str| {
            let mut settings = ok.clone();
            change(&mut settings);
            let why = JwtVerifier::new(settings).unwrap_err();
            assert!(why.contains(needle), "{why:?} lacks {needle:?}");
        };
        refused(&|s| s.issuer = " ".to_owned(), "issuer");
        refused(&|s| s.audience = String::new(), "audience");
        refused(&|s| s.role_claim = String::new(), "role claim");
        refused(&|s| s.algorithms.clear(), "empty");
        refused(&|s| s.algorithms = algs(&["none"]), "never allowed");
        refused(
            &|s| s.algorithms = algs(&["HS256", "NONE"]),
            "never allowed",
        );
        refused(&|s| s.algorithms = algs(&["HS257"]), "unknown");
        refused(&|s| s.algorithms = algs(&["RS256"]), "shared secret");
        refused(&|s| s.algorithms = algs(&["HS256", "RS256"]), "mixes");
        refused(
            &|s| s.key = JwtKey::Secret(b"short".to_vec()),
            "at least 32",
        );
        refused(
            &|s| {
                s.algorithms = algs(&["HS256", "HS512"]);
                s.key = JwtKey::Secret(vec![7; 48]);
            },
            "at least 64",
        );
        let mut hs384 = ok.clone();
        hs384.algorithms = algs(&["HS384", "HS256"]);
        hs384.key = JwtKey::Secret(vec![7; 48]);
        assert!(JwtVerifier::new(hs384).is_ok());
        refused(&|s| s.key = JwtKey::Secret(Vec::new()), "at least 32");
        refused(&|s| s.leeway_seconds = u64::MAX, "leeway");
        refused(
            &|s| s.key = JwtKey::PublicPem(EC_PUBLIC.as_bytes().to_vec()),
            "needs a shared secret",
        );

        let pem = |algorithms: &[&str], key: &str| {
            JwtVerifier::new(JwtSettings::new(
                ISSUER,
                AUDIENCE,
                algs(algorithms),
                JwtKey::PublicPem(key.as_bytes().to_vec()),
            ))
        };
        assert!(pem(&["ES256"], EC_PUBLIC).is_ok());
        assert!(pem(&["ES384"], EC384_PUBLIC).is_ok());
        assert!(pem(&["RS256", "RS512", "PS256"], RSA_PUBLIC).is_ok());
        assert!(
            pem(&["ES256", "RS256"], EC_PUBLIC)
                .unwrap_err()
                .contains("mixes")
        );
        assert!(
            pem(&["ES384"], EC_PUBLIC)
                .unwrap_err()
                .contains("cannot verify ES384")
        );
        assert!(pem(&["RS256"], EC_PUBLIC).unwrap_err().contains("RSA"));
        assert!(pem(&["ES256"], RSA_PUBLIC).unwrap_err().contains("EC"));
        assert!(pem(&["ES256"], EC_PRIVATE).is_err(), "a private key");
        assert!(pem(&["ES256"], "not a pem").is_err());
        assert!(
            pem(
                &["ES256"],
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
            )
            .is_err()
        );
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let shown = format!("{:?} {:?}", hs_settings(), hs_verifier());
        assert!(!shown.contains("0123456789abcdef"), "{shown}");
    }
}
