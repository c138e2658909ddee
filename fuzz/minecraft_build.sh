#!/bin/sh
# Builds and briefly runs the Minecraft webhook fuzz target without CMake.
# Usage: fuzz/minecraft_build.sh [seconds]   (default 30)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-fuzz"
mkdir -p "$out" "$out/minecraft_corpus"
clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I"$root/src" \
  "$root/fuzz/minecraft_webhook_fuzz.cpp" "$root/src/features/minecraft/chargeback_event.cpp" \
  "$root/src/features/minecraft/plugin_client_parse.cpp" "$root/src/core/snowflake.cpp" \
  -lboost_json -lcrypto -lfmt -o "$out/minecraft_webhook_fuzz"
printf '%s' '{"id":"e1","uuid":"069a79f4-44e9-4726-a5be-fca90e38aaf5","username":"Steve","discord_id":"123","tier":"premium","timestamp":"2026-11-27T13:00:00Z"}' > "$out/minecraft_corpus/seed1"
printf '%s' '{"donators":[{"discord_id":"123","tier":"supporter"}]}' > "$out/minecraft_corpus/seed2"
printf '%s' '{"success":true,"username":"Steve","uuid":"x"}' > "$out/minecraft_corpus/seed3"
"$out/minecraft_webhook_fuzz" -artifact_prefix="$out/" -max_total_time="${1:-30}" "$out/minecraft_corpus"
