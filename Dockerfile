# syntax=docker/dockerfile:1
# Multi-stage build on Debian bookworm. Every step is a call to
# scripts/image-build (which the test suite runs too), so the image cannot
# drift from what the tests check. Build: docker compose build (or
# docker build -t discord-bot:0.1.0 .).

FROM debian:bookworm AS build
WORKDIR /src
# Dependencies first: this layer stays cached until the scripts change.
COPY scripts/install-deps scripts/image-build scripts/
RUN INSTALL_NODE=0 scripts/install-deps
COPY . .
RUN scripts/image-build build /build

FROM debian:bookworm-slim AS runtime
# A current yt-dlp, pinned; bump it when YouTube changes (docs/deployment.md).
ARG YT_DLP_VERSION=2025.10.22
COPY scripts/install-runtime-deps scripts/image-build /usr/local/sbin/
RUN YT_DLP_VERSION=${YT_DLP_VERSION} /usr/local/sbin/image-build runtime
COPY --from=build /build/bin/discord-bot /build/bin/mcp-gateway /usr/local/bin/
# Runs as the unprivileged `bot` user (uid 10001) created by image-build runtime.
USER bot
WORKDIR /config
ENV CONFIG_DIR=/config DATA_DIR=/data HEALTH_BIND_ADDR=0.0.0.0 HEALTH_PORT=9091
EXPOSE 9090 9091
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD curl -fsS --max-time 2 "http://127.0.0.1:${HEALTH_PORT:-9091}/healthz" || exit 1
ENTRYPOINT ["discord-bot"]
CMD ["run", "/config"]
