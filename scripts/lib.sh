# Shared by scripts/quickstart and scripts/test: install what is missing, pick a Python that
# sees Debian's matplotlib, configure and build. Sourced, not run.

contend_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '==> %s\n' "$*" >&2; }

# Debian packages the tool, its tests and its plots need.
contend_packages=(
  cmake make g++ pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libhwloc-dev hwloc
  googletest libgtest-dev libbenchmark-dev
  clang
  python3 python3-matplotlib python3-numpy python3-pytest python3-jsonschema
)

# Installs the packages that are not installed yet (apt-get; sudo when not root).
install_missing_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "dependencies already installed"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  say "installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The first interpreter that imports matplotlib and numpy: the python3 on PATH may be a
# separate build that cannot see Debian's python3-* packages, /usr/bin/python3 can.
pick_python() {
  local candidate
  for candidate in "${CONTEND_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if "$candidate" -c 'import matplotlib, numpy' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no python3 with matplotlib and numpy found (install python3-matplotlib python3-numpy)" >&2
  return 1
}

# build_preset PRESET DIR [cmake args...]: configures DIR with a preset of CMakePresets.json
# (extra arguments set cache variables) and builds it.
build_preset() {
  local preset=$1 dir=$2
  shift 2
  cmake -S "$contend_root" --preset "$preset" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

