// Comparisons with several runs per side, the exit-code rule of --fail-on, directions read
// from the files, parameter pairs, c2c files by shared level, and the text people read.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "compare/compare_json.hpp"
#include "compare/comparison.hpp"
#include "compare/table.hpp"
#include "platform/error.hpp"
#include "test_compare_fixture.hpp"

namespace contend {
namespace {

using testing::as_version_1;
using testing::fake_c2c;
using testing::fake_file;
using testing::fake_results;
using testing::FakePair;
using testing::FakePoint;
using testing::scaled;

const std::vector<double> kSteady = {100, 100.5, 99.5, 100.2, 99.8};

FakePoint at(int threads, const std::vector<double>& ops) {
  FakePoint p;
  p.threads = threads;
  p.level = threads == 1 ? "pu" : "package";
  p.ops_per_sec = ops;
  return p;
}

ResultsFile run_file(double level, const std::string& name, int threads = 1) {
  return fake_file({at(threads, scaled(kSteady, level / 100))}, name);
}

TEST(CompareRuns, SidesOfSeveralRunsCompareTheirMediansOfMedians) {
  std::vector<Side> sides = {
      {run_file(100, "a1.json"), run_file(110, "a2.json")},
      {run_file(104, "b1.json"), run_file(106, "b2.json"), run_file(200, "b3.json")}};
  const Comparison c = compare_sides(std::move(sides), {});
  EXPECT_EQ(c.file_labels, (std::vector<std::string>{"A1", "A2", "B1", "B2", "B3"}));
  ASSERT_EQ(c.rows.size(), 1u);
  const Cell& cell = c.rows[0].cells.at(0);
  ASSERT_EQ(cell.status, CellStatus::kCompared);
  EXPECT_NEAR(cell.estimate.baseline, 105, 1e-9);   // median of 100 and 110
  EXPECT_NEAR(cell.estimate.candidate, 106, 1e-9);  // median of 104, 106, 200
  EXPECT_EQ(cell.estimate.baseline_spread.runs, 2);
  EXPECT_EQ(cell.estimate.candidate_spread.source, SpreadSource::kRuns);
  EXPECT_EQ(cell.verdict, Verdict::kWithinNoise);
  EXPECT_NEAR(*c.rows[0].baseline_median, 105, 1e-9);

  const auto json = comparison_json(c);
  EXPECT_EQ(json["compare_schema_version"], 2);
  EXPECT_EQ(json["baseline"]["files"], (nlohmann::json{"a1.json", "a2.json"}));
  EXPECT_EQ(json["candidates"][0]["files"].size(), 3u);
  EXPECT_EQ(json["rows"][0]["run_spread"]["candidate"]["source"], "runs");
  EXPECT_EQ(json["rows"][0]["run_spread"]["baseline"]["runs"], 2);
  EXPECT_EQ(json["run_spread_pct"], 5.0);
}

TEST(CompareRuns, AFailureInAnyRunFailsTheCellAndSaysWhichRun) {
  FakePoint failed = at(1, kSteady);
  failed.ok = false;
  std::vector<Side> sides = {{run_file(100, "a1.json"), fake_file({failed}, "a2.json")},
                             {run_file(100, "b.json")}};
  const Comparison c = compare_sides(std::move(sides), {});
  const Cell& cell = c.rows.at(0).cells.at(0);
  EXPECT_EQ(cell.status, CellStatus::kFailed);
  EXPECT_NE(cell.reason.find("failed in A2: verification failed"), std::string::npos)
      << cell.reason;
  EXPECT_FALSE(c.rows[0].baseline_median.has_value());
}

TEST(CompareRuns, RunsLackingPointsAreNoted) {
  std::vector<Side> sides = {
      {fake_file({at(1, kSteady), at(2, kSteady)}, "a1.json"), run_file(100, "a2.json")},
      {fake_file({at(1, kSteady), at(2, kSteady)}, "b.json")}};
  const Comparison c = compare_sides(std::move(sides), {});
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[1].cells[0].status, CellStatus::kCompared);  // over A1 alone
  EXPECT_EQ(c.rows[1].cells[0].estimate.baseline_spread.runs, 1);
  const bool noted = std::any_of(c.file_notes.begin(), c.file_notes.end(), [](const auto& n) {
    return n.find("A2 lacks 1 point(s) of A1") != std::string::npos;
  });
  EXPECT_TRUE(noted);
}

TEST(CompareRuns, EmptySidesAndMixedKindsAreRefused) {
  EXPECT_THROW(compare_sides({{run_file(100, "a.json")}, {}}, {}), InputError);
  EXPECT_THROW(compare_sides({{run_file(100, "a.json")}}, {}), InputError);
  const ResultsFile c2c = parse_results(fake_c2c({{"core", 30}}).dump(), "m.json");
  try {
    compare_results({run_file(100, "a.json"), c2c}, {});
    FAIL() << "a run file and a c2c file compared";
  } catch (const InputError& e) {
    EXPECT_STREQ(
        e.what(),
        "compare: a.json is a run file and m.json a c2c file: compare results of one kind");
  }
}

// One exit-code rule: 1 only when a compared cell has the verdict --fail-on names.
TEST(CompareRuns, FailOnDecidesTheExitCode) {
  const std::vector<ResultsFile> slower = {
      fake_file({at(1, kSteady), at(2, kSteady)}, "a.json"),
      fake_file({at(1, scaled(kSteady, 0.5)), at(2, kSteady)}, "b.json")};
  const std::vector<ResultsFile> same = {slower[0], slower[0]};
  auto code = [](const std::vector<ResultsFile>& files, FailOn fail_on) {
    CompareOptions options;
    options.fail_on = fail_on;
    return exit_code(compare_results(files, options));
  };
  EXPECT_EQ(code(slower, FailOn::kSlower), 1);
  EXPECT_EQ(code(slower, FailOn::kAny), 1);
  EXPECT_EQ(code(slower, FailOn::kFaster), 0);
  EXPECT_EQ(code(slower, FailOn::kNever), 0);
  EXPECT_EQ(code({slower[1], slower[0]}, FailOn::kFaster), 1);
  for (FailOn f : {FailOn::kSlower, FailOn::kFaster, FailOn::kAny}) EXPECT_EQ(code(same, f), 0);

  CompareOptions options;
  options.fail_on = FailOn::kSlower;
  const Comparison c = compare_results(slower, options);
  EXPECT_EQ(verdict_line(c),
            "contend compare: 2 ops_per_sec cells: 0 faster, 1 slower, 1 within noise, 0 not "
            "compared; --fail-on slower: FAIL");
  const Tally t = tally(c);
  EXPECT_EQ(t.slower, 1);
  EXPECT_EQ(t.within_noise, 1);
  EXPECT_EQ(comparison_json(c)["exit_code"], 1);
  EXPECT_EQ(comparison_json(c)["verdicts"]["slower"], 1);
}

// The file's metric table decides the direction; version 1 files fall back to the name rule.
TEST(CompareRuns, DirectionIsTheFilesNotTheNames) {
  auto doc = fake_results({at(1, kSteady)});
  // A metric a workload declares higher-is-better although its name ends in _per_op.
  for (auto& rep : doc["points"][0]["repetitions"]) rep["metrics"]["hits_per_op"] = 2.0;
  doc["metrics"]["hits_per_op"] = {{"unit", "1"}, {"better", "higher"}, {"description", "h"}};
  auto faster = doc;
  for (auto& rep : faster["points"][0]["repetitions"]) rep["metrics"]["hits_per_op"] = 4.0;
  CompareOptions options;
  options.metric = "hits_per_op";
  Comparison c = compare_results(
      {parse_results(doc.dump(), "a.json"), parse_results(faster.dump(), "b.json")}, options);
  EXPECT_TRUE(c.higher_better);
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kFaster);
  c = compare_results({parse_results(as_version_1(doc).dump(), "a.json"),
                       parse_results(as_version_1(faster).dump(), "b.json")},
                      options);
  EXPECT_FALSE(c.higher_better);  // version 1: the suffix rule
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kSlower);

  options.metric = "total_ops";  // declared "none": no verdict can follow
  const ResultsFile a = parse_results(doc.dump(), "a.json");
  try {
    compare_results({a, a}, options);
    FAIL() << "compared a metric without a direction";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--metric total_ops: the files say neither"),
              std::string::npos)
        << e.what();
  }
}

