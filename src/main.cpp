// contend: measures what contention costs on this machine. Builds the CLI, dispatches to one
// subcommand, and turns every exception into one clear line and an exit code
// (0 ok, 1 a run failed verification or could not measure, 2 bad input, 130 interrupted).
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <exception>
#include <new>

#include "cli/c2c_command.hpp"
#include "cli/common_options.hpp"
#include "cli/compare_command.hpp"
#include "cli/export_command.hpp"
#include "cli/list_command.hpp"
#include "cli/run_command.hpp"
#include "cli/topo_command.hpp"
#include "util/console.hpp"
#include "platform/error.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailed = 1;

// Errors are one line whatever they quote (a key with a newline in it, a terminal escape):
// control characters are shown escaped.
std::string one_line(const std::string& message) {
  std::string line;
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      line += "\\n";
    } else if (byte < 0x20 || byte == 0x7f) {
      line += fmt::format("\\x{:02x}", byte);
    } else {
      line += c;
    }
  }
  return line;
}

int fail(const std::string& message, int code) {
  contend::print_to(stderr, "contend: error: {}\n", one_line(message));
  return code;
}

// Started with stdin, stdout or stderr closed (`2>&-`), the next file opened would take that
// descriptor, and text meant for the console (a signal handler's note) would land in it. Each
// closed one is opened on /dev/null, which takes the lowest free descriptor: that one.
void reserve_standard_descriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int null = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
      if (null >= 0 && null != fd) ::close(null);  // not ours to keep: nothing better to do
    }
  }
}

// A console that went away (`| head -1`, a closed pipe) costs the text, not the run: writes then
// fail with EPIPE, which the console code ignores, instead of killing the process. A file size
// limit (`ulimit -f`) likewise becomes a write error that the results writer handles (EFBIG)
// instead of a kill.
void survive_lost_outputs() {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace contend;
  reserve_standard_descriptors();
  survive_lost_outputs();
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
  CompareCommandOptions compare_options;
  C2cOptions c2c_options;
  ExportOptions export_options;
  auto* run = add_run_command(app, run_options);
  auto* list = add_list_command(app, list_options);
  auto* topo = add_topo_command(app, topo_options);
  auto* compare = add_compare_command(app, compare_options);
  auto* c2c = add_c2c_command(app, c2c_options);
  auto* exporter = add_export_command(app, export_options);
  // Errors point at the help of the subcommand they are about.
  const auto see_help = [&] {
    const auto parsed = app.get_subcommands();
    return parsed.empty() ? std::string("see contend --help")
                          : fmt::format("see contend {} --help", parsed.front()->get_name());
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(fmt::format("{} ({})", e.what(), see_help()), kExitBadInput);
  }

  try {
    if (list->parsed()) return run_list_command(list_options);
    if (topo->parsed()) return run_topo_command(topo_options);
    if (compare->parsed()) return run_compare_command(compare_options);
    if (c2c->parsed()) return run_c2c_command(c2c_options, invocation);
    if (exporter->parsed()) return run_export_command(export_options);
    (void)run;  // `contend` alone runs the default suite, like `contend run`
    return run_run_command(run_options, invocation);
  } catch (const InputError& e) {
    return fail(fmt::format("{} ({})", e.what(), see_help()), kExitBadInput);
  } catch (const std::bad_alloc&) {
    return fail("out of memory", kExitFailed);
  } catch (const std::exception& e) {
    return fail(e.what(), kExitFailed);
  } catch (...) {
    return fail("unexpected error (not a std::exception)", kExitFailed);
  }
}
