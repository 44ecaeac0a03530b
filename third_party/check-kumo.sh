#!/usr/bin/env bash
# Checks that third_party/kumo is exactly upstream kumo (the version go.mod
# replaces) plus the patches in third_party/patches, in name order.
# Run from the repository root: bash third_party/check-kumo.sh
set -euo pipefail
version=$(go list -m -f '{{.Version}}' github.com/sivchari/kumo)
src=$(go mod download -json "github.com/sivchari/kumo@${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$src" && { find . -name '*.go' ! -name '*_test.go' ! -path './cli/*' ! -path './cmd/*' ! -path './internal/cligen/*'; printf '%s\n' ./go.mod ./go.sum ./LICENSE; } | sort | tar cf - -T -) | tar xf - -C "$work"
chmod -R u+w "$work"
for p in third_party/patches/kumo-*.patch; do
	patch -s -p1 -d "$work" < "$p"
done
if ! diff -r "$work" third_party/kumo; then
	echo "third_party/kumo differs from kumo ${version} with its patches applied" >&2
	exit 1
fi
echo "third_party/kumo is kumo ${version} with $(ls third_party/patches/kumo-*.patch | wc -l) patch(es)"
