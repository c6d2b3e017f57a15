#!/bin/sh
# STAND-IN for redox-initfs-ar (base's initfs/tools), which cannot be built on this machine: its crates need the
# network. It takes the same command line, DIR BOOTSTRAP -o OUT [--max-size BYTES], records its arguments (one per
# line) in OUT.args, and writes a deterministic file: the bootstrap followed by a tar of DIR (names sorted, times,
# owners and groups fixed). That is NOT the Redox initfs format; no Redox kernel can boot it. Like the real tool it
# fails when the result exceeds --max-size.
set -eu
out=""
previous=""
for argument in "$@"; do
    [ "$previous" = "-o" ] && out=$argument
    previous=$argument
done
[ -n "$out" ] || { echo "redox-initfs-ar stand-in: -o OUT is required" >&2; exit 2; }
printf '%s\n' "$@" > "$out.args"

dir=$1
bootstrap=$2
shift 2
max=""
while [ $# -gt 0 ]; do
    case "$1" in
        -o) shift 2 ;;
        --max-size) max=$2; shift 2 ;;
        *) echo "redox-initfs-ar stand-in: unexpected argument $1" >&2; exit 2 ;;
    esac
done
{
    cat "$bootstrap"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -cf - -C "$dir" .
} > "$out"
if [ -n "$max" ] && [ "$(stat -c %s "$out")" -gt "$max" ]; then
    echo "Error: bump allocation failed: max limit reached (stand-in: $(stat -c %s "$out") > $max bytes)" >&2
    exit 1
fi
