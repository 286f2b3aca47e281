#!/usr/bin/env bash
# Prints "A B" for every top-level module A of src/ (a file src/A.rs, its folder src/A/, or both)
# that names `crate::B::…` for another top-level module B, outside comments. `make lint` feeds
# the pairs to coreutils' `tsort`, which fails on a cycle: no two folders may depend on each other,
# directly or around a loop.
set -euo pipefail
cd "$(dirname "$0")/../src"
modules=$(ls ./*.rs | sed 's|^\./||; s|\.rs$||' | grep -vx -e lib -e main)
for a in $modules; do
  files=$(ls "$a.rs" 2>/dev/null; find "$a" -name '*.rs' 2>/dev/null || true)
  # Code lines only (not // or //! or /// comments), then every `crate::name` they mention.
  code=$(grep -hv '^\s*//' $files || true)
  # `crate::name` and `crate::{name::…, …}` (re-exports from the crate root are not followed).
  uses=$( (grep -oE 'crate::[a-z_0-9]+' <<<"$code" | sed 's/^crate:://'
           grep -oE 'crate::\{[^}]*\}' <<<"$code" | grep -oE '[a-z_0-9]+::' | sed 's/::$//') |
         sort -u || true)
  for b in $uses; do
    if [ "$b" != "$a" ] && grep -qx "$b" <<<"$modules"; then echo "$a $b"; fi
  done
  echo "$a $a" # every module is a node, even one that imports nothing
done
