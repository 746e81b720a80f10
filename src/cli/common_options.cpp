#include "cli/common_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "build_info.hpp"

namespace contend {

const Topology& system_topology() {
  static const Topology topology = Topology::load_system();
  return topology;
}

std::string version_line() {
  return fmt::format("contend {} (git {}, {}, {})", build_info::kVersion, build_info::kGitRevision,
                     build_info::kBuildType, build_info::kCompiler);
}

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

}  // namespace contend
