# Multi-stage build: compile in the Rust image, run in a slim Debian image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY migrations migrations
COPY src src
COPY data data
COPY tests tests
RUN cargo build --release --locked --bin coopgraph

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app coopgraph
WORKDIR /app
COPY --from=build /src/target/release/coopgraph /usr/local/bin/coopgraph
USER coopgraph
ENV COOPGRAPH_HOST=0.0.0.0 COOPGRAPH_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["coopgraph"]
CMD ["serve"]
