//! The playground: GraphiQL with the explorer plugin, served by the server itself. Its
//! scripts and styles (production builds at pinned versions, `assets/graphiql/VERSIONS`,
//! refreshed by `tools/graphiql/vendor.sh`) are compiled into the binary, so the page works
//! offline, behind a proxy or in an air-gapped archive: no request leaves for another host.
//! Each asset is referenced with its Subresource Integrity hash and cached for a year under
//! a path naming the GraphiQL version.

use std::sync::LazyLock;

use actix_web::{HttpResponse, web};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha384};

/// The GraphiQL version, part of every asset's path.
const VERSION: &str = "3.9.0";

/// (file name, media type, content).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "react.production.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "graphiql.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "plugin-explorer.umd.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/plugin-explorer.umd.js"),
    ),
    (
        "graphiql.min.css",
        "text/css",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "plugin-explorer.css",
        "text/css",
        include_bytes!("../../assets/graphiql/plugin-explorer.css"),
    ),
];

/// The Subresource Integrity value of an asset.
fn integrity(content: &[u8]) -> String {
    format!("sha384-{}", STANDARD.encode(Sha384::digest(content)))
}

/// The page, built once: the assets' tags with their integrity, then the script that
/// renders GraphiQL against `/graphql`.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    let mut head = String::new();
    for (name, media, content) in ASSETS {
        let src = format!("/playground/{VERSION}/{name}");
        let sri = integrity(content);
        if *media == "text/css" {
            head.push_str(&format!(
                "<link rel=\"stylesheet\" href=\"{src}\" integrity=\"{sri}\" />\n"
            ));
        } else {
            head.push_str(&format!(
                "<script src=\"{src}\" integrity=\"{sri}\"></script>\n"
            ));
        }
    }
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>coopgraph</title>
<style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
{head}</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script>
  const fetcher = GraphiQL.createFetcher({{ url: '/graphql' }});
  const explorer = GraphiQLPluginExplorer.explorerPlugin();
  const query = new URLSearchParams(window.location.search).get('query') || undefined;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {{
      fetcher,
      plugins: [explorer],
      defaultQuery: '{{ organization(slug: "auscr") {{ name founded successors {{ nodes {{ kind successor {{ name }} }} }} }} }}',
      query,
      defaultEditorToolsVisibility: true,
    }}),
  );
</script>
</body>
</html>
"#
    )
});

/// The playground's HTML.
pub fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-cache"))
        .body(PAGE.as_str())
}

/// `GET /playground/{version}/{file}`: one asset, cached for a year (its path changes with
/// the version).
pub async fn asset(path: web::Path<(String, String)>) -> HttpResponse {
    let (version, file) = path.into_inner();
    let found = ASSETS.iter().find(|(name, _, _)| *name == file);
    match found {
        Some((_, media, content)) if version == VERSION => HttpResponse::Ok()
            .content_type(*media)
            .insert_header(("Cache-Control", "public, max-age=31536000, immutable"))
            .body(*content),
        _ => HttpResponse::NotFound().finish(),
    }
}
