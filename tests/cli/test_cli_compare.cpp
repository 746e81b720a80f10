// `contend compare` as CI and people use it: several runs per side around --, the exit code
// of --fail-on with its one-line summary, c2c files, defaults shown in --help, refusals.
// Files are constructed (or short real c2c runs); verdicts follow from constructed figures,
// never from timings.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../unit/test_compare_fixture.hpp"
#include "cli_runner.hpp"

namespace contend {
namespace {

using nlohmann::json;
using testing::fake_c2c;
using testing::fake_results;
using testing::FakePoint;
using testing::line_count;
using testing::run_contend;
using testing::slurp;
using testing::temp_dir;

// A results file with one point whose repetitions sit steadily at `level` ops/s.
void write_run(const std::filesystem::path& path, double level) {
  FakePoint p;
  p.ops_per_sec = {level, level * 1.001, level * 0.999, level * 1.0005, level * 0.9995};
  std::ofstream(path) << fake_results({p}).dump(2);
}

std::filesystem::path runs_dir() {
  const auto dir = temp_dir("compare-runs");
  write_run(dir / "a1.json", 100);
  write_run(dir / "a2.json", 104);
  write_run(dir / "b1.json", 102);
  write_run(dir / "b2.json", 101);
  write_run(dir / "slow.json", 50);
  return dir;
}

TEST(CliCompareRuns, RunsBeforeAndAfterTheSeparatorAreTwoSides) {
  const auto dir = runs_dir();
  const auto r = run_contend(
      {"compare", "--format", "json", "a1.json", "a2.json", "--", "b1.json", "b2.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);
  EXPECT_EQ(report["files"], json({"A1", "A2", "B1", "B2"}));
  EXPECT_EQ(report["baseline"]["files"], json({"a1.json", "a2.json"}));
  EXPECT_EQ(report["candidates"].size(), 1u);
  ASSERT_EQ(report["rows"].size(), 1u);
  EXPECT_EQ(report["rows"][0]["verdict"], "within_noise");
  EXPECT_EQ(report["rows"][0]["run_spread"]["baseline"]["runs"], 2);
  EXPECT_DOUBLE_EQ(report["rows"][0]["baseline_median"].get<double>(), 102);

  // Today's form still gives one side per file.
  const auto plain =
      run_contend({"compare", "--format", "json", "a1.json", "b1.json", "b2.json"}, dir);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(json::parse(plain.out)["candidates"].size(), 2u);
}

TEST(CliCompareRuns, FailOnGatesTheExitCodeWithOneLine) {
  const auto dir = runs_dir();
  auto r = run_contend({"compare", "--fail-on", "slower", "a1.json", "slow.json"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("1 slower"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--fail-on slower: FAIL"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("slower"), std::string::npos) << r.out;  // the report is still printed

  r = run_contend({"compare", "--fail-on", "slower", "a1.json", "a1.json"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("--fail-on slower: pass"), std::string::npos) << r.err;
  EXPECT_EQ(run_contend({"compare", "--fail-on", "faster", "a1.json", "slow.json"}, dir).exit_code,
            0);
  EXPECT_EQ(run_contend({"compare", "--fail-on", "any", "slow.json", "a1.json"}, dir).exit_code, 1);
  EXPECT_EQ(run_contend({"compare", "a1.json", "slow.json"}, dir).exit_code, 0);  // no gate
}

TEST(CliCompareRuns, RefusalsAreOneLineAndExit2) {
  const auto dir = runs_dir();
  auto expect_bad_input = [](const testing::CliResult& r, const std::string& mention) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(line_count(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(mention), std::string::npos) << r.err;
  };
  expect_bad_input(run_contend({"compare", "--fail-on", "worse", "a1.json", "b1.json"}, dir),
                   "--fail-on");
  expect_bad_input(run_contend({"compare", "--run-spread", "100", "a1.json", "b1.json"}, dir),
                   "--run-spread");
  expect_bad_input(run_contend({"compare", "--pair", "stride:8", "a1.json", "b1.json"}, dir),
                   "--pair");
  expect_bad_input(run_contend({"compare", "a1.json", "--"}, dir), "at least two results files");
  expect_bad_input(run_contend({"topo", "--", "b1.json"}, dir), "not expected: b1.json");
  std::ofstream(dir / "c2c.json") << fake_c2c({{"core", 30}}).dump();
  expect_bad_input(run_contend({"compare", "a1.json", "c2c.json"}, dir),
                   "a1.json is a run file and c2c.json a c2c file");
}

TEST(CliCompareRuns, HelpShowsTheDefaults) {
  const auto r = run_contend({"compare", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* shown : {"--min-effect TEXT=2%", "--run-spread TEXT=5%", "FLOAT=0.95", "=2000",
                            "--fail-on", "=never", "a1.json a2.json -- b1.json b2.json"}) {
    EXPECT_NE(r.out.find(shown), std::string::npos) << shown << " not in\n" << r.out;
  }
}

// What `contend c2c` writes compares: two short runs on PUs 0 and 1, one level each.
TEST(CliCompareRuns, TwoC2cFilesCompare) {
  const auto dir = temp_dir("compare-c2c");
  for (const char* out : {"k1.json", "k2.json"}) {
    const auto r = run_contend(
        {"c2c", "--cpus", "0,1", "--samples", "20", "--round-trips", "16", "--out", out}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto r = run_contend({"compare", "--format", "json", "k1.json", "k2.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);
  EXPECT_EQ(report["metric"], "one_way_ns");
  EXPECT_EQ(report["higher_is_better"], false);
  const json k1 = json::parse(slurp(dir / "k1.json"));
  ASSERT_EQ(report["rows"].size(), 1u);
  const json& row = report["rows"][0];
  EXPECT_EQ(row["workload"], "c2c");
  EXPECT_EQ(row["shared_level"], k1["c2c"]["pairs"][0]["shared_level"]);
  EXPECT_EQ(row["status"], "compared") << row.dump();
  EXPECT_EQ(row["baseline_median"], k1["c2c"]["pairs"][0]["one_way_ns_median"]);
}

}  // namespace
}  // namespace contend
