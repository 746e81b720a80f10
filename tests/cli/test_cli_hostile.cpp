// The environment around the tool turned hostile: closed standard descriptors, a console that
// goes away, a disk full everywhere, names the filesystem refuses, two runs in one directory,
// hwloc describing another machine or only part of this one, endless and huge inputs. Nothing
// measured is lost without saying so, no broken file is published, the exit code tells the truth.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace contend::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One short point: enough to have measured something worth keeping.
const std::vector<std::string> kShortRun = {"run", "--workload", "atomic_add", "--threads",
                                            "1",   "--duration", "10ms",       "--repetitions",
                                            "1"};

// Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on " " + std::string&&.
std::string contend_command(const std::vector<std::string>& extra) {
  std::string command = shell_quote(CONTEND_BINARY);
  for (const auto& args : {kShortRun, extra}) {
    for (const auto& arg : args) {
      command += ' ';
      command += shell_quote(arg);
    }
  }
  return command;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

// Results files in `dir`, without the runner's own capture files (".stdout-*", ".stderr-*").
std::vector<std::string> results_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& name : files_in(dir)) {
    if (!name.starts_with(".stdout-") && !name.starts_with(".stderr-")) names.push_back(name);
  }
  return names;
}

void expect_valid_results(const fs::path& dir, const std::string& file) {
  const auto v = validate_results(dir, file);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

// Started with 0, 1 and 2 closed, files the tool opens must not become the console: the file
// is complete JSON with no console text in it.
TEST(CliHostile, ClosedStandardDescriptorsNeverBecomeTheResultsFile) {
  const auto dir = temp_dir("closed-fds");
  const auto r = run_shell("( " + contend_command({"--out", "r.json"}) + " <&- >&- 2>&- )", dir);
  EXPECT_EQ(r.exit_code, 0);
  const std::string text = slurp(dir / "r.json");
  EXPECT_EQ(text.find("contend:"), std::string::npos);
  EXPECT_EQ(text.find("warning:"), std::string::npos);
  expect_valid_results(dir, "r.json");
  fs::remove_all(dir);
}

// An interrupt with stderr closed: its note has nowhere to go, and certainly not into the file.
TEST(CliHostile, AnInterruptWithStderrClosedLeavesItsNoteOutOfTheFile) {
  const auto dir = temp_dir("closed-fds-signal");
  std::string command = shell_quote(CONTEND_BINARY);
  for (const char* arg : {"run", "--workload", "atomic_add", "--threads", "1", "--duration",
                          "200ms", "--repetitions", "3", "--out", "r.json"}) {
    command += ' ';  // appended apart: see contend_command
    command += shell_quote(arg);
  }
  const auto r = run_shell(
      "( " + command + " 2>&- & pid=$!; sleep 0.3; kill -INT $pid; wait $pid; echo $? >rc )", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string rc = slurp(dir / "rc");
  EXPECT_TRUE(rc == "130\n" || rc == "0\n") << rc;
  const std::string text = slurp(dir / "r.json");
  EXPECT_EQ(text.find("interrupted;"), std::string::npos);
  expect_valid_results(dir, "r.json");
  fs::remove_all(dir);
}

// A reader that goes away (`| true`, `| head -1`) costs the text: no SIGPIPE death, the
// results are written and the exit code is the run's.
TEST(CliHostile, AConsoleThatGoesAwayCostsOnlyTheText) {
  const auto dir = temp_dir("pipe");
  for (const std::string reader : {"true", "head -c 1 >/dev/null"}) {
    fs::remove(dir / "r.json");
    const auto r = run_shell(
        "{ " + contend_command({"--out", "r.json"}) + " 2>&1; echo $? >rc; } | " + reader, dir);
    EXPECT_EQ(slurp(dir / "rc"), "0\n") << reader;
    expect_valid_results(dir, "r.json");
  }
  fs::remove_all(dir);
}

// When no place can take the file, what was measured is still shown, and a plain line says
// that nothing was saved and why; exit 1.
void expect_nothing_saved(const CliResult& r, const std::string& why) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("atomic_add"), std::string::npos) << r.out;  // the table
  EXPECT_NE(r.out.find("results: nothing was saved"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("contend: error: nothing was saved: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
}

// `ulimit -f` makes every write past a few KiB fail (EFBIG) in every directory: a full disk
// everywhere, without root. 4 KiB: under a results file (~11 KiB), above what the console
// captures (the limit holds for the captured stdout and stderr files too, and warnings on a
// busy machine make stderr longer).
TEST(CliHostile, NoPlaceToWriteStillShowsTheTableAndSaysNothingWasSaved) {
  const auto dir = temp_dir("file-limit");
  const auto r = run_shell("ulimit -f 4; TMPDIR=" + shell_quote(dir.string()) + " " +
                               contend_command({"--out", "r.json"}),
                           dir);
  expect_nothing_saved(r, "File too large");
  EXPECT_TRUE(results_in(dir).empty());  // no partial file, no temporary one
  fs::remove_all(dir);
}

// A tmpfs filled to the last block holds both --out and TMPDIR: the real thing, as root.
TEST(CliHostile, AFullDiskEverywhereStillShowsTheTableAndSaysNothingWasSaved) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs (id -u is not 0)";
  const auto dir = temp_dir("disk-full");
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
  }
  run_shell("dd if=/dev/zero of=fill bs=4k 2>/dev/null", dir);
  // Run from elsewhere: the test's own capture files must not need the full disk.
  const auto r = run_shell("TMPDIR=" + shell_quote(dir.string()) + " " +
                               contend_command({"--out", (dir / "r.json").string()}),
                           fs::temp_directory_path());
  expect_nothing_saved(r, "No space left on device");
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"fill"});
  ::umount(dir.c_str());
  fs::remove_all(dir);
}

