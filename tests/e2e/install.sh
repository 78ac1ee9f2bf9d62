#!/usr/bin/env bash
# `cmake --install` puts clerk in bin and its data in share/clerk, and the
# installed binary finds them there: with no source tree and no CLERK_*
# variables it fills a new default catalog from the installed demo
# catalog, searches it, and answers a turn with the installed intent model.
set -euo pipefail
: "${BUILD:?BUILD must name the build directory}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: $*" >&2; exit 1; }

cmake --install "$BUILD" --prefix "$tmp/prefix" >"$tmp/log" 2>&1 || fail "install failed: $(tail -3 "$tmp/log")"
[ -x "$tmp/prefix/bin/clerk" ] || fail "no bin/clerk"
[ -f "$tmp/prefix/share/clerk/intent.model" ] || fail "no share/clerk/intent.model"
[ -d "$tmp/prefix/share/clerk/lang/en/replies" ] || fail "no share/clerk/lang/en/replies"
[ -f "$tmp/prefix/share/clerk/catalog/products.csv" ] || fail "no demo catalog"

# the installed binary, moved away from the build: only share/clerk can feed it
run() {
	env -i PATH=/usr/bin:/bin HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" \
		XDG_CONFIG_HOME="$tmp/config" "$tmp/prefix/bin/clerk" "$@"
}
mkdir -p "$tmp/home"
out=$(run search --limit 3 'wireless headphones') || fail "search exited $?"
[ "$(printf '%s\n' "$out" | grep -c .)" -ge 1 ] || fail "search found nothing: $out"
printf '%s\n' "$out" | grep -qi 'headphone\|earbud' || fail "search results: $out"
reply=$(printf 'hello\n' | run --script --json) || fail "script mode exited $?"
grep -q '"intent":"greet"' <<<"$reply" || fail "no intent from the installed model: $reply"
echo "ok install"
