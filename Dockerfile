# Voix container image: builds the wasm SPA and the server, then a slim runtime image.
#   docker build -t voix .
#   docker run -p 8080:8080 -v voix-data:/var/lib/voix -e VOIX_PUBLIC_URL=https://voix.example.fr voix
# The build stage runs scripts/build-release.sh, the same script CI runs on the host through
# scripts/image-check.sh (which also runs the result as this image does): keep them in step.

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN scripts/build-release.sh /out

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/voix --create-home voix
COPY --from=build /out/bin/voix /usr/local/bin/voix
COPY --from=build /out/share/voix/web /usr/share/voix/web
USER voix
ENV VOIX_DATA_DIR=/var/lib/voix \
    VOIX_LISTEN=0.0.0.0:8080 \
    VOIX_STATIC_DIR=/usr/share/voix/web
VOLUME ["/var/lib/voix"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["voix"]
CMD ["serve"]
