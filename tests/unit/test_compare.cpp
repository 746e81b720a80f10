// Comparing results files: ratios, intervals and verdicts on known data, failed and missing
// points, per-family summaries, context differences and the three output formats.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "compare/compare_json.hpp"
#include "compare/comparison.hpp"
#include "compare/table.hpp"
#include "platform/error.hpp"
#include "test_compare_fixture.hpp"

namespace contend {
namespace {

using testing::fake_file;
using testing::fake_results;
using testing::FakePoint;
using testing::scaled;

FakePoint point(int threads, std::vector<double> ops, bool ok = true) {
  FakePoint p;
  p.threads = threads;
  p.level = threads == 1 ? "pu" : "numa";
  p.ops_per_sec = std::move(ops);
  p.ok = ok;
  return p;
}

// A varied scenario: several thread counts, noisy repetitions, two families.
std::vector<FakePoint> scenario() {
  std::vector<FakePoint> points = {point(1, {100, 93, 108, 101, 97}),
                                   point(2, {55, 61, 49, 58, 52}),
                                   point(4, {30.5, 31, 29, 33, 30})};
  FakePoint padded = point(2, {400, 410, 380, 405, 395});
  padded.workload = "padded";
  padded.family = "false_sharing";
  padded.params = {{"stride", 64}};
  points.push_back(padded);
  return points;
}

TEST(CompareVerdict, NeedsBothAnIntervalExcludingOneAndAPracticalEffect) {
  EXPECT_EQ(judge({1.10, 1.05, 1.15}, 0.02, true), Verdict::kFaster);
  EXPECT_EQ(judge({1.10, 1.05, 1.15}, 0.02, false), Verdict::kSlower);
  EXPECT_EQ(judge({0.90, 0.85, 0.95}, 0.02, true), Verdict::kSlower);
  EXPECT_EQ(judge({0.90, 0.85, 0.95}, 0.02, false), Verdict::kFaster);
  EXPECT_EQ(judge({1.10, 0.99, 1.15}, 0.02, true), Verdict::kWithinNoise);    // interval has 1
  EXPECT_EQ(judge({1.01, 1.005, 1.015}, 0.02, true), Verdict::kWithinNoise);  // too small
  EXPECT_EQ(judge({1.01, 1.005, 1.015}, 0.0, true), Verdict::kFaster);
  EXPECT_EQ(judge({1.0, 1.0, 1.0}, 0.0, true), Verdict::kWithinNoise);
}

TEST(Compare, IdenticalInputsAreAlwaysWithinNoise) {
  const std::vector<ResultsFile> files = {fake_file(scenario(), "a.json"),
                                          fake_file(scenario(), "b.json")};
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CompareOptions options;
    options.min_effect = 0;  // even with no practical threshold
    options.bootstrap.seed = seed;
    const Comparison c = compare_results(files, options);
    ASSERT_EQ(c.rows.size(), scenario().size());
    for (const auto& row : c.rows) {
      ASSERT_EQ(row.cells.size(), 1u);
      EXPECT_EQ(row.cells[0].status, CellStatus::kCompared);
      EXPECT_EQ(row.cells[0].verdict, Verdict::kWithinNoise) << row.baseline->label();
      EXPECT_DOUBLE_EQ(row.cells[0].estimate.interval.ratio, 1);
    }
    for (const auto& f : c.families) EXPECT_DOUBLE_EQ(f.geomean_ratio, 1);
  }
}

TEST(Compare, DoubledThroughputIsFasterAndHalvedNsPerOpToo) {
  const std::vector<double> tight = {100, 101, 99, 100, 102};
  const std::vector<ResultsFile> files = {fake_file({point(1, tight)}, "a.json"),
                                          fake_file({point(1, scaled(tight, 2))}, "b.json")};
  CompareOptions within_runs;  // no spread between runs credited: the repetitions' interval
  within_runs.run_spread = 0;
  Comparison c = compare_results(files, within_runs);
  const Cell& cell = c.rows.at(0).cells.at(0);
  EXPECT_EQ(cell.status, CellStatus::kCompared);
  EXPECT_DOUBLE_EQ(cell.estimate.interval.ratio, 2);
  EXPECT_GT(cell.estimate.interval.low, 1.9);
  EXPECT_LT(cell.estimate.interval.high, 2.1);
  EXPECT_EQ(cell.verdict, Verdict::kFaster);
  EXPECT_DOUBLE_EQ(cell.estimate.baseline, 100);
  EXPECT_DOUBLE_EQ(cell.estimate.candidate, 200);

  // The default credits each side 5% between runs: wider, and still clearly faster.
  c = compare_results(files, {});
  const RatioInterval& wide = c.rows[0].cells[0].estimate.interval;
  EXPECT_LT(wide.low, 1.9);
  EXPECT_GT(wide.high, 2.1);
  EXPECT_GT(wide.low, 1.5);
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kFaster);
  EXPECT_EQ(c.rows[0].cells[0].estimate.baseline_spread.source, SpreadSource::kAssumed);

