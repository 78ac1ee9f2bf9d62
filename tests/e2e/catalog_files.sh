#!/usr/bin/env bash
# The catalog file as a shop meets it: a mistyped --db path, a file that is
# not a clerk database or is damaged, a catalog that can only be read (no
# write permission, or read-only media at a kiosk), and a turn that fails
# inside, which says why on stderr, in its JSON record and in the exit
# status. Every error is one line starting "clerk: " and names the file.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
fail() { echo "FAIL catalog_files: $*" >&2; exit 1; }
export CLERK_MODEL="$BUILD/intent.model" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp" \
	XDG_DATA_HOME="$tmp/data"
unset CLERK_CONFIG
cd "$tmp"

# expect_error NAME STATUS REGEX COMMAND...: exits STATUS with one line on
# stderr matching "^clerk: REGEX".
expect_error() {
	local name=$1 want_rc=$2 want=$3
	shift 3
	set +e
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	set -e
	[ "$rc" -eq "$want_rc" ] || fail "$name: exit status $rc, wanted $want_rc ($(cat "$tmp/err"))"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name: wanted one line on stderr, got: $(cat "$tmp/err")"
	grep -Eq "^clerk: $want" "$tmp/err" || fail "$name: message '$(cat "$tmp/err")' does not match '$want'"
}

# 1. A path that does not exist: every command but import says so, and no
#    file appears.
expect_error "search on a missing file" 1 "typo.db does not exist" "$CLERK" search --db typo.db tent
expect_error "chat on a missing file" 1 "typo.db does not exist" "$CLERK" --script --db typo.db
expect_error "recommend on a missing file" 1 "typo.db does not exist" "$CLERK" recommend --db typo.db --with X
[ ! -e typo.db ] || fail "a mistyped --db made a file"
"$CLERK" import --db shop.db "$SRC/tests/fixtures/dialogue/outdoor/products.csv" >/dev/null ||
	fail "import does not make a new catalog"
"$CLERK" search --db shop.db tent | grep -q . || fail "search on the imported catalog"
# The default catalog is still made and filled on first use.
"$CLERK" search tent | grep -q . || fail "the default catalog was not filled from the demo"
[ -s "$tmp/data/clerk/clerk.db" ] || fail "no default catalog file"

# 2. Not a clerk database: text, another program's SQLite file, a folder.
echo "id,name" >notes.db
expect_error "a text file" 1 "notes.db is not a clerk database" "$CLERK" search --db notes.db tent
expect_error "import into a text file" 1 "notes.db is not a clerk database" \
	"$CLERK" import --db notes.db "$SRC/tests/fixtures/import/products.csv"
[ "$(cat notes.db)" = "id,name" ] || fail "the text file was changed"
sqlite3 other.db "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
expect_error "another program's database" 1 "other.db is not a clerk database" \
	"$CLERK" --script --db other.db
expect_error "import into another program's database" 1 "other.db is not a clerk database" \
	"$CLERK" import --db other.db "$SRC/tests/fixtures/import/products.csv"
[ "$(sqlite3 other.db 'SELECT count(*) FROM sqlite_schema')" = 1 ] || fail "other.db was changed"
mkdir folder.db
expect_error "a folder" 1 "folder.db is a folder" "$CLERK" search --db folder.db tent

# 3. A damaged catalog: its pages overwritten past the first one.
cp shop.db damaged.db
size=$(stat -c %s damaged.db)
python3 - damaged.db <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(4096)
    f.write(bytes((i * 37 + 11) % 256 for i in range(4096 * 6)))
PY
expect_error "a damaged catalog" 1 "damaged.db (is damaged|is not a clerk database)" \
	"$CLERK" search --db damaged.db tent
[ "$(stat -c %s damaged.db)" = "$size" ] || fail "the damaged file was changed"

# 4. A turn that fails inside: on a catalog that can only be read, a search
#    works and adding to the cart fails, saying why on stderr (one line
#    naming the turn), in the record's "error" and in the exit status.
if [ "$(id -u)" -eq 0 ]; then
	# root writes anything: read as an unprivileged user instead.
	command -v setpriv >/dev/null || { echo "skipped: root without setpriv"; exit 77; }
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
	chmod 755 "$tmp"
else
	as_user() { "$@"; }
fi
mkdir kiosk
cp shop.db kiosk/shop.db
chmod 444 kiosk/shop.db
before=$(sha256sum kiosk/shop.db)
# 4a. The file cannot be written, its folder can.
chmod 777 kiosk
as_user "$CLERK" search --db kiosk/shop.db tent >"$tmp/out" 2>"$tmp/err" ||
	fail "search on a read-only file: $(cat "$tmp/err")"
grep -q . "$tmp/out" || fail "search on a read-only file found nothing"
rm -f kiosk/shop.db-wal kiosk/shop.db-shm
# 4b. Read-only media: neither the file nor its folder can be written (no
#     room for SQLite's shared-memory file).
chmod 555 kiosk
as_user "$CLERK" search --db kiosk/shop.db tent >"$tmp/out" 2>"$tmp/err" ||
	fail "search on read-only media: $(cat "$tmp/err")"
grep -q . "$tmp/out" || fail "search on read-only media found nothing"
set +e
printf 'show me tents\nadd the first one to my cart\nthanks\n' |
	as_user env HOME="$tmp" "$CLERK" --script --json --db kiosk/shop.db >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a failed turn should exit 1, not $rc"
[ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "every turn has its record: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "one line per failed turn: $(cat "$tmp/err")"
grep -Eq '^clerk: turn 2: .*kiosk/shop.db can only be read .*so nothing can be saved' "$tmp/err" ||
	fail "the failed turn's cause: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'PY' || fail "JSON error field: $(cat "$tmp/out")"
import json, sys
rec = [json.loads(l) for l in open(sys.argv[1])]
assert rec[0]["products"] and "error" not in rec[0]
assert "can only be read" in rec[1]["error"], rec[1]
# the shopper hears why, not "something went wrong"
assert "only read" in rec[1]["reply"] or "can only read" in rec[1]["reply"], rec[1]["reply"]
assert "went wrong" not in rec[1]["reply"], rec[1]["reply"]
assert "error" not in rec[2]
PY
expect_error "import into a read-only catalog" 1 "cannot import: kiosk/shop.db can only be read" \
	as_user "$CLERK" import --db kiosk/shop.db "$SRC/tests/fixtures/import/products.csv"
[ "$(sha256sum kiosk/shop.db)" = "$before" ] || fail "the read-only catalog changed"
[ ! -e kiosk/shop.db-wal ] && [ ! -e kiosk/shop.db-shm ] || fail "files appeared on read-only media"
echo "catalog_files: ok"
