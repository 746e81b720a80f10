#!/usr/bin/env bash
# Packs contend and the bench programs with every shared library they load, the dynamic loader
# included, so they run on a machine that has none of Debian's packages (another distribution,
# an older glibc, no package registry):
#
#   bench/bundle.sh BUILD_DIR DEST
#
# DEST/bin/PROGRAM is a wrapper that starts DEST/bin/PROGRAM.real through the bundled loader
# with DEST/lib as its only library path. Debian ships no static libfmt, so a static contend is
# not an option there; this is the other one.
set -euo pipefail
build=${1:?usage: bundle.sh BUILD_DIR DEST}
dest=${2:?usage: bundle.sh BUILD_DIR DEST}
mkdir -p "$dest/bin" "$dest/lib"
for program in contend minimal_loop c2c_pingpong contend_crosscheck; do
  [ -x "$build/$program" ] || continue
  cp "$build/$program" "$dest/bin/$program.real"
  # "libfoo.so => /path (addr)" and the loader's own "/lib64/ld-linux... (addr)" lines.
  ldd "$build/$program" | awk '/=> \// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
    while read -r lib; do cp -L "$lib" "$dest/lib/"; done
  cat >"$dest/bin/$program" <<EOF
#!/bin/sh
here=\$(dirname "\$0")
exec "\$here/../lib/$(basename "$(ldd "$build/$program" | awk '/ld-linux/ { print $1 }')")" \\
  --library-path "\$here/../lib" "\$here/$program.real" "\$@"
EOF
  chmod +x "$dest/bin/$program"
done
du -sh "$dest"
