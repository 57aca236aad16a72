//! API keys (the start of curated writes): made once and shown once, stored as argon2id
//! hashes found by a non-secret prefix, refused when wrong, unknown or revoked.

use coopgraph::domain::auth::{self, AuthError, Role};
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::db_test;

db_test!(keys_are_hashed_at_rest_and_checked_by_prefix, |db| {
    let conn = db.connect().await;
    coopgraph::db::migrate(&conn).await.unwrap();
    let (info, token) = auth::create(&conn, "an editor", Role::Editor)
        .await
        .unwrap();
    assert!(
        token.starts_with(&format!("cgk_{}_", info.prefix)),
        "{token}"
    );
    assert_eq!(token.len(), 4 + 12 + 1 + 43);
    // at rest: the prefix and a PHC argon2id hash, nowhere the key or its secret
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT prefix, hash, name, role FROM api_key",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let hash: String = rows[0].try_get_by_index(1).unwrap();
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    let secret = token.rsplit('_').next().unwrap();
    for i in 0..4 {
        let value: String = rows[0].try_get_by_index(i).unwrap();
        assert!(!value.contains(secret), "column {i} holds the secret");
    }
    // the key works; a wrong one, a stranger's prefix or a malformed one do not
    let who = auth::authenticate(&conn, &token).await.unwrap();
    assert_eq!((who.name.as_str(), who.role), ("an editor", Role::Editor));
    let mut wrong = token.clone();
    wrong.pop();
    wrong.push(if token.ends_with('A') { 'B' } else { 'A' });
    for bad in [wrong.as_str(), "cgk_000000000000_x", "nonsense", ""] {
        assert!(
            matches!(
                auth::authenticate(&conn, bad).await,
                Err(AuthError::Invalid)
            ),
            "{bad}"
        );
    }
    // listed without the secret, with its last use; revoked, it is refused
    let listed = auth::list(&conn).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some());
    auth::revoke(&conn, &info.prefix).await.unwrap();
    assert!(matches!(
        auth::authenticate(&conn, &token).await,
        Err(AuthError::Invalid)
    ));
    assert!(matches!(
        auth::revoke(&conn, "ffffffffffff").await,
        Err(AuthError::Unknown(_))
    ));
});

db_test!(the_cli_makes_lists_and_revokes_keys, |db| {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_coopgraph"))
            .args(args)
            .args([
                "--database-url",
                &db.config.database_url,
                "--load-bundled-data",
                "false",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let made = run(&["keys", "create", "--name", "the archive", "--role", "admin"]);
    let token = made.lines().next().unwrap().to_owned();
    assert!(token.starts_with("cgk_"), "{made}");
    assert!(made.contains("only time the key is shown"));
    let prefix = &token[4..16];
    let listed = run(&["keys", "list"]);
    assert!(listed.contains(prefix) && listed.contains("admin") && listed.contains("the archive"));
    assert!(!listed.contains(&token[17..]), "the list shows no secret");
    let revoked = run(&["keys", "revoke", prefix]);
    assert!(revoked.contains("revoked"), "{revoked}");
    let conn = db.connect().await;
    assert!(matches!(
        auth::authenticate(&conn, &token).await,
        Err(AuthError::Invalid)
    ));
});
