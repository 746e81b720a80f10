# Run at every build (not only at configure): writes the git revision and whether the work tree
# had uncommitted changes into OUT, touching it only when that changed so nothing else rebuilds.
# cmake -DSOURCE_DIR=<repo> -DOUT=<header> -P stamp_revision.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY "${SOURCE_DIR}"
                OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE failed)
set(dirty "false")
if(failed OR NOT revision)
  set(revision "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no
                  WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE changes ERROR_QUIET)
  if(changes)
    set(dirty "true")
  endif()
endif()
set(content "// Generated at build time by cmake/stamp_revision.cmake.
#pragma once

namespace contend::build_info {

inline constexpr const char* kGitRevision = \"${revision}\";
inline constexpr bool kGitDirty = ${dirty};  // uncommitted changes to tracked files

}  // namespace contend::build_info
")
if(EXISTS "${OUT}")
  file(READ "${OUT}" previous)
endif()
if(NOT previous STREQUAL content)
  file(WRITE "${OUT}" "${content}")
endif()
