#!/bin/sh
# STAND-IN for redoxfs-ar (redoxfs' archive mode with nix-redox's --uid/--gid/--chown patch), which cannot be built
# on this machine: its crates need the network. It takes the same command line,
#   [--uid UID] [--gid GID] [--chown PATH:UID:GID]... IMAGE ROOT
# records its arguments (one per line) in IMAGE.args and, at the start of the existing, pre-allocated IMAGE (whose
# size it keeps, as the real tool does), writes a text listing: a header line, then per entry of ROOT in sorted
# order its kind, mode, size (0 for directories, whose size depends on the host file system), owner (as the
# flags decide) and path. That is NOT a RedoxFS; nothing can mount it.
set -eu
[ $# -ge 2 ] || { echo "redoxfs-ar stand-in: usage: [--uid U] [--gid G] [--chown P:U:G]... IMAGE ROOT" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n' "$@" > "$work/args"
uid=0
gid=0
: > "$work/chown"
while [ $# -gt 2 ]; do
    case "$1" in
        --uid) uid=$2; shift 2 ;;
        --gid) gid=$2; shift 2 ;;
        --chown) printf '%s\n' "$2" >> "$work/chown"; shift 2 ;;
        *) echo "redoxfs-ar stand-in: unexpected argument $1" >&2; exit 2 ;;
    esac
done
image=$1
root=$2
[ -f "$image" ] || { echo "redoxfs-ar stand-in: $image must exist at its final size" >&2; exit 1; }
cp "$work/args" "$image.args"
{
    echo "REDOXFS-STAND-IN v1 (a listing, not a RedoxFS)"
    (cd "$root" && find . -mindepth 1 -printf '%P\t%y\t%m\t%s\n') | LC_ALL=C sort | awk -F '\t' -v uid="$uid" -v gid="$gid" -v map="$work/chown" '
        BEGIN { while ((getline line < map) > 0) { n = split(line, p, ":"); owner[substr(line, 1, length(line) - length(p[n]) - length(p[n-1]) - 2)] = p[n-1] ":" p[n] } }
        { printf "%s %s %s %s %s\n", $2, $3, ($2 == "d" ? 0 : $4), (($1 in owner) ? owner[$1] : uid ":" gid), $1 }'
} > "$work/listing"
if [ "$(stat -c %s "$work/listing")" -gt "$(stat -c %s "$image")" ]; then
    echo "redoxfs-ar stand-in: the listing is larger than $image" >&2
    exit 1
fi
dd if="$work/listing" of="$image" conv=notrunc status=none