// A legal 250-byte name works: the temporary file does not lengthen it. A 300-byte one and a
// dangling symbolic link are refused before anything is measured.
TEST(CliHostile, NamesTheFilesystemRefusesAreDecidedBeforeMeasuring) {
  const auto dir = temp_dir("names");
  const std::string legal = std::string(245, 'a') + ".json";
  auto args = kShortRun;
  args.insert(args.end(), {"--out", legal});
  const auto ok = run_contend(args, dir);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  expect_valid_results(dir, legal);
  fs::remove(dir / legal);

  fs::create_symlink(dir / "nowhere" / "x.json", dir / "dangling.json");
  for (const auto& [out, message] : std::vector<std::pair<std::string, std::string>>{
           {std::string(295, 'b') + ".json", "too long a file name"},
           {"dangling.json", "is a symbolic link to"}}) {
    args = kShortRun;
    args.insert(args.end(), {"--out", out});
    const auto r = run_contend(args, dir);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(line_count(r.err), 1) << r.err;  // the error, and no progress: nothing measured
    EXPECT_NE(r.err.find("--out: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_EQ(results_in(dir), std::vector<std::string>{"dangling.json"});
  fs::remove_all(dir);
}

// Runs started together in one directory pick different default names, and neither reports an
// error for a collision the tool would have made itself.
TEST(CliHostile, RunsStartedTogetherNeverCollideOnDefaultNames) {
  const auto dir = temp_dir("together");
  const std::string one = contend_command({});
  const auto r = run_shell("( " + one + " >/dev/null 2>err1 & one=$!; " + one +
                               " >/dev/null 2>err2 & two=$!; wait $one; echo $? >rc1; "
                               "wait $two; echo $? >rc2 )",
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slurp(dir / "rc1"), "0\n") << slurp(dir / "err1");
  EXPECT_EQ(slurp(dir / "rc2"), "0\n") << slurp(dir / "err2");
  EXPECT_EQ(slurp(dir / "err1").find("error"), std::string::npos);
  EXPECT_EQ(slurp(dir / "err2").find("error"), std::string::npos);
  const auto written = files_in(dir / "results");
  ASSERT_EQ(written.size(), 2u);
  EXPECT_NE(written[0], written[1]);
  fs::remove_all(dir);
}

// hwloc told to describe another machine: refused before measuring, naming the variable.
TEST(CliHostile, ATopologyThatIsNotThisMachineIsRefused) {
  const auto dir = temp_dir("foreign-topology");
  for (const std::string command : {"run", "c2c"}) {
    const std::string line = "HWLOC_SYNTHETIC='pack:4 core:16 pu:2' " +
                             shell_quote(CONTEND_BINARY) + " " + command + " --out r.json";
    const auto r = run_shell(line, dir);
    EXPECT_EQ(r.exit_code, 2) << command << r.err;
    EXPECT_EQ(line_count(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("HWLOC_SYNTHETIC=pack:4 core:16 pu:2: "), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "r.json"));
  }
  if (std::system("command -v lstopo-no-graphics >/dev/null 2>&1") == 0) {
    run_shell("HWLOC_SYNTHETIC='pack:2 core:2 pu:2' lstopo-no-graphics --of xml t.xml", dir);
    const auto r = run_shell("HWLOC_XMLFILE=t.xml " + contend_command({"--out", "r.json"}), dir);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("HWLOC_XMLFILE=t.xml: "), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "r.json"));
  }
  fs::remove_all(dir);
}

// hwloc without its OS backends sees PUs only: the file still validates, with the figures taken
// from elsewhere and a warning that says so.
TEST(CliHostile, HwlocWithoutItsOsBackendsStillWritesAValidFile) {
  const auto dir = temp_dir("no-backends");
  const auto r =
      run_shell("HWLOC_COMPONENTS=-linux,-x86 " + contend_command({"--out", "r.json"}), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_valid_results(dir, "r.json");
  const json doc = json::parse(slurp(dir / "r.json"));
  EXPECT_GE(doc["context"]["cpu"]["packages"].get<int>(), 1);
  EXPECT_GE(doc["context"]["cpu"]["cores"].get<int>(), 1);
  EXPECT_GE(doc["context"]["cpu"]["cache_line_bytes"].get<int>(), 1);
  bool warned = false;
  for (const auto& w : doc["warnings"]) warned = warned || w["code"] == "topology_incomplete";
  EXPECT_TRUE(warned) << doc["warnings"].dump();
  fs::remove_all(dir);
}

// A huge input is refused by its size without reading it; an endless binary one at the bound
// without keeping it. Both exit 2 naming the file.
TEST(CliHostile, HugeAndEndlessInputsAreRefusedAtTheLimit) {
  const auto dir = temp_dir("huge");
  { std::ofstream make(dir / "huge.json"); }
  fs::resize_file(dir / "huge.json", std::uintmax_t{1} << 30);  // sparse: costs no disk
  const auto scenario = run_contend({"run", "huge.json"}, dir);
  EXPECT_EQ(scenario.exit_code, 2) << scenario.err;
  EXPECT_NE(scenario.err.find("huge.json: larger than"), std::string::npos) << scenario.err;
  const auto compare = run_contend({"compare", "huge.json", "/dev/zero"}, dir);
  EXPECT_EQ(compare.exit_code, 2) << compare.err;
  EXPECT_NE(compare.err.find("larger than"), std::string::npos) << compare.err;
  const auto endless = run_contend({"compare", "/dev/zero", "/dev/zero"}, dir);
  EXPECT_EQ(endless.exit_code, 2) << endless.err;
  EXPECT_NE(endless.err.find("/dev/zero: larger than"), std::string::npos) << endless.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace contend::testing
