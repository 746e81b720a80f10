// Scenario files: parsing, expansion into points on synthetic machines, and the one-line
// errors that name the file and the key for every kind of mistake.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>

#include "platform/error.hpp"
#include "scenario/scenario.hpp"

namespace contend {
namespace {

const Topology& two_pus() {
  static const Topology t = Topology::load_synthetic("pack:1 core:2 pu:1");
  return t;
}
const Topology& big_smt() {
  static const Topology t = Topology::load_synthetic("pack:2 l3:2 core:4 pu:2");
  return t;
}

std::vector<MeasurementPoint> expand(const std::string& text, const Topology& topology = two_pus(),
                                     const SweepOverrides& overrides = {}) {
  return expand_scenario(parse_scenario(text, "s.json"), topology, overrides);
}

std::string one_sweep(const std::string& sweep) {
  return R"({"name": "t", "sweeps": [)" + sweep + "]}";
}

TEST(ScenarioParse, ReadsNameDescriptionDefaultsAndSweeps) {
  const Scenario s = parse_scenario(R"({
    "name": "fs", "description": "strides",
    "defaults": {"duration": "100ms", "repetitions": 3, "threads": [2]},
    "sweeps": [{"workload": "false_sharing", "params": {"stride": [8, 64], "op": "store"}},
               {"workload": "atomic_add", "warmup": 0}]
  })",
                                    "fs.json");
  EXPECT_EQ(s.name, "fs");
  EXPECT_EQ(s.description, "strides");
  EXPECT_EQ(s.file, "fs.json");
  ASSERT_EQ(s.sweeps.size(), 2u);
  EXPECT_EQ(s.sweeps[0].workload->name, "false_sharing");
  EXPECT_EQ(s.sweeps[0].params.at("stride").size(), 2u);
  EXPECT_EQ(s.sweeps[0].params.at("op").size(), 1u);  // a scalar is a list of one
  EXPECT_DOUBLE_EQ(*s.defaults.duration_s, 0.1);
  EXPECT_EQ(*s.defaults.repetitions, 3);
  EXPECT_DOUBLE_EQ(*s.sweeps[1].settings.warmup_s, 0.0);
}

TEST(ScenarioExpand, ParameterProductTimesThreadsTimesPlacements) {
  const auto points = expand(one_sweep(R"({"workload": "false_sharing",
      "params": {"stride": [8, 64], "op": ["atomic_add", "store"]},
      "threads": [1, 2], "placements": ["compact"]})"));
  ASSERT_EQ(points.size(), 8u);
  std::set<std::string> seen;
  for (const auto& p : points) {
    seen.insert(p.params.to_text() + " t" + std::to_string(p.threads));
    EXPECT_EQ(p.placement.pus.size(), static_cast<std::size_t>(p.threads));
  }
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_EQ(points.front().params.to_text(), "op=atomic_add stride=8");
  EXPECT_EQ(points.front().threads, 1);
  EXPECT_EQ(points.back().params.to_text(), "op=store stride=64");
  EXPECT_EQ(points.back().threads, 2);
}

TEST(ScenarioExpand, SweepBeatsDefaultsAndFlagsBeatBoth) {
  const std::string text = R"({"name": "t",
    "defaults": {"duration": "300ms", "repetitions": 7, "threads": [1]},
    "sweeps": [{"workload": "atomic_add", "duration": "50ms"}, {"workload": "mutex"}]})";
  const auto points = expand(text);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_DOUBLE_EQ(points[0].duration_s, 0.05);
  EXPECT_DOUBLE_EQ(points[1].duration_s, 0.3);
  EXPECT_EQ(points[1].repetitions, 7);
  EXPECT_DOUBLE_EQ(points[1].warmup_s, kDefaultWarmup_s);  // nobody said: built-in default

  SweepOverrides flags;
  flags.settings.duration_s = 0.01;
  flags.settings.threads = std::vector<std::string>{"2"};
  const auto overridden = expand(text, two_pus(), flags);
  ASSERT_EQ(overridden.size(), 2u);
  for (const auto& p : overridden) {
    EXPECT_DOUBLE_EQ(p.duration_s, 0.01);
    EXPECT_EQ(p.threads, 2);
  }
}

TEST(ScenarioExpand, PlacementsThatPickTheSamePusAreKeptOnce) {
  // At one thread compact and scatter both pick the first PU.
  const auto points = expand(
      one_sweep(
          R"({"workload": "mutex", "threads": [1, 2], "placements": ["compact", "scatter"]})"),
      big_smt());
  std::set<std::vector<int>> pus;
  for (const auto& p : points) EXPECT_TRUE(pus.insert(p.placement.pus).second);
  EXPECT_EQ(points.size(), 3u);  // 1 thread once, 2 threads compact (siblings) and scatter
}

