# Voix container image: builds the wasm SPA and the server, then a slim runtime image.
#   docker build -t voix .
#   docker run -p 8080:8080 -v voix-data:/var/lib/voix -e VOIX_PUBLIC_URL=https://voix.example.fr voix
# scripts/run.sh performs the same build steps on a host.

FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-unknown-unknown
COPY Cargo.toml Cargo.lock ./
COPY scripts/toolchain.sh scripts/toolchain.sh
RUN scripts/toolchain.sh
COPY . .
RUN scripts/build-spa.sh && cargo build --release -p backend

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/voix --create-home voix
COPY --from=build /src/target/release/voix /usr/local/bin/voix
COPY --from=build /src/frontend/dist /usr/share/voix/web
USER voix
ENV VOIX_DATA_DIR=/var/lib/voix \
    VOIX_LISTEN=0.0.0.0:8080 \
    VOIX_STATIC_DIR=/usr/share/voix/web
VOLUME ["/var/lib/voix"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["voix"]
CMD ["serve"]
