# syntax=docker/dockerfile:1
# Multi-stage build on Debian bookworm. The build stage runs exactly the
# scripts a developer runs on the host (scripts/install-deps, cmake), so the
# image cannot drift from what the test suite builds.

FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps scripts/install-deps
RUN scripts/install-deps
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDBOT_BUILD_TESTS=OFF -DDBOT_BUILD_BENCH=OFF \
 && cmake --build /build --target discord-bot mcp-gateway

FROM debian:bookworm-slim AS runtime
ARG YT_DLP_VERSION=2025.10.22
COPY scripts/install-runtime-deps /usr/local/sbin/install-runtime-deps
RUN /usr/local/sbin/install-runtime-deps \
 && apt-get install -y -qq --no-install-recommends python3-pip \
 # Debian's yt-dlp is years old; YouTube needs a current one. Pin it in production.
 && pip3 install --no-cache-dir --break-system-packages "yt-dlp==${YT_DLP_VERSION}" \
 && apt-get purge -y python3-pip && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/bin/discord-bot /build/bin/mcp-gateway /usr/local/bin/
RUN useradd --system --uid 10001 --home-dir /data --create-home bot
USER bot
WORKDIR /config
ENV CONFIG_DIR=/config DATA_DIR=/data HEALTH_BIND_ADDR=0.0.0.0 HEALTH_PORT=9091
EXPOSE 9090 9091
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD curl -fsS --max-time 2 http://127.0.0.1:9091/healthz || exit 1
ENTRYPOINT ["discord-bot"]
CMD ["run", "/config"]