TEST(ScenarioExpand, ThreadWordsResolveOnTheMachine) {
  const auto points =
      expand(one_sweep(R"({"workload": "mutex", "threads": ["pow2", "cores"]})"), big_smt());
  std::vector<int> counts;
  for (const auto& p : points) counts.push_back(p.threads);
  EXPECT_EQ(counts, (std::vector<int>{1, 2, 4, 8, 16, 32}));  // 16 cores, 32 PUs
}

TEST(ScenarioExpand, HomesAreAnAxisCheckedAgainstTheNodes) {
  const auto four_nodes = Topology::load_synthetic("pack:2 numa:2 core:2 pu:1");
  const auto points = expand(
      one_sweep(
          R"({"workload": "mutex", "threads": [2], "homes": ["first", "node:3", "interleave"]})"),
      four_nodes);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].home, MemoryHome{});
  EXPECT_EQ(points[1].home, (MemoryHome{MemoryHome::Kind::kNode, 3}));
  EXPECT_EQ(points[2].home.kind, MemoryHome::Kind::kInterleave);
  EXPECT_NE(describe(points[1]).find(", home node:3"), std::string::npos) << describe(points[1]);
  EXPECT_EQ(describe(points[0]).find("home"), std::string::npos);  // the default says nothing
  SweepOverrides flags;
  flags.settings.homes = std::vector<MemoryHome>{{MemoryHome::Kind::kNode, 4}};
  try {
    expand(one_sweep(R"({"workload": "mutex", "threads": [2]})"), four_nodes, flags);
    FAIL() << "node 4 of 4 accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--home: NUMA node 4 does not exist here (this machine has nodes 0, 1, 2, 3)");
  }
}

TEST(ScenarioExpand, OversubscribeFlagAllowsMoreThreadsThanPus) {
  SweepOverrides flags;
  flags.oversubscribe = true;
  const auto points =
      expand(one_sweep(R"({"workload": "mutex", "threads": [3]})"), two_pus(), flags);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_TRUE(points[0].placement.oversubscribed);
}

// Every mistake is an InputError whose single line names the file, the key, and what was
// expected.
struct BadCase {
  std::string label;
  std::string text;
  std::string expected_in_message;  // includes "s.json: <key>"
};

class ScenarioErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScenarioErrors, NameFileKeyAndExpectation) {
  const BadCase& c = GetParam();
  try {
    expand(c.text);
    FAIL() << c.label << ": no error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(c.expected_in_message), std::string::npos)
        << c.label << ": got '" << message << "'";
    EXPECT_EQ(message.find('\n'), std::string::npos) << c.label << ": not one line";
    EXPECT_EQ(message.rfind("s.json", 0), 0u) << c.label << ": does not start with the file";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Scenario, ScenarioErrors,
    ::testing::Values(
        BadCase{"malformed", R"({"name": "t", "sweeps": [}]})", "s.json: malformed JSON at line 1"},
        BadCase{"truncated", R"({"name": "t", "sweeps": [)", "s.json: the file ends too early"},
        BadCase{"not an object", "[1, 2]", "s.json: expected an object"},
        BadCase{"missing name", R"({"sweeps": [{"workload": "mutex"}]})",
                "s.json: missing key 'name'"},
        BadCase{"unknown top-level key", R"({"name": "t", "sweps": []})",
                "s.json: sweps: unknown key 'sweps' (expected one of: name, description"},
        BadCase{"name wrong type", R"({"name": 5, "sweeps": [{"workload": "mutex"}]})",
                "s.json: name: expected a string, got 5"},
        BadCase{"empty sweeps", R"({"name": "t", "sweeps": []})",
                "s.json: sweeps: expected a non-empty list of sweeps"},
        BadCase{"sweep not an object", one_sweep(R"("mutex")"),
                "s.json: sweeps[0]: expected an object"},
        BadCase{"missing workload", one_sweep(R"({"threads": [1]})"),
                "s.json: sweeps[0]: missing key 'workload'"},
        BadCase{"unknown sweep key", one_sweep(R"({"workload": "mutex", "thread": [1]})"),
                "s.json: sweeps[0].thread: unknown key 'thread'"},
        BadCase{
            "unknown workload", one_sweep(R"({"workload": "mutx"})"),
            "s.json: sweeps[0].workload: unknown workload 'mutx' (did you mean mutex? contend list "
            "shows all "},
        BadCase{"unknown parameter",
                one_sweep(R"({"workload": "false_sharing", "params": {"strid": [8]}})"),
                "s.json: sweeps[0].params: unknown parameter 'strid' (parameters: stride, op)"},
        BadCase{"parameter out of range",
                one_sweep(R"({"workload": "false_sharing", "params": {"stride": [8, 24]}})"),
                "s.json: sweeps[0].params: parameter 'stride': expected a power of two from 8 "
                "to 4096, got 24"},
        BadCase{"parameter not a choice",
                one_sweep(R"({"workload": "cas_limiter", "params": {"cas": "medium"}})"),
                "s.json: sweeps[0].params: parameter 'cas': expected one of weak|strong"},
        BadCase{"parameter wrong type",
                one_sweep(R"({"workload": "false_sharing", "params": {"stride": [8.5]}})"),
                "s.json: sweeps[0].params.stride: expected a whole number or a string"},
        BadCase{"empty parameter list",
                one_sweep(R"({"workload": "false_sharing", "params": {"stride": []}})"),
                "s.json: sweeps[0].params.stride: expected a non-empty list"},
        BadCase{"unknown home", one_sweep(R"({"workload": "mutex", "homes": ["near"]})"),
                "s.json: sweeps[0].homes: expected first, node:N"},
        BadCase{"home on a missing node",
                one_sweep(R"({"workload": "mutex", "homes": ["node:9"]})"),
                "s.json: sweeps[0].homes: NUMA node 9 does not exist here"},
        BadCase{"empty thread list", one_sweep(R"({"workload": "mutex", "threads": []})"),
                "s.json: sweeps[0].threads: expected a non-empty list"},
        BadCase{"thread count wrong type", one_sweep(R"({"workload": "mutex", "threads": [true]})"),
                "s.json: sweeps[0].threads: expected thread counts"},
        BadCase{"thread word unknown", one_sweep(R"({"workload": "mutex", "threads": ["many"]})"),
                "s.json: sweeps[0].threads: expected a thread count"},
        BadCase{"zero threads", one_sweep(R"({"workload": "mutex", "threads": [0]})"),
                "s.json: sweeps[0].threads: expected a number from 1"},
        BadCase{"more threads than PUs", one_sweep(R"({"workload": "mutex", "threads": [1, 3]})"),
                "s.json: sweeps[0].threads: 3 threads exceed the 2 usable PUs placement compact "
                "can use; lower the thread count or pass --oversubscribe"},
        BadCase{"more threads than PUs, from defaults",
                R"({"name": "t", "defaults": {"threads": [4]}, "sweeps": [{"workload": "mutex"}]})",
                "s.json: defaults.threads: 4 threads exceed the 2 usable PUs"},
        BadCase{"unknown placement",
                one_sweep(R"({"workload": "mutex", "placements": ["diagonal"]})"),
                "s.json: sweeps[0].placements: expected compact, cores, scatter, smt"},
        BadCase{"smt without siblings",
                one_sweep(R"({"workload": "mutex", "placements": ["smt"]})"),
                "s.json: sweeps[0].placements: placement smt: no core has two usable PUs"},
        BadCase{"PU list naming a missing PU",
                one_sweep(R"({"workload": "mutex", "placements": ["0,7"]})"),
                "s.json: sweeps[0].placements: placement: PU 7 does not exist"},
        BadCase{"empty placement list", one_sweep(R"({"workload": "mutex", "placements": []})"),
                "s.json: sweeps[0].placements: expected a non-empty list"},
        BadCase{"bad duration", one_sweep(R"({"workload": "mutex", "duration": "fast"})"),
                "s.json: sweeps[0].duration: expected a positive duration"},
        BadCase{"negative duration", one_sweep(R"({"workload": "mutex", "duration": -1})"),
                "s.json: sweeps[0].duration: expected a positive duration in seconds"},
        BadCase{"repetitions as text", one_sweep(R"({"workload": "mutex", "repetitions": "5"})"),
                "s.json: sweeps[0].repetitions: expected a whole number from 1 to"},
        BadCase{"zero repetitions", one_sweep(R"({"workload": "mutex", "repetitions": 0})"),
                "s.json: sweeps[0].repetitions: expected a whole number from 1 to"},
        BadCase{
            "unknown defaults key",
            R"({"name": "t", "defaults": {"workload": "mutex"}, "sweeps": [{"workload": "mutex"}]})",
            "s.json: defaults.workload: unknown key 'workload'"}),
    [](const ::testing::TestParamInfo<BadCase>& test_case) {
      std::string name;
      for (char c : test_case.param.label)
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

// One range check for files and flags: what the user wrote is quoted as the caller shows it.
TEST(ScenarioDuration, RangeCheckNamesTheKeyAndQuotesWhatWasWritten) {
  EXPECT_NO_THROW(check_duration_range(kMinDuration_s, "--duration", "'1ms'"));
  EXPECT_NO_THROW(check_duration_range(kMaxDuration_s, "--duration", "'3600s'"));
  for (const double bad : {kMinDuration_s / 2, kMaxDuration_s * 2, std::nan("")}) {
    try {
      check_duration_range(bad, "s.json: sweeps[0].duration", "\"2h\"");
      FAIL() << "accepted " << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()),
                "s.json: sweeps[0].duration: expected a duration from 1ms to 3600s, got \"2h\"");
    }
  }
}

TEST(ScenarioLoad, MissingFileIsAnInputErrorNamingIt) {
  try {
    load_scenario("/nonexistent/dir/nope.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/nope.json: cannot read"),
              std::string::npos)
        << e.what();
  }
}

