#!/bin/sh
# Builds and briefly runs the MCP JSON-RPC fuzz target without CMake.
# Usage: fuzz/mcp_build.sh [seconds]   (default 30)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-fuzz"
mkdir -p "$out" "$out/mcp_corpus"
clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I"$root/src" \
  "$root/fuzz/mcp_jsonrpc_fuzz.cpp" -lboost_json -o "$out/mcp_jsonrpc_fuzz"
printf '%s' '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{}}}' > "$out/mcp_corpus/seed1"
printf '%s' '{"jsonrpc":"2.0","method":"notifications/initialized"}' > "$out/mcp_corpus/seed2"
printf '%s' '[{"jsonrpc":"2.0","id":1,"method":"ping"}]' > "$out/mcp_corpus/seed3"
"$out/mcp_jsonrpc_fuzz" -artifact_prefix="$out/" -max_total_time="${1:-30}" "$out/mcp_corpus"
