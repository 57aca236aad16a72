/// The committed SDL is the public contract; it must match the code.
#[test]
fn the_committed_sdl_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/schema.graphql");
    let current = coopgraph::graphql::sdl();
    if std::env::var("UPDATE_SDL").is_ok() {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "schema/schema.graphql is stale; refresh it with:\n    UPDATE_SDL=1 cargo test --test api the_committed_sdl_is_up_to_date"
    );
}
