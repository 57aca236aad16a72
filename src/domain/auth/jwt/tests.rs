//! Tests of JWT validation: good tokens, and every way a token is refused.
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
