# Cross-building contend for 64-bit Arm Linux on an x86-64 Debian/Ubuntu host, and running its
# tests there under user-mode emulation.
#
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   cmake --build build-aarch64 && (cd build-aarch64 && ctest --timeout 300)
#
# What it expects (scripts/aarch64_stage.sh installs it): Debian's cross compiler
# (g++-aarch64-linux-gnu), qemu-user, and the arm64 multiarch dev packages
# (dpkg --add-architecture arm64; libhwloc-dev:arm64 libfmt-dev:arm64 libgtest-dev:arm64). CLI11
# and nlohmann-json are header-only and the host's packages serve both architectures.
#
# Why no sysroot: Debian's multiarch puts the arm64 libraries and their CMake/pkg-config files
# in /usr/lib/aarch64-linux-gnu of the host itself, next to the x86-64 ones, and the cross
# compiler already searches there. CMake finds them through CMAKE_LIBRARY_ARCHITECTURE; the
# x86-64 directories are ignored explicitly so that a missing arm64 package is a configure
# error rather than an x86-64 library at link time.
#
# Overridable: CONTEND_CROSS_PREFIX (default aarch64-linux-gnu-), CONTEND_AARCH64_EMULATOR
# (default: qemu-aarch64 or qemu-aarch64-static found on PATH; see below for -L).
# Pass -DCONTEND_AARCH64_EMULATOR= (empty) on an Arm host that runs the binaries natively.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CONTEND_CROSS_TRIPLE aarch64-linux-gnu)
set(CONTEND_CROSS_PREFIX "${CONTEND_CROSS_TRIPLE}-" CACHE STRING "Prefix of the cross tools")

# The project is C++ only; C is set too so that any C probe (FindThreads) uses the same target.
find_program(CONTEND_CROSS_CXX NAMES ${CONTEND_CROSS_PREFIX}g++ REQUIRED)
find_program(CONTEND_CROSS_CC NAMES ${CONTEND_CROSS_PREFIX}gcc)
set(CMAKE_CXX_COMPILER "${CONTEND_CROSS_CXX}")
if(CONTEND_CROSS_CC)
  set(CMAKE_C_COMPILER "${CONTEND_CROSS_CC}")
endif()

# Libraries, CMake packages (GTest, fmt) and pkg-config files (hwloc) of the target.
set(CMAKE_LIBRARY_ARCHITECTURE ${CONTEND_CROSS_TRIPLE})
set(CMAKE_IGNORE_PATH
  /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu
  /usr/lib/x86_64-linux-gnu/cmake /usr/local/lib/x86_64-linux-gnu)
# Programs (git, python3, qemu) come from the host; everything else from the target's paths.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# pkg-config: the host's tool, reading only the target's .pc files. Set in the environment of the
# configure step itself (this file is read again on every configure, so it always applies).
set(ENV{PKG_CONFIG_LIBDIR}
    "/usr/lib/${CONTEND_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig:/usr/${CONTEND_CROSS_TRIPLE}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
unset(ENV{PKG_CONFIG_SYSROOT_DIR})
if(NOT PKG_CONFIG_EXECUTABLE)
  find_program(CONTEND_CROSS_PKG_CONFIG NAMES ${CONTEND_CROSS_PREFIX}pkg-config pkg-config)
  set(PKG_CONFIG_EXECUTABLE "${CONTEND_CROSS_PKG_CONFIG}" CACHE FILEPATH "pkg-config for the target")
endif()

# Running target binaries: ctest, gtest_discover_tests (POST_BUILD listing) and anything else
# CMake launches goes through CMAKE_CROSSCOMPILING_EMULATOR.
#
# The dynamic loader and libc must come from the same glibc build. The arm64 dev packages pull
# in the multiarch libc6:arm64 (/lib/ld-linux-aarch64.so.1, /lib/aarch64-linux-gnu/libc.so.6,
# kept current by security updates), while the cross compiler's libc6-arm64-cross under
# /usr/aarch64-linux-gnu is an older build. `qemu-aarch64 -L /usr/aarch64-linux-gnu` takes the
# loader from the prefix but, through ld.so.cache, libc.so.6 from /lib/aarch64-linux-gnu: a
# mismatched pair, and the first pthread_create then loops forever in the loader's stack cache
# list (glibc 2.36-8cross1 ld.so + 2.36-9+deb12u14 libc: every threaded run hangs, nothing
# single-threaded does). So: no -L when the multiarch loader is installed (everything then comes
# from libc6:arm64 and its neighbours), -L only on a host with the cross libc alone.
if(NOT DEFINED CONTEND_AARCH64_EMULATOR)
  find_program(CONTEND_QEMU_AARCH64 NAMES qemu-aarch64 qemu-aarch64-static)
  if(NOT CONTEND_QEMU_AARCH64)
    set(CONTEND_AARCH64_EMULATOR "")
    message(WARNING "qemu-aarch64 not found: the build works, its tests cannot run on this host "
                    "(apt-get install qemu-user)")
  elseif(EXISTS "/lib/ld-linux-aarch64.so.1")
    set(CONTEND_AARCH64_EMULATOR "${CONTEND_QEMU_AARCH64}")
  else()
    set(CONTEND_AARCH64_EMULATOR "${CONTEND_QEMU_AARCH64};-L;/usr/${CONTEND_CROSS_TRIPLE}")
  endif()
endif()
set(CONTEND_AARCH64_EMULATOR "${CONTEND_AARCH64_EMULATOR}" CACHE STRING
    "Command (a CMake list) that runs aarch64 binaries on this host; empty on an Arm host")
if(CONTEND_AARCH64_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CONTEND_AARCH64_EMULATOR}")
endif()
