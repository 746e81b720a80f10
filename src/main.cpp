// contend: measures what contention costs on this machine. Builds the CLI, dispatches to one
// subcommand, and turns every exception into one clear line and an exit code
// (0 ok, 1 a run failed verification or could not measure, 2 bad input, 130 interrupted).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/common_options.hpp"
#include "cli/list_command.hpp"
#include "cli/run_command.hpp"
#include "cli/topo_command.hpp"
#include "util/error.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailed = 1;

int fail(const std::string& message, int code) {
  fmt::print(stderr, "contend: error: {}\n", message);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace contend;
  CLI::App app{
      "contend: measures what contention costs on this machine (atomics, CAS loops, "
      "false sharing, locks), pinned with hwloc, verified, written as JSON."};
  app.set_version_flag("--version", version_line());
  app.require_subcommand(0, 1);
  app.fallthrough();

  Invocation invocation{std::vector<std::string>(argv, argv + argc)};
  RunOptions run_options;
  ListOptions list_options;
  TopoOptions topo_options;
  auto* run = add_run_command(app, run_options);
  auto* list = add_list_command(app, list_options);
  auto* topo = add_topo_command(app, topo_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(fmt::format("{} (see contend --help)", e.what()), kExitBadInput);
  }

  try {
    if (list->parsed()) return run_list_command(list_options);
    if (topo->parsed()) return run_topo_command(topo_options);
    (void)run;  // `contend` alone runs the default suite, like `contend run`
    return run_run_command(run_options, invocation);
  } catch (const InputError& e) {
    return fail(e.what(), kExitBadInput);
  } catch (const std::exception& e) {
    return fail(e.what(), kExitFailed);
  }
}