TEST(ScenarioLoad, UnknownNameSaysWhereItLooked) {
  try {
    load_scenario("no_such_scenario_name");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("scenario 'no_such_scenario_name'"), std::string::npos)
        << e.what();
  }
}

// The files we ship: each parses, expands on a 2-PU machine and on a bigger SMT one, and the
// default suite stays short on two cores.
std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(CONTEND_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ShippedScenarios, EveryFileParsesAndExpands) {
  const auto files = shipped_scenarios();
  std::set<std::string> names;
  for (const auto& f : files) names.insert(f.stem().string());
  for (const char* family :
       {"default", "counter", "false_sharing", "cas_limiter", "read_mostly", "locks"}) {
    EXPECT_TRUE(names.count(family)) << "scenarios/" << family << ".json missing";
  }
  for (const auto& file : files) {
    const Scenario s = load_scenario(file.string());
    EXPECT_EQ(s.name, file.stem().string()) << file;
    EXPECT_FALSE(s.description.empty()) << file;
    EXPECT_FALSE(expand_scenario(s, two_pus(), {}).empty()) << file;
    EXPECT_FALSE(expand_scenario(s, big_smt(), {}).empty()) << file;
  }
}

TEST(ShippedScenarios, DefaultTouchesEveryFamilyAndStaysUnderAMinuteOnTwoCores) {
  const Scenario s = load_scenario(
      (std::filesystem::path(CONTEND_SOURCE_DIR) / "scenarios" / "default.json").string());
  const auto points = expand_scenario(s, two_pus(), {});
  std::set<std::string> families;
  for (const auto& p : points) families.insert(p.workload->family);
  // One point per question of the decision guide (cas_window's crossover needs guide.json's
  // sweep), besides the first round's families.
  EXPECT_EQ(families,
            (std::set<std::string>{"counter", "false_sharing", "cas_limiter", "read_mostly",
                                   "locks", "multiword", "handoff", "signal"}));
  EXPECT_LT(estimated_seconds(points), 45.0);
}

// Issue 7: on a machine with N PUs the default suite grows with the number of pow2 steps,
// log2(N), not with N or N squared: each doubling of the machine adds at most one thread count
// to each (workload, parameters, placement) line of the suite.
TEST(ShippedScenarios, DefaultGrowsWithTheLogarithmOfThePuCount) {
  const Scenario s = load_scenario(
      (std::filesystem::path(CONTEND_SOURCE_DIR) / "scenarios" / "default.json").string());
  std::size_t previous = 0;
  std::vector<MeasurementPoint> points;
  for (int cores_per_l3 = 1; cores_per_l3 <= 64; cores_per_l3 *= 2) {  // 2 to 128 PUs
    const std::string machine = fmt::format("pack:1 l3:2 core:{} pu:1", cores_per_l3);
    points = expand_scenario(s, Topology::load_synthetic(machine), {});
    std::set<std::string> lines;
    for (const auto& p : points) {
      lines.insert(p.workload->name + p.params.to_text() + p.placement.spec.name());
    }
    if (previous != 0) {
      EXPECT_GE(points.size(), previous) << machine;
      EXPECT_LE(points.size(), previous + lines.size()) << machine;
    }
    previous = points.size();
  }
  // 128 PUs: still a suite of minutes, not hours.
  EXPECT_LT(estimated_seconds(points), 10 * 60.0);
}

TEST(ShippedScenarios, FalseSharingComparesPackedAndPaddedAtTwoThreads) {
  const Scenario s = load_scenario(
      (std::filesystem::path(CONTEND_SOURCE_DIR) / "scenarios" / "false_sharing.json").string());
  std::set<std::int64_t> strides;
  for (const auto& p : expand_scenario(s, two_pus(), {})) {
    if (p.threads == 2) strides.insert(p.params.integer("stride"));
  }
  for (std::int64_t stride : {8, 64, 128}) EXPECT_TRUE(strides.count(stride)) << stride;
}

}  // namespace
}  // namespace contend
