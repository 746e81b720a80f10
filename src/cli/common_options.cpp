#include "cli/common_options.hpp"

#include <fmt/format.h>

#include "build_info.hpp"
#include "git_revision.hpp"
#include "util/console.hpp"

namespace contend {

const Topology& system_topology() {
  static const Topology topology = Topology::load_system();
  return topology;
}

std::string version_line() {
  return fmt::format("contend {} (git {}{}, {}, {})", build_info::kVersion,
                     build_info::kGitRevision, build_info::kGitDirty ? " dirty" : "",
                     build_info::kBuildType, build_info::kCompiler);
}

}  // namespace contend