  CompareOptions ns;
  ns.metric = "ns_per_op";
  c = compare_results(files, ns);
  EXPECT_FALSE(c.higher_better);
  EXPECT_NEAR(c.rows[0].cells[0].estimate.interval.ratio, 0.5, 1e-12);
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kFaster);

  // Swapped: the candidate is the slow one.
  const std::vector<ResultsFile> swapped = {files[1], files[0]};
  c = compare_results(swapped, {});
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kSlower);
  EXPECT_DOUBLE_EQ(c.families[0].geomean_ratio, 0.5);
  EXPECT_EQ(c.families[0].slower, 1);
}

TEST(Compare, OverlappingNoisyRepetitionsAreWithinNoise) {
  const std::vector<ResultsFile> files = {fake_file({point(1, {100, 80, 120, 95, 110})}, "a.json"),
                                          fake_file({point(1, {105, 85, 125, 90, 112})}, "b.json")};
  const Comparison c = compare_results(files, {});
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kWithinNoise);
  EXPECT_LE(c.rows[0].cells[0].estimate.interval.low, 1);
  EXPECT_GE(c.rows[0].cells[0].estimate.interval.high, 1);
}

TEST(Compare, FailedPointsAreNeverComparedAsNumbers) {
  const std::vector<ResultsFile> files = {
      fake_file({point(1, {100, 100, 100}), point(2, {50, 50, 50}, false)}, "a.json"),
      fake_file({point(1, {300, 300, 300}, false), point(2, {50, 50, 50})}, "b.json")};
  const Comparison c = compare_results(files, {});
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].cells[0].status, CellStatus::kFailed);
  EXPECT_NE(c.rows[0].cells[0].reason.find("failed in B"), std::string::npos);
  EXPECT_EQ(c.rows[1].cells[0].status, CellStatus::kFailed);
  EXPECT_NE(c.rows[1].cells[0].reason.find("failed in A"), std::string::npos);
  EXPECT_EQ(c.families[0].not_compared, 2);
  EXPECT_EQ(c.families[0].geomean_ratio, 0);

  const auto json = comparison_json(c);
  for (const auto& row : json["rows"]) {
    EXPECT_TRUE(row["ratio"].is_null());
    EXPECT_TRUE(row["ci_low"].is_null());
    EXPECT_TRUE(row["verdict"].is_null());
    EXPECT_EQ(row["status"], "failed");
  }
  const std::string text = render_text(c, TextFormat::kConsole);
  EXPECT_EQ(text.find("300"), std::string::npos) << text;  // the failed figure never shows
}

