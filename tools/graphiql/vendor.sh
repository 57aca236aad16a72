#!/usr/bin/env bash
# Refreshes the playground's assets in assets/graphiql/ from the npm registry, at the pinned
# versions below (production builds; MIT licensed). The server compiles them into its binary,
# so the playground works offline. Run it, then commit assets/graphiql/.
set -euo pipefail
cd "$(dirname "$0")/../.."
GRAPHIQL=3.9.0 REACT=18.3.1 EXPLORER=3.2.6 GRAPHQL=16.15.0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null \
  && npm install --silent --no-audit --no-fund "graphiql@$GRAPHIQL" "react@$REACT" \
     "react-dom@$REACT" "@graphiql/plugin-explorer@$EXPLORER" "graphql@$GRAPHQL")
m="$work/node_modules"
out=assets/graphiql
rm -f "$out"/*.js "$out"/*.css
cp "$m/react/umd/react.production.min.js" "$out/react.production.min.js"
cp "$m/react-dom/umd/react-dom.production.min.js" "$out/react-dom.production.min.js"
cp "$m/graphiql/graphiql.min.js" "$out/graphiql.min.js"
cp "$m/graphiql/graphiql.min.css" "$out/graphiql.min.css"
cp "$m/@graphiql/plugin-explorer/dist/index.umd.js" "$out/plugin-explorer.umd.js"
cp "$m/@graphiql/plugin-explorer/dist/style.css" "$out/plugin-explorer.css"
cat > "$out/VERSIONS" <<VERSIONS
graphiql $GRAPHIQL (MIT)
react $REACT (MIT)
react-dom $REACT (MIT)
@graphiql/plugin-explorer $EXPLORER (MIT)
VERSIONS
ls -la "$out"