// --pair stride:8=64 holds one parameter value against another, within one file too.
TEST(CompareRuns, ParameterPairsCompareOneValueWithAnother) {
  auto stride = [](int bytes, double ops) {
    FakePoint p = at(2, scaled(kSteady, ops / 100));
    p.workload = "false_sharing";
    p.family = "false_sharing";
    p.params = {{"stride", bytes}, {"op", "atomic_add"}};
    return p;
  };
  const ResultsFile run = fake_file({stride(8, 100), stride(64, 400)}, "fs.json");
  CompareOptions options;
  options.match.pairs = {WorkloadPair::parse("stride:8=64", "--pair")};
  const Comparison c = compare_results({run, run}, options);
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].baseline->label(), "false_sharing op=atomic_add stride=8");
  const Cell& cell = c.rows[0].cells[0];
  EXPECT_EQ(cell.point->label(), "false_sharing op=atomic_add stride=64");
  EXPECT_NEAR(cell.estimate.interval.ratio, 4, 1e-9);
  EXPECT_EQ(cell.verdict, Verdict::kFaster);
  EXPECT_TRUE(c.only_in_candidate[0].empty());

  options.match.pairs = {WorkloadPair::parse("stride:16=64", "--pair")};
  EXPECT_THROW(compare_results({run, run}, options), InputError);  // no stride 16 in A
  EXPECT_EQ(WorkloadPair::parse("order:relaxed=seq_cst", "--pair").param, "order");
  EXPECT_EQ(WorkloadPair::parse("order:relaxed=seq_cst", "--pair").text(), "order:relaxed=seq_cst");
  for (const char* bad : {":a=b", "p:=b", "p:a=", "p:q:a=b"}) {
    EXPECT_THROW(WorkloadPair::parse(bad, "--pair"), InputError) << bad;
  }
}