TEST(Compare, PointsInOneFileOnlyAreListed) {
  const std::vector<ResultsFile> files = {
      fake_file({point(1, {100, 100, 100}), point(2, {50, 50, 50})}, "a.json"),
      fake_file({point(1, {100, 100, 100}), point(4, {25, 25, 25})}, "b.json")};
  const Comparison c = compare_results(files, {});
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[1].cells[0].status, CellStatus::kMissing);
  EXPECT_EQ(c.rows[1].cells[0].reason, "not in B");
  ASSERT_EQ(c.only_in_candidate.at(0).size(), 1u);
  EXPECT_EQ(c.only_in_candidate[0][0].point->threads, 4);
  ASSERT_EQ(c.families.size(), 1u);
  EXPECT_EQ(c.families[0].within_noise, 1);
  EXPECT_EQ(c.families[0].not_compared, 1);
  EXPECT_EQ(c.families[0].only_in_candidate, 1);

  const std::string text = render_text(c, TextFormat::kConsole);
  EXPECT_NE(text.find("Only in B"), std::string::npos) << text;
  EXPECT_NE(text.find("atomic_add order=relaxed, 4 threads, numa (compact)"), std::string::npos)
      << text;
  EXPECT_EQ(comparison_json(c)["only_in_candidate"].size(), 1u);
}

// Every figure the table prints is in the JSON: the baseline median of a row whose candidate
// lacks the point, or has too few repetitions for an interval, is written, not null.
TEST(Compare, BaselineMedianShownWithoutACandidateIsInTheJson) {
  const std::vector<ResultsFile> files = {
      fake_file({point(1, {100, 100, 100}), point(2, {57.5, 50, 60}), point(4, {42.5})}, "a.json"),
      fake_file({point(1, {100, 100, 100}), point(4, {30, 31})}, "b.json")};
  const Comparison c = compare_results(files, {});
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[1].cells[0].status, CellStatus::kMissing);
  EXPECT_EQ(c.rows[2].cells[0].status, CellStatus::kNotComparable);
  const auto rows = comparison_json(c)["rows"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["baseline_median"], 100);
  EXPECT_EQ(rows[1]["baseline_median"], 57.5);
  EXPECT_EQ(rows[2]["baseline_median"], 42.5);
  EXPECT_TRUE(rows[1]["candidate_median"].is_null());
  const std::string text = render_text(c, TextFormat::kConsole);
  EXPECT_NE(text.find("57.5"), std::string::npos) << text;
  EXPECT_NE(text.find("42.5"), std::string::npos) << text;
  EXPECT_EQ(text.find("30.5"), std::string::npos) << text;  // B's figure: not compared, not shown

  // A failed baseline point has no median, in either output.
  const std::vector<ResultsFile> failed = {fake_file({point(1, {77, 77, 77}, false)}, "a.json"),
                                           fake_file({point(1, {100, 100, 100})}, "b.json")};
  const Comparison f = compare_results(failed, {});
  EXPECT_FALSE(f.rows[0].baseline_median.has_value());
  EXPECT_TRUE(comparison_json(f)["rows"][0]["baseline_median"].is_null());
  EXPECT_EQ(render_text(f, TextFormat::kConsole).find("77"), std::string::npos);
}

TEST(Compare, TooFewRepetitionsGiveNoVerdict) {
  const std::vector<ResultsFile> files = {fake_file({point(1, {100})}, "a.json"),
                                          fake_file({point(1, {300, 310})}, "b.json")};
  const Comparison c = compare_results(files, {});
  EXPECT_EQ(c.rows[0].cells[0].status, CellStatus::kNotComparable);
  EXPECT_NE(c.rows[0].cells[0].reason.find("repetitions"), std::string::npos);
}

TEST(Compare, SeveralCandidatesEachGetACellAndASummary) {
  const std::vector<double> tight = {100, 101, 99, 100, 102};
  const std::vector<ResultsFile> files = {
      fake_file({point(1, tight)}, "a.json", "one"),
      fake_file({point(1, scaled(tight, 0.5))}, "b.json", "two"),
      fake_file({point(1, tight)}, "c.json", "three")};
  const Comparison c = compare_results(files, {});
  ASSERT_EQ(c.rows[0].cells.size(), 2u);
  EXPECT_EQ(c.rows[0].cells[0].verdict, Verdict::kSlower);
  EXPECT_EQ(c.rows[0].cells[1].verdict, Verdict::kWithinNoise);
  ASSERT_EQ(c.families.size(), 2u);
  EXPECT_EQ(c.families[1].candidate, 1u);
  EXPECT_EQ(c.names[1], "Test CPU 9000 (two)");
  EXPECT_EQ(comparison_json(c)["rows"].size(), 2u);
}

