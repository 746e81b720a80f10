# shellcheck shell=bash
# The aarch64 stage of scripts/test: cross-build with cmake/toolchains/aarch64-linux-gnu.cmake
# and run the C++ unit and CLI tests under qemu-aarch64, on an x86-64 Debian/Ubuntu machine.
# Sourced, not run (after lib.sh, which it sources itself when needed):
#
#   install_aarch64_packages          arm64 multiarch, cross compiler, qemu-user, arm64 dev libs
#   run_aarch64_stage [BUILD_DIR]     build_aarch64 then test_aarch64 (default build-aarch64)
#   build_aarch64 / test_aarch64      the two halves, for separately timed stages
#
# Settings: CONTEND_ARM_ATOMICS=outline|lse|llsc (the build's atomics, default outline),
# CONTEND_AARCH64_JOBS (parallel compile jobs, default nproc),
# CONTEND_AARCH64_TEST_TIMEOUT (seconds per test, default 120: a hang fails that test instead of
# stalling the run), CONTEND_PYTHON (the interpreter the CLI tests validate results with).
#
# Why these packages: the arm64 -dev packages come from Debian's multiarch archive (Multi-Arch:
# same, so apt may upgrade the matching amd64 packages to the same version). CLI11 and
# nlohmann-json are header-only and their host packages serve both architectures. googletest
# (sources, arch all) comes in with libgtest-dev:arm64, which holds the arm64 libgtest.a; gmock
# (libgmock-dev:arm64) is not needed, the tests use GTest::gtest_main only.

if ! declare -F say >/dev/null; then
  # shellcheck source=scripts/lib.sh
  source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fi

contend_aarch64_packages=(
  cmake make pkg-config
  g++-aarch64-linux-gnu qemu-user
  libhwloc-dev:arm64 libfmt-dev:arm64 libgtest-dev:arm64
  libcli11-dev nlohmann-json3-dev
)

# True on the machines this stage is for: x86-64 with dpkg (an Arm host builds natively instead).
aarch64_stage_applies() {
  command -v dpkg >/dev/null && [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ]
}

# Enables the arm64 architecture when it is not yet, then installs what is missing. Idempotent:
# a second call installs nothing and makes no network request.
install_aarch64_packages() {
  if ! aarch64_stage_applies; then
    echo "the aarch64 stage needs an x86-64 Debian/Ubuntu host (dpkg, amd64)" >&2
    return 1
  fi
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null || { echo "need root or sudo to add the arm64 architecture" >&2; return 1; }
      sudo=(sudo)
    fi
    say "enabling the arm64 architecture (dpkg --add-architecture arm64)"
    "${sudo[@]}" dpkg --add-architecture arm64
  fi
  # Its apt-get update also fetches the arm64 package lists just enabled: the arm64 packages
  # are missing then, so it always runs after the step above.
  install_missing_packages "${contend_aarch64_packages[@]}"
}

# Prints the emulator command the toolchain chose for BUILD_DIR (from its CMake cache).
aarch64_emulator() {
  sed -n 's/^CONTEND_AARCH64_EMULATOR:STRING=//p' "$1/CMakeCache.txt" | tr ';' ' '
}

# build_aarch64 [BUILD_DIR]: configures with the aarch64 preset of CMakePresets.json (toolchain
# file, Release) and builds everything.
build_aarch64() {
  local dir=${1:-build-aarch64}
  cmake -S "$contend_root" --preset aarch64 -B "$dir" \
    -DCONTEND_ARM_ATOMICS="${CONTEND_ARM_ATOMICS:-outline}" \
    -DCONTEND_PYTHON="${CONTEND_PYTHON:-/usr/bin/python3}" >/dev/null
  cmake --build "$dir" -j "${CONTEND_AARCH64_JOBS:-$(nproc)}"
}

# test_aarch64 [BUILD_DIR]: the C++ unit and CLI tests of that build, under the emulator.
test_aarch64() {
  local dir=${1:-build-aarch64}
  local emulator
  emulator=$(aarch64_emulator "$dir")
  if [ -z "$emulator" ]; then
    echo "no emulator for aarch64 binaries (install qemu-user): built, not tested" >&2
    return 1
  fi
  # One threaded run first (list measures the harness with a worker thread): a broken emulator
  # set-up (a loader and libc from different glibc builds hang in pthread_create) fails here in
  # seconds, with the command to reproduce, instead of as hundreds of timeouts.
  say "emulator check: $emulator $dir/contend list"
  # shellcheck disable=SC2086  # the emulator is a command line
  if ! timeout -s KILL 60 $emulator "$dir/contend" list >/dev/null; then
    echo "contend list under '$emulator' failed or hung (60 s)" >&2
    return 1
  fi
  (cd "$dir" && ctest --output-on-failure --timeout "${CONTEND_AARCH64_TEST_TIMEOUT:-120}" \
    -j "${CONTEND_AARCH64_JOBS:-$(nproc)}")
}

# run_aarch64_stage [BUILD_DIR]: build_aarch64, then test_aarch64. scripts/test can call the
# two as separate timed stages instead:
#   if [ "${CONTEND_TEST_AARCH64:-1}" != 0 ] && aarch64_stage_applies; then
#     run_stage "aarch64 dependencies" install_aarch64_packages
#     run_stage "aarch64 cross build" build_aarch64 build-aarch64
#     run_stage "aarch64 tests (qemu)" test_aarch64 build-aarch64
#   fi
run_aarch64_stage() {
  build_aarch64 "$@" && test_aarch64 "$@"
}
