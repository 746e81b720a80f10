// Bad input as a new user types it: every case exits 2 with exactly one line on stderr,
// "contend: error: ..." naming the flag, file or key; nothing on stdout; no results file
// created; and results files already there are left byte for byte as they were.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace contend {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::line_count;
using testing::run_shell;
using testing::shell_quote;
using testing::slurp;

struct BadInput {
  std::string name;  // the test's name
  std::vector<std::string> args;
  std::vector<std::string> mentions;  // the message must name each of these
};

// 300 x 300 x 300 parameter combinations from a 6 kB file: 27 million points.
std::string exploding_scenario() {
  std::string lists[3];
  for (int i = 1; i <= 300; ++i) {
    for (auto& list : lists) list.append(i > 1 ? "," : "").append(std::to_string(i * 10));
  }
  return R"({"name": "x", "sweeps": [{"workload": "cas_limiter", "params": {"limit": [)" +
         lists[0] + R"(], "window_us": [)" + lists[1] + R"(], "window_requests": [)" + lists[2] +
         "]}}]}";
}

// A thread list whose one item is itself a list of 20000 numbers: the message quotes it.
std::string huge_value_scenario() {
  std::string list;
  for (int i = 1; i <= 20000; ++i) list.append(i > 1 ? "," : "").append(std::to_string(i));
  return R"({"name": "x", "sweeps": [{"workload": "atomic_add", "threads": [[)" + list + "]]}]}";
}

// Scenario and results files of every broken kind, written into the working directory of each
// case.
const std::map<std::string, std::string>& scenario_fixtures() {
  static const std::map<std::string, std::string> files{
      {"exploding.json", exploding_scenario()},
      {"deep.json", std::string(100000, '[') + std::string(100000, ']')},
      {"truncated.json", R"({"name": "t", "sweeps": [{"workload": "atomic_add")"},
      {"malformed.json", "{name: \"x\"}"},
      {"array.json", "[1, 2, 3]"},
      {"empty.json", ""},
      {"garbage.json", "\x89PNG\r\n\x1a\n\xff\xfe\x00\x01 not json at all"},
      {"unknown-key.json", R"({"name": "x", "sweeps": [{"workload": "atomic_add"}], "bogus": 1})"},
      {"wrong-type.json", R"({"name": 5, "sweeps": [{"workload": "atomic_add"}]})"},
      {"unknown-workload.json", R"({"name": "x", "sweeps": [{"workload": "nope"}]})"},
      {"unknown-param.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "params": {"zzz": [1]}}]})"},
      {"bad-param-value.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "params": {"order": "sideways"}}]})"},
      {"unknown-placement.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "placements": ["diagonal"]}]})"},
      {"missing-pu.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "placements": ["4000"]}]})"},
      {"threads-zero.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "threads": 0}]})"},
      {"threads-million.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "threads": [1, 1000000]}]})"},
      {"threads-word.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "threads": "lots"}]})"},
      {"duration-negative.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "duration": -1}]})"},
      {"duration-days.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "duration": "3d"}]})"},
      {"duration-tiny.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "duration": "500us"}]})"},
      {"huge-value.json", huge_value_scenario()},
      {"duration-overflow.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "duration": 1e400}]})"},
      {"repetitions-fraction.json",
       R"({"name": "x", "sweeps": [{"workload": "atomic_add", "repetitions": 1.5}]})"},
      {"no-sweeps.json", R"({"name": "x"})"},
      {"overflow-results.json", R"({"schema_version": 1, "kind": "run", "wall_time_s": 1e400})"},
  };
  return files;
}

// The results a user already has: no bad invocation may touch them.
const std::map<std::string, std::string>& earlier_results() {
  static const std::map<std::string, std::string> files{
      {"existing.json", "{\"earlier\": \"results\"}\n"},
      {"results/earlier.json", "{\"also\": \"earlier\"}\n"},
  };
  return files;
}