TEST(Compare, BadOptionsAndTooFewFilesAreInputErrors) {
  const ResultsFile a = fake_file(scenario(), "a.json");
  EXPECT_THROW(compare_results({a}, {}), InputError);
  CompareOptions metric;
  metric.metric = "opz_per_sec";
  EXPECT_THROW(compare_results({a, a}, metric), InputError);
  CompareOptions pair;
  pair.match.pairs = {WorkloadPair::parse("mutex=atomic_add", "--pair")};
  EXPECT_THROW(compare_results({a, a}, pair), InputError);  // no mutex in the baseline
}

TEST(Compare, PairHoldsOneWorkloadAgainstAnotherWithinOneFile) {
  const std::vector<double> tight = {100, 101, 99, 100, 102};
  FakePoint mutex = point(2, tight);
  mutex.workload = "mutex";
  mutex.params = nlohmann::json::object();
  const ResultsFile run = fake_file({mutex, point(2, scaled(tight, 4))}, "run.json");
  const std::vector<ResultsFile> files = {run, run};
  CompareOptions options;
  options.match.pairs = {WorkloadPair::parse("mutex=atomic_add", "--pair")};
  const Comparison c = compare_results(files, options);
  ASSERT_EQ(c.rows.size(), 1u);  // the baseline's atomic_add point is set aside
  EXPECT_EQ(c.rows[0].baseline->workload, "mutex");
  const Cell& cell = c.rows[0].cells[0];
  EXPECT_EQ(cell.point->workload, "atomic_add");
  EXPECT_DOUBLE_EQ(cell.estimate.interval.ratio, 4);
  EXPECT_EQ(cell.verdict, Verdict::kFaster);
  EXPECT_TRUE(c.only_in_candidate[0].empty());
  ASSERT_EQ(c.file_notes.size(), 1u);
  EXPECT_NE(c.file_notes[0].find("--pair set aside 1 point(s) of A and 1 of B"), std::string::npos);
}

TEST(Compare, NothingMatchingSaysWhatCouldHelp) {
  FakePoint mutex = point(1, {1, 2, 3});
  mutex.workload = "mutex";
  const std::vector<ResultsFile> files = {fake_file({mutex}, "a.json"),
                                          fake_file({point(1, {1, 2, 3})}, "b.json")};
  const Comparison c = compare_results(files, {});
  ASSERT_EQ(c.file_notes.size(), 1u);
  EXPECT_NE(c.file_notes[0].find("--pair"), std::string::npos);
}

TEST(Compare, SameMachineTwiceIsNamedApartByFile) {
  const std::vector<ResultsFile> files = {fake_file(scenario(), "runs/a.json"),
                                          fake_file(scenario(), "runs/b.json")};
  const Comparison c = compare_results(files, {});
  EXPECT_EQ(c.names[0], "Test CPU 9000 (box) [a.json]");
  EXPECT_EQ(c.names[1], "Test CPU 9000 (box) [b.json]");
  EXPECT_TRUE(c.context.empty());
}

