#!/usr/bin/env bash
# End-to-end: the catalog's stemming language (`clerk import --language`):
# a French catalog stems French, switching an English one re-indexes every
# product, a bad name fails with one line and changes nothing, and
# config.ini's `language` is the default of new catalogs only.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the source tree}" "${BUILD:?BUILD must name the build folder}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "language_cli: $*" >&2; exit 1; }
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset CLERK_CONFIG
mkdir -p "$HOME"
fr="$SRC/tests/fixtures/language/products_fr.csv"
products=$(($(wc -l <"$fr") - 1))

ids() { "$CLERK" search --db "$1" "${@:2}" | cut -f1 | sort | tr '\n' ' ' | sed 's/ $//'; }
# found without a spelling correction (one could hide a stemming difference)
stems_to() { "$CLERK" search --db "$1" --json "$2" | grep -q "\"corrected\":null,.*\"results\":\[{\"id\":\"$3\""; }
setting() { sqlite3 "$1" "SELECT value FROM settings WHERE key = 'language'"; }

# a new catalog in French: plural and singular, chevaux and cheval meet
db="$tmp/fr.db"
out=$("$CLERK" import --db "$db" --language fr "$fr")
[ "$out" = "imported $products products" ] || fail "import --language fr printed '$out'"
[ "$(setting "$db")" = french ] || fail "fr was not recorded as french"
[ "$(ids "$db" chaussures)" = fr1 ] || fail "french: 'chaussures' did not find fr1"
stems_to "$db" cheval fr2 || fail "french: 'cheval' did not find 'chevaux'"
[ "$(ids "$db" vestes)" = fr5 ] || fail "french: 'vestes' did not find fr5"

# the same products in English, then switched: every product re-indexed
db="$tmp/en.db"
"$CLERK" import --db "$db" "$fr" >/dev/null
[ "$(setting "$db")" = english ] || fail "a new catalog without config is not english"
[ "$(ids "$db" vestes)" = fr5 ] || fail "english: 'vestes' did not find fr5"
! stems_to "$db" cheval fr2 || fail "english: 'cheval' stems like 'chevaux'"
out=$("$CLERK" import --db "$db" --language fr_FR.UTF-8)
[ "$out" = "re-indexed $products products in french" ] || fail "switching printed '$out'"
[ "$(setting "$db")" = french ] || fail "the switch was not recorded"
stems_to "$db" cheval fr2 || fail "after the switch 'cheval' did not find 'chevaux'"
while IFS=, read -r id name _; do
	[ "$id" = id ] && continue
	ids "$db" "$name" | grep -qw "$id" || fail "after the switch '$name' did not find $id"
done <"$fr"
out=$("$CLERK" import --db "$db" --language french)
[ "$out" = "language french" ] || fail "setting the same language again printed '$out'"

# a bad name: usage error, one line listing libstemmer's languages, nothing changed
before=$(sqlite3 "$db" .dump | md5sum)
set +e
out=$("$CLERK" import --db "$db" --language klingon 2>"$tmp/err")
status=$?
set -e
[ "$status" = 2 ] || fail "--language klingon exited $status, want 2"
[ -z "$out" ] || fail "--language klingon printed '$out'"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "--language klingon: not one line on stderr"
grep -q "^clerk: .*unknown language 'klingon' (libstemmer offers: .*english.*french" "$tmp/err" ||
	fail "--language klingon: $(cat "$tmp/err")"
[ "$(sqlite3 "$db" .dump | md5sum)" = "$before" ] || fail "--language klingon changed the database"
# a failed import with a language changes neither the products nor the language
set +e
"$CLERK" import --db "$db" --language german "$tmp/missing.csv" >/dev/null 2>&1
status=$?
set -e
[ "$status" = 1 ] || fail "importing a missing file exited $status"
[ "$(sqlite3 "$db" .dump | md5sum)" = "$before" ] || fail "a failed import changed the language"

# config.ini: the default of new catalogs, not of existing ones
mkdir -p "$XDG_CONFIG_HOME/clerk"
printf 'language = de\n' >"$XDG_CONFIG_HOME/clerk/config.ini"
"$CLERK" import --db "$tmp/de.db" "$fr" >/dev/null
[ "$(setting "$tmp/de.db")" = german ] || fail "config language = de: new catalog is '$(setting "$tmp/de.db")'"
"$CLERK" import --db "$db" --replace "$fr" >/dev/null
[ "$(setting "$db")" = french ] || fail "config language changed an existing catalog"
# --language wins over the config for a new catalog
"$CLERK" import --db "$tmp/es.db" --language es "$fr" >/dev/null
[ "$(setting "$tmp/es.db")" = spanish ] || fail "--language es lost to the config"
printf 'language = elvish\n' >"$XDG_CONFIG_HOME/clerk/config.ini"
set +e
"$CLERK" import --db "$tmp/bad.db" "$fr" >/dev/null 2>"$tmp/err"
status=$?
set -e
[ "$status" = 1 ] || fail "a bad config language exited $status"
grep -q "config.ini: language: unknown language 'elvish'" "$tmp/err" || fail "bad config: $(cat "$tmp/err")"
"$CLERK" search --db "$db" cheval >/dev/null || fail "a bad config language broke an existing catalog"

# the chat searches in the catalog's language too
rm "$XDG_CONFIG_HOME/clerk/config.ini"
reply=$(printf 'show me cheval\n' | CLERK_MODEL="$BUILD/intent.model" "$CLERK" --script --db "$tmp/fr.db" --seed 1 2>&1) || fail "script mode failed: $reply"
grep -q "Couverture pour chevaux" <<<"$reply" && ! grep -q "I read that as" <<<"$reply" ||
	fail "script mode did not find 'chevaux' for 'cheval': $reply"
echo "language_cli: ok"
