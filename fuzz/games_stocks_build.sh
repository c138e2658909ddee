#!/bin/sh
# Builds and briefly runs the games/stocks parser fuzz target without CMake.
# Usage: fuzz/games_stocks_build.sh [seconds]   (default 30)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-fuzz"
mkdir -p "$out" "$out/games_stocks_corpus"
clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I"$root/src" \
  "$root/fuzz/games_stocks_fuzz.cpp" \
  "$root/src/features/stocks/finnhub_quote.cpp" "$root/src/features/stocks/money.cpp" \
  "$root/src/features/stocks/amounts.cpp" "$root/src/features/wordle/puzzle.cpp" \
  "$root/src/features/wordle/game.cpp" "$root/src/features/connections/puzzle.cpp" \
  "$root/src/features/connections/game.cpp" "$root/src/features/games_common/dates.cpp" \
  "$root/src/core/text.cpp" -lboost_json -o "$out/games_stocks_fuzz"
c="$out/games_stocks_corpus"
printf '%s' '{"c":261.74,"d":-1.03,"dp":-0.3919,"h":263.31,"l":260.68,"o":261.07,"pc":262.77,"t":1727380800}' > "$c/quote"
printf '%s' '{"id":1,"solution":"crane","print_date":"2024-01-01"}' > "$c/wordle"
printf '%s' '{"status":"OK","categories":[{"title":"A","cards":[{"content":"X","position":0}]}]}' > "$c/connections"
printf '%s' '$1,000.25' > "$c/amount"
printf '%s' '2024-02-29' > "$c/date"
"$out/games_stocks_fuzz" -artifact_prefix="$out/" -max_total_time="${1:-30}" "$c"