// Two c2c files compare by relationship: per shared level, whatever the PU numbers.
TEST(CompareRuns, C2cFilesCompareBySharedLevel) {
  const ResultsFile a = parse_results(
      fake_c2c({{"core", 30}, {"core", 31}, {"package", 100}, {"package", 104}}).dump(), "a.json");
  const ResultsFile b = parse_results(
      fake_c2c({{"package", 210}, {"core", 30.5}, {"package", 200}}).dump(), "b.json");
  const Comparison c = compare_results({a, b}, {});
  EXPECT_EQ(c.metric, "one_way_ns");
  EXPECT_FALSE(c.higher_better);
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].baseline->shared_level, "core");
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kWithinNoise);
  EXPECT_EQ(c.rows[1].baseline->shared_level, "package");
  EXPECT_NEAR(c.rows[1].cells[0].estimate.interval.ratio, 205.0 / 102, 1e-9);
  EXPECT_EQ(c.rows[1].cells[0].verdict, Verdict::kSlower);  // twice the latency
  const std::string text = render_text(c, TextFormat::kConsole);
  EXPECT_NE(text.find("\n  mode=load_store"), std::string::npos) << text;
  EXPECT_NE(text.find("package (pairs)"), std::string::npos) << text;
}

TEST(CompareRuns, RunSettingsAreContextDifferences) {
  auto slow = fake_results({at(1, kSteady)});
  slow["points"][0]["duration_s"] = 1.0;
  slow["points"][0]["repetitions_requested"] = 10;
  const Comparison c = compare_results(
      {fake_file({at(1, kSteady)}, "a.json"), parse_results(slow.dump(), "b.json")}, {});
  std::map<std::string, std::vector<std::string>> diffs;
  for (const auto& d : c.context) diffs[d.what] = d.values;
  EXPECT_EQ(diffs.size(), 2u);
  EXPECT_EQ(diffs["duration"], (std::vector<std::string>{"100ms", "1s"}));
  EXPECT_EQ(diffs["repetitions"], (std::vector<std::string>{"5", "10"}));
}

// A warning present in every file is no difference, whether files name it by code (version 2)
// or only by text (version 1, figures blanked); one only some files have is a note.
TEST(CompareRuns, WarningsAreMatchedByCodeOrText) {
  auto warning = [](const char* code, const char* text) {
    return nlohmann::json{{"code", code}, {"text", text}, {"figures", nlohmann::json::object()}};
  };
  auto v2 = fake_results({at(1, kSteady)});
  // json::array(): a one-element braced list of a json is a copy, not an array, for clang.
  v2["warnings"] =
      nlohmann::json::array({warning("busy_machine", "machine busy at start: load average 3.10"),
                             warning("vm", "virtual machine (KVM)")});
  auto v1 = fake_results({at(1, kSteady)});
  v1["warnings"] =
      nlohmann::json::array({warning("busy_machine", "machine busy at start: load average 0.90")});
  const Comparison c = compare_results(
      {parse_results(as_version_1(v1).dump(), "old.json"), parse_results(v2.dump(), "new.json")},
      {});
  EXPECT_EQ(c.file_notes, std::vector<std::string>{"B warns: virtual machine (KVM)"});
}

// The method is printed wrapped, names the between-run rule, and the caveat sits next to the
// verdict counts.
TEST(CompareRuns, MethodTextIsWrappedAndStatesTheBetweenRunRule) {
  const Comparison c = compare_results({run_file(100, "a.json"), run_file(100, "b.json")}, {});
  const std::string text = render_text(c, TextFormat::kConsole);
  std::istringstream lines(text);
  std::string line;
  int before_points = 0;
  while (std::getline(lines, line) && line != "Points:") {
    EXPECT_LE(line.size(), 100u) << line;
    ++before_points;
  }
  EXPECT_GE(before_points, 3);
  for (const char* words : {"resampling runs, then the repetitions", "at least 5% (--run-spread)",
                            "at least 2% (--min-effect)"}) {
    EXPECT_NE(method_text(c).find(words), std::string::npos) << words;
  }
  const auto summary = text.find("Summary:");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_NE(text.find("counter: B/A geomean", summary), std::string::npos) << text;
  EXPECT_NE(text.find("Caveat: between runs", summary), std::string::npos) << text;
  EXPECT_EQ(comparison_json(c)["method"]["text"], method_text(c));
}

}  // namespace
}  // namespace contend