TEST(Compare, ContextDifferencesThatMatterAreListed) {
  auto a = fake_results(scenario(), "host-a", "CPU A");
  auto b = fake_results(scenario(), "host-b", "CPU B");
  b["context"]["cpu"]["cache_line_bytes"] = 128;
  b["context"]["os"]["hypervisor"] = "KVM";
  b["context"]["os"]["load_average_1m"] = 3.5;  // changes every run: not a difference
  b["tool"]["build_type"] = "Debug";
  auto warning = [](const char* code, const char* text) {
    return nlohmann::json{{"code", code}, {"text", text}, {"figures", nlohmann::json::object()}};
  };
  b["warnings"] = {warning("debug_build", "Debug build: figures are not representative"),
                   warning("busy_machine", "machine busy at start: load average 3.50")};
  // json::array(): a one-element braced list of a json is a copy, not an array, for clang.
  a["warnings"] = nlohmann::json::array({warning("busy_machine", "machine busy: load 1.25")});
  b["run"]["interrupted"] = true;
  const std::vector<ResultsFile> files = {parse_results(a.dump(), "a.json"),
                                          parse_results(b.dump(), "b.json")};
  const Comparison c = compare_results(files, {});
  std::map<std::string, std::vector<std::string>> diffs;
  for (const auto& d : c.context) diffs[d.what] = d.values;
  EXPECT_EQ(diffs.size(), 4u);
  EXPECT_EQ(diffs["CPU model"], (std::vector<std::string>{"CPU A", "CPU B"}));
  EXPECT_EQ(diffs["cache line bytes"], (std::vector<std::string>{"64", "128"}));
  EXPECT_EQ(diffs["hypervisor"], (std::vector<std::string>{"none (bare metal)", "KVM"}));
  EXPECT_EQ(diffs["build type"], (std::vector<std::string>{"Release", "Debug"}));
  ASSERT_EQ(c.file_notes.size(), 2u);
  EXPECT_EQ(c.file_notes[0], "B was interrupted: it may lack points");
  EXPECT_NE(c.file_notes[1].find("B warns: Debug build"), std::string::npos);

  const std::string md = render_text(c, TextFormat::kMarkdown);
  EXPECT_NE(md.find("| cache line bytes | 64 | 128 |"), std::string::npos) << md;
  EXPECT_NE(md.find("A: CPU A (host-a) ops_per_sec"), std::string::npos) << md;
  EXPECT_NE(md.find("B: CPU B (host-b) ops_per_sec"), std::string::npos) << md;
  const auto json = comparison_json(c);
  EXPECT_EQ(json["kind"], "compare");
  EXPECT_EQ(json["baseline"]["machine"], "CPU A (host-a)");
  EXPECT_EQ(json["candidates"][0]["machine"], "CPU B (host-b)");
  EXPECT_EQ(json["context_differences"].size(), 4u);
}

TEST(Compare, RenderedFormatsCarryRowsAndFamilySummaries) {
  std::vector<FakePoint> faster = scenario();
  for (auto& p : faster) p.ops_per_sec = scaled(p.ops_per_sec, 3);
  const std::vector<ResultsFile> files = {fake_file(scenario(), "a.json"),
                                          fake_file(faster, "b.json")};
  const Comparison c = compare_results(files, {});
  const std::string console = render_text(c, TextFormat::kConsole);
  EXPECT_NE(console.find("counter: B/A geomean 3.000 over 3 points: 3 faster, 0 slower"),
            std::string::npos)
      << console;
  EXPECT_NE(console.find("false_sharing: B/A geomean 3.000 over 1 point: 1 faster"),
            std::string::npos)
      << console;
  // Parameters on the line under their row, so the columns fit 100 characters.
  EXPECT_NE(console.find("\npadded "), std::string::npos) << console;
  EXPECT_NE(console.find("\n  stride=64\n"), std::string::npos) << console;
  std::istringstream lines(console);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 100u) << line;
  const std::string md = render_text(c, TextFormat::kMarkdown);
  EXPECT_NE(md.find("| workload | threads | placement |"), std::string::npos) << md;
  EXPECT_NE(md.find("| --- | ---: |"), std::string::npos) << md;
  const auto json = comparison_json(c);
  ASSERT_EQ(json["rows"].size(), 4u);
  EXPECT_EQ(json["rows"][0]["verdict"], "faster");
  EXPECT_DOUBLE_EQ(json["rows"][0]["ratio"].get<double>(), 3);
  EXPECT_EQ(json["families"][0]["family"], "counter");
  EXPECT_DOUBLE_EQ(json["families"][0]["geomean_ratio"].get<double>(), 3);
}

}  // namespace
}  // namespace contend