// Every regular file under `dir` with its content, except the runner's own capture files.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = fs::relative(entry.path(), dir).string();
    if (!entry.is_regular_file() || name.starts_with(".stdout") || name.starts_with(".stderr"))
      continue;
    files[name] = slurp(entry.path());
  }
  return files;
}

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A short real run (--quick; explicit flags override it): a bad input that slipped through
// would write a file, and fail the test, rather than measure for minutes.
std::vector<std::string> workload_run(const std::vector<std::string>& extra) {
  std::vector<std::string> args{"run", "-w", "atomic_add", "--quick"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<BadInput> bad_inputs() {
  std::vector<BadInput> cases{
      // Scenario files.
      {"TruncatedScenario", {"run", "truncated.json"}, {"truncated.json", "line 1, column"}},
      {"MalformedScenario", {"run", "malformed.json"}, {"malformed.json", "line 1, column"}},
      {"ScenarioThatIsAnArray", {"run", "array.json"}, {"array.json", "expected an object"}},
      {"EmptyScenario", {"run", "empty.json"}, {"empty.json"}},
      {"BinaryGarbageScenario", {"run", "garbage.json"}, {"garbage.json", "line 1"}},
      {"UnknownKey", {"run", "unknown-key.json"}, {"unknown-key.json", "bogus"}},
      {"WrongType", {"run", "wrong-type.json"}, {"wrong-type.json", "name", "a string"}},
      {"UnknownWorkloadInFile",
       {"run", "unknown-workload.json"},
       {"unknown-workload.json", "sweeps[0].workload", "nope"}},
      {"UnknownParameterInFile", {"run", "unknown-param.json"}, {"unknown-param.json", "zzz"}},
      {"BadParameterValueInFile",
       {"run", "bad-param-value.json"},
       {"bad-param-value.json", "order", "sideways"}},
      {"UnknownPlacementInFile",
       {"run", "unknown-placement.json"},
       {"unknown-placement.json", "placements", "diagonal"}},
      {"MissingPuInFile", {"run", "missing-pu.json"}, {"missing-pu.json", "placements", "4000"}},
      {"ZeroThreadsInFile", {"run", "threads-zero.json"}, {"threads-zero.json", "threads"}},
      {"MillionThreadsInFile",
       {"run", "threads-million.json"},
       {"threads-million.json", "threads", "1000000"}},
      {"WordForThreadsInFile", {"run", "threads-word.json"}, {"threads-word.json", "lots"}},
      {"NegativeDurationInFile",
       {"run", "duration-negative.json"},
       {"duration-negative.json", "duration"}},
      {"DurationInDaysInFile", {"run", "duration-days.json"}, {"duration-days.json", "3d"}},
      {"SubMillisecondDurationInFile",
       {"run", "duration-tiny.json"},
       {"duration-tiny.json", "sweeps[0].duration", "from 1ms"}},
      {"HugeValueQuotedInFile",
       {"run", "huge-value.json"},
       {"huge-value.json", "sweeps[0].threads", "characters)"}},
      {"OverflowingNumberInFile", {"run", "duration-overflow.json"}, {"duration-overflow.json"}},
      {"FractionalRepetitionsInFile",
       {"run", "repetitions-fraction.json"},
       {"repetitions-fraction.json", "repetitions"}},
      {"MissingSweeps", {"run", "no-sweeps.json"}, {"no-sweeps.json", "sweeps"}},
      {"MillionsOfPoints", {"run", "exploding.json"}, {"exploding.json", "sweeps[0]", "points"}},
      {"MissingScenarioFile", {"run", "missing.json"}, {"missing.json", "No such file"}},
      {"EndlessScenarioFile", {"run", "/dev/zero"}, {"/dev/zero", "larger than"}},
      {"DeeplyNestedScenario", {"run", "deep.json"}, {"deep.json"}},
      {"UnknownScenarioName", {"run", "nosuchsuite"}, {"nosuchsuite"}},
      {"DirectoryAsScenario", {"run", "results/"}, {"results", "directory"}},
      {"EmptyScenarioName", {"run", ""}, {"scenarios"}},
      // Thread counts.
      {"EmptyThreads", workload_run({"--threads", ""}), {"--threads"}},
      {"ZeroThreads", workload_run({"--threads", "0"}), {"--threads", "0"}},
      {"NegativeThreads", workload_run({"--threads", "-1"}), {"--threads", "-1"}},
      {"WordThreads", workload_run({"--threads", "many"}), {"--threads", "many"}},
      {"MillionThreads", workload_run({"--threads", "1000000"}), {"--threads", "1000000"}},
      {"EmptyItemInThreads", workload_run({"--threads", "1,,2"}), {"--threads"}},
      {"FractionalThreads", workload_run({"--threads", "1.5"}), {"--threads", "1.5"}},
      {"MoreThreadsThanPus", workload_run({"--threads", "4096"}), {"--oversubscribe"}},
      {"TinySampleSpacing",
       workload_run({"--sample-spacing", "10ns"}),
       {"--sample-spacing", "1us", "10ns"}},
      {"BareSampleSpacing", workload_run({"--sample-spacing", "50"}), {"--sample-spacing"}},
      // Memory homes.
      {"UnknownHome", workload_run({"--home", "far"}), {"--home", "far", "node:N"}},
      {"MissingNumaNode", workload_run({"--home", "node:4095"}), {"--home", "node 4095"}},
      {"NegativeNode", workload_run({"--home", "node:-1"}), {"--home", "-1"}},
      // Durations.
      {"EmptyDuration", workload_run({"--duration", ""}), {"--duration"}},
      {"ZeroDuration", workload_run({"--duration", "0"}), {"--duration"}},
      {"NegativeDuration", workload_run({"--duration", "-5ms"}), {"--duration", "-5ms"}},
      {"WordDuration", workload_run({"--duration", "long"}), {"--duration", "long"}},
      {"HugeNumberDuration", workload_run({"--duration", "1e400"}), {"--duration", "1e400"}},
      {"NanDuration", workload_run({"--duration", "nan"}), {"--duration", "nan"}},
      {"DurationInDays", workload_run({"--duration", "3d"}), {"--duration", "3d"}},
      {"DurationOfDaysInSeconds", workload_run({"--duration", "300000s"}), {"--duration"}},
      {"DurationBelowTheClock", workload_run({"--duration", "1ns"}), {"--duration", "1ns"}},
      {"LongDurationOutOfRange",
       workload_run({"--duration", std::string(2000, '0') + "5000s"}),
       {"--duration", "characters)"}},
      {"HugeWarmup", workload_run({"--warmup", "100000s"}), {"--warmup"}},
      {"NegativeWarmup", workload_run({"--warmup", "-1"}), {"--warmup"}},
      // Repetitions.
      {"ZeroRepetitions", workload_run({"--repetitions", "0"}), {"--repetitions", "0"}},
      {"NegativeRepetitions", workload_run({"--repetitions", "-3"}), {"--repetitions", "-3"}},
      {"WordRepetitions", workload_run({"--repetitions", "abc"}), {"--repetitions", "abc"}},
      {"EmptyRepetitions", workload_run({"--repetitions", ""}), {"--repetitions"}},
      {"HugeRepetitions", workload_run({"--repetitions", "1e9"}), {"--repetitions"}},
      {"ZeroMaxRepetitions", workload_run({"--max-repetitions", "0"}), {"--max-repetitions"}},
      {"RunOfYears", workload_run({"--duration", "3600s", "--repetitions", "10000"}), {"days"}},
      // Placements and PUs.
      {"EmptyPuList", workload_run({"--placement", "list:"}), {"--placement"}},
      {"EmptyPlacement", workload_run({"--placement", ""}), {"--placement"}},
      {"UnknownPlacement", workload_run({"--placement", "diagonal"}), {"--placement", "diagonal"}},
      {"PuThatDoesNotExist", workload_run({"--placement", "4000"}), {"placement", "4000"}},
      {"PuListedTwice", workload_run({"--placement", "0,0"}), {"--placement", "twice"}},
      {"BackwardsPuRange", workload_run({"--placement", "1-0"}), {"--placement", "1-0"}},
      // Workloads and parameters.
      {"UnknownWorkload", {"run", "-w", "nope"}, {"--workload", "nope"}},
      {"EmptyWorkload", {"run", "-w", ""}, {"--workload"}},
      {"ParamWithoutEquals", workload_run({"--param", "order"}), {"--param", "order"}},
      {"ParamWithoutKey", workload_run({"--param", "=relaxed"}), {"--param"}},
      {"UnknownParam", workload_run({"--param", "zzz=1"}), {"--param", "zzz"}},
      {"BadParamValue", workload_run({"--param", "order=sideways"}), {"order", "sideways"}},
      {"EmptyParamValue", workload_run({"--param", "order="}), {"order"}},
      {"ParamWithoutWorkload", {"run", "--param", "order=relaxed"}, {"--param", "--workload"}},
      {"WorkloadAndScenario", workload_run({"array.json"}), {"--workload"}},
      {"NanNoiseThreshold", workload_run({"--noise-threshold", "nan"}), {"--noise-threshold"}},
      {"NegativeNoiseThreshold",
       workload_run({"--noise-threshold", "-1"}),
       {"--noise-threshold", "from 0 to 100"}},
      // Flags and subcommands.
      {"UnknownFlag", workload_run({"--frobnicate"}), {"--frobnicate"}},
      {"UnknownSubcommand", {"frobnicate"}, {"frobnicate"}},
      {"MissingFlagValue", {"run", "-w", "atomic_add", "--threads"}, {"--threads"}},
      // Results files to compare, and compare's flags (checked before the files are read).
      {"OverflowingNumberInResults",
       {"compare", "overflow-results.json", "overflow-results.json"},
       {"overflow-results.json"}},
      {"MissingResultsFile", {"compare", "missing.json", "missing.json"}, {"missing.json"}},
      {"HexMinEffect",
       {"compare", "existing.json", "existing.json", "--min-effect", "0x1"},
       {"--min-effect", "0x1"}},
      {"CompareOutputIsADirectory",
       {"compare", "existing.json", "existing.json", "--out", "results", "--force"},
       {"--out", "is a directory"}},
      {"CompareOutputExists",
       {"compare", "existing.json", "existing.json", "--out", "existing.json"},
       {"--out", "existing.json", "--force"}},
      // Output.
      {"OutputDirectoryMissing", workload_run({"--out", "nodir/"}), {"--out", "nodir"}},
      {"OutputNeitherJsonNorDirectory",
       workload_run({"--out", "results.txt"}),
       {"--out", "results.txt", "ending in .json"}},
      {"OutputFileInMissingDirectory", workload_run({"--out", "nodir/r.json"}), {"--out", "nodir"}},
      {"OutputFileExists", workload_run({"--out", "existing.json"}), {"existing.json", "--force"}},
      {"OutputUnderAFile", workload_run({"--out", "existing.json/r.json"}), {"not a directory"}},
      {"OutputNotWritable", workload_run({"--out", "/proc/r.json"}), {"--out", "/proc"}},
      {"OutputDirectoryNotWritable", workload_run({"--out", "/proc"}), {"--out", "/proc"}},
      {"EmptyOutput", workload_run({"--out", ""}), {"--out"}},
  };
  return cases;
}

// gtest names each case by its name rather than dumping its bytes.
void PrintTo(const BadInput& c, std::ostream* os) {
  *os << c.name;
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

// However much the user pasted, the one line stays readable.
constexpr std::size_t kMaxErrorChars = 400;

// Runs the case (through `launcher`, e.g. taskset) among scenario fixtures and earlier results,
// and checks everything a bad input must (not) do.
void expect_refused(const BadInput& c, const std::string& launcher = "") {
  const fs::path dir = testing::temp_dir("bad-input-" + c.name);
  for (const auto& [name, content] : scenario_fixtures()) write(dir / name, content);
  for (const auto& [name, content] : earlier_results()) write(dir / name, content);
  const auto before = snapshot(dir);

  // `timeout` turns a hang into a failure rather than a stuck test.
  std::string command = launcher + "timeout -s KILL 60 " + shell_quote(CONTEND_BINARY);
  for (const auto& arg : c.args) command.append(" ").append(shell_quote(arg));
  const CliResult r = run_shell(command, dir);

  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_LT(r.err.size(), kMaxErrorChars) << "a message quotes too much: " << r.err;
  EXPECT_EQ(r.err.rfind("contend: error: ", 0), 0u) << r.err;
  for (const auto& mention : c.mentions) {
    EXPECT_NE(r.err.find(mention), std::string::npos)
        << "should name '" << mention << "': " << r.err;
  }
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(snapshot(dir), before) << "files were created or changed";
  fs::remove_all(dir);
}

TEST_P(BadInputTest, ExitsTwoWithOneLineNamingWhatWasWrongAndTouchesNothing) {
  expect_refused(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Cli, BadInputTest, ::testing::ValuesIn(bad_inputs()),
                         [](const ::testing::TestParamInfo<BadInput>& test_case) {
                           return test_case.param.name;
                         });

// A PU that exists but that this process may not use (a cpuset, a container, taskset).
TEST(CliBadInput, PuThatTheProcessMayNotUse) {
  if (std::system("taskset -c 0 true >/dev/null 2>&1") != 0 || sysconf(_SC_NPROCESSORS_ONLN) < 2) {
    GTEST_SKIP() << "needs taskset and two PUs";
  }
  expect_refused({"PuThatTheProcessMayNotUse",
                  workload_run({"-t", "1", "--placement", "1"}),
                  {"--placement", "PU 1", "not usable"}},
                 "taskset -c 0 ");
  expect_refused({"MoreThreadsThanTheProcessMayUse", workload_run({"-t", "2"}), {"--threads"}},
                 "taskset -c 0 ");
}

// --no-pin is not bad input: the run goes ahead and its results say placement was a wish.
TEST(CliFaults, NoPinResultsSayPlacementIsNotGuaranteed) {
  const fs::path dir = testing::temp_dir("no-pin");
  const CliResult r =
      testing::run_contend(workload_run({"-t", "1", "--no-pin", "--out", "r.json"}), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(dir / "r.json"));
  ASSERT_EQ(doc["points"].size(), 1u);
  const auto& point = doc["points"][0];
  EXPECT_FALSE(point["placement"]["pinned"].get<bool>());
  EXPECT_NE(point["warnings"].dump().find("placement not guaranteed"), std::string::npos)
      << point["warnings"].dump();
  fs::remove_all(dir);
}

// A scenario's name becomes part of the default file name: a '/' or '..' in it must not send
// the results out of results/ (or into a directory that does not exist, found after measuring).
TEST(CliFaults, ScenarioNameCannotLeaveTheResultsDirectory) {
  const fs::path dir = testing::temp_dir("name-escape");
  write(dir / "escape.json",
        R"({"name": "../../outside/x y", "defaults": {"threads": 1, "duration": "5ms",)"
        R"( "warmup": 0, "repetitions": 1}, "sweeps": [{"workload": "atomic_add"}]})");
  const CliResult r = testing::run_contend({"run", "escape.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> written;
  for (const auto& entry : fs::directory_iterator(dir / "results")) {
    written.push_back(entry.path().filename().string());
  }
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].rfind("_._.._outside_x_y-", 0), 0u) << written[0];
  EXPECT_FALSE(fs::exists(dir.parent_path() / "outside"));
  fs::remove_all(dir);
}

// The console is a courtesy; the results file is the product. A closed stderr or a full stdout
// (cron, a hung-up ssh session, `> /dev/full`) must neither abort the run nor lose its file.
TEST(CliFaults, AClosedOrFullConsoleDoesNotCostTheResults) {
  const fs::path dir = testing::temp_dir("closed-console");
  for (const char* redirect : {" 2>&-", " >/dev/full 2>/dev/full", " >&- 2>&-"}) {
    std::string command = shell_quote(CONTEND_BINARY);
    for (const auto& arg : workload_run({"-t", "1", "--out", "r.json", "--force"})) {
      command.append(" ").append(shell_quote(arg));
    }
    const CliResult r = run_shell(command + redirect, dir);
    EXPECT_EQ(r.exit_code, 0) << redirect;
    EXPECT_TRUE(nlohmann::json::accept(slurp(dir / "r.json"))) << redirect;
    fs::remove(dir / "r.json");
  }
  fs::remove_all(dir);
}

// --force replaces an existing --out file, and only then.
TEST(CliFaults, ForceReplacesTheExistingOutputFile) {
  const fs::path dir = testing::temp_dir("force");
  write(dir / "r.json", "old");
  const CliResult r =
      testing::run_contend(workload_run({"-t", "1", "--out", "r.json", "--force"}), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::accept(slurp(dir / "r.json")));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace contend
