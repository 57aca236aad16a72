# Multi-stage build. cargo-chef compiles the dependencies from the lockfile alone in their own
# layer, so a change to coopgraph's sources rebuilds only coopgraph.
FROM rust:1.95-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.78
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS build
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked --bin coopgraph

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app coopgraph \
    && mkdir -p /app/data \
    && chown coopgraph:coopgraph /app/data
WORKDIR /app
COPY --from=build /src/target/release/coopgraph /usr/local/bin/coopgraph
USER coopgraph
# the default SQLite database lives in a directory the non-root user owns (mount a volume
# there to keep it); with PostgreSQL, set DATABASE_URL instead
ENV COOPGRAPH_HOST=0.0.0.0 COOPGRAPH_PORT=8080 \
    DATABASE_URL=sqlite:///app/data/coopgraph.db?mode=rwc
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["coopgraph"]
CMD ["serve"]
