// `contend c2c` and `contend compare` as a user runs them: the file each writes, the figures it
// prints and its one-line refusals. Timings are never asserted, only structure and invariants.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace contend {
namespace {

using nlohmann::json;
using testing::line_count;
using testing::run_contend;
using testing::slurp;
using testing::temp_dir;

// Exit 2, one line naming `mention`, nothing on stdout.
void expect_bad_input(const testing::CliResult& r, const std::string& mention) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(mention), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliC2c, WritesASymmetricMatrixOverTheUsablePus) {
  const auto dir = temp_dir("c2c");
  const auto r =
      run_contend({"c2c", "--cpus", "0,1", "--mode", "both", "--samples", "20", "--round-trips",
                   "16", "--seed", "7", "--sibling-probe", "--out", "c2c.json"},
                  dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(slurp(dir / "c2c.json"));
  EXPECT_EQ(doc["kind"], "c2c");
  EXPECT_EQ(doc["points"], json::array());
  const json& c2c = doc["c2c"];
  EXPECT_EQ(c2c["pus"], json::array({0, 1}));
  EXPECT_EQ(c2c["seed"], 7);
  EXPECT_EQ(c2c["modes"], json::array({"load_store", "cas"}));
  ASSERT_EQ(c2c["pairs"].size(), 2u);  // one pair, two modes
  for (const auto& pair : c2c["pairs"]) {
    EXPECT_EQ(pair["status"], "ok") << pair.dump();
    EXPECT_EQ(pair["samples"], 20);
    EXPECT_EQ(pair["round_trips_per_sample"], 16);
    EXPECT_GT(pair["one_way_ns_median"].get<double>(), 0.0);
    EXPECT_LE(pair["one_way_ns_min"].get<double>(), pair["one_way_ns_median"].get<double>());
  }
  for (const char* mode : {"load_store", "cas"}) {
    const json& matrix = c2c["by_mode"][mode]["matrix_ns_median"];
    ASSERT_EQ(matrix.size(), 2u) << mode;
    EXPECT_TRUE(matrix[0][0].is_null());  // a PU with itself is not measured
    EXPECT_EQ(matrix[0][1], matrix[1][0]) << mode;
  }
  // The console's matrix shows each mode's figure the file holds, to one decimal.
  for (const char* mode : {"load_store", "cas"}) {
    const double median = c2c["by_mode"][mode]["matrix_ns_median"][0][1].get<double>();
    const std::string heading = std::string(mode) + ": one-way latency, median";
    const auto at = r.out.find(heading);
    ASSERT_NE(at, std::string::npos) << r.out;
    EXPECT_NE(r.out.find(fmt::format(" {:.1f}", median), at), std::string::npos)
        << median << " not in " << r.out;
  }
  EXPECT_EQ(c2c["schedule"], "cores");
  // PUs 0 and 1 on different cores: the probe ran their one pair; one round of one pair, so the
  // re-check is skipped and says why.
  const json& probe = c2c["sibling_probe"];
  EXPECT_EQ(probe["status"], "done") << probe.dump();
  EXPECT_EQ(probe["samples"], 3);
  EXPECT_EQ(probe["round_trips"], 32);
  EXPECT_EQ(probe["pairs_probed"], probe["pairs_planned"]);
  EXPECT_LE(probe["pairs_planned"].get<int>(), 1);
  EXPECT_EQ(probe["hidden_siblings"], json::array());
  const json& recheck = c2c["serial_recheck"];
  EXPECT_EQ(recheck["status"], "skipped") << recheck.dump();
  EXPECT_EQ(recheck["reason"], "no round ran more than one pair");
  EXPECT_EQ(recheck["pairs"], json::array());
  const auto v = testing::validate_results(dir, "c2c.json");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(CliC2c, TheProbeRunsByDefaultUnderAHypervisorOnly) {
  const auto dir = temp_dir("c2c-probe-default");
  const auto r = run_contend(
      {"c2c", "--cpus", "0,1", "--samples", "5", "--round-trips", "16", "--out", "c2c.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(slurp(dir / "c2c.json"));
  const json& probe = doc["c2c"]["sibling_probe"];
  if (doc["context"]["os"]["hypervisor"].is_null()) {
    EXPECT_EQ(probe["status"], "skipped") << probe.dump();
    EXPECT_EQ(probe["reason"].get<std::string>().rfind("no hypervisor", 0), 0u) << probe.dump();
  } else {
    EXPECT_EQ(probe["status"], "done") << probe.dump();
  }
}

TEST(CliC2c, ChecksTurnedOffAreRecordedWithTheFlag) {
  const auto dir = temp_dir("c2c-nochecks");
  const auto r = run_contend({"c2c", "--cpus", "0,1", "--samples", "5", "--round-trips", "16",
                              "--no-sibling-probe", "--no-recheck", "--out", "c2c.json"},
                             dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json c2c = json::parse(slurp(dir / "c2c.json"))["c2c"];
  EXPECT_EQ(c2c["sibling_probe"]["status"], "skipped");
  EXPECT_EQ(c2c["sibling_probe"]["reason"], "--no-sibling-probe");
  EXPECT_EQ(c2c["sibling_probe"]["pairs_probed"], 0);
  EXPECT_EQ(c2c["serial_recheck"]["status"], "skipped");
  EXPECT_EQ(c2c["serial_recheck"]["reason"], "--no-recheck");
  const auto v = testing::validate_results(dir, "c2c.json");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(CliC2c, DryRunPrintsThePlanAndWritesNothing) {
  const auto dir = temp_dir("c2c-dry");
  const auto r = run_contend({"c2c", "--cpus", "0,1", "--serial", "--samples", "20",
                              "--round-trips", "16", "--dry-run", "--out", "c2c.json"},
                             dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("c2c plan: 2 PUs (0,1), 1 pairs in 1 rounds (serial schedule), 20 samples "
                       "x 16 round trips"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("estimated"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sibling probe: skipped (--serial"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("serial re-check: skipped (no round ran more than one pair)"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "c2c.json"));
}

TEST(CliC2c, DryRunOfTheDefaultScheduleIncludesTheProbe) {
  const auto dir = temp_dir("c2c-dry-probe");
  const auto r = run_contend({"c2c", "--cpus", "0,1", "--samples", "20", "--round-trips", "16",
                              "--sibling-probe", "--dry-run"},
                             dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sibling probe first: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 samples x 32 round trips"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  matrix: estimated"), std::string::npos) << r.out;
}

TEST(CliC2c, RefusesBadFlagsWithOneLine) {
  // 100000 samples of 2^30 round trips: months, refused before anything runs.
  expect_bad_input(
      run_contend({"c2c", "--cpus", "0,1", "--samples", "100000", "--round-trips", "1073741824"}),
      "--samples/--round-trips");
  expect_bad_input(run_contend({"c2c", "--mode", "sideways"}), "--mode");
  expect_bad_input(run_contend({"c2c", "--cpus", "0"}), "--cpus");
  expect_bad_input(run_contend({"c2c", "--cpus", "0,99999"}), "--cpus");
  expect_bad_input(run_contend({"c2c", "--samples", "0"}), "--samples");
}

// Two short runs of the same points, so compare pairs every point.
std::filesystem::path two_runs() {
  const auto dir = temp_dir("compare");
  for (const char* out : {"base.json", "cand.json"}) {
    const auto r = run_contend({"run", "--workload", "atomic_add", "--threads", "1,2", "--duration",
                                "20ms", "-r", "3", "--warmup", "0", "--out", out},
                               dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  return dir;
}

TEST(CliCompare, PairsEveryPointWithTheMediansItsFilesHold) {
  const auto dir = two_runs();
  const auto r = run_contend(
      {"compare", "base.json", "cand.json", "--format", "json", "--out", "cmp.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(slurp(dir / "cmp.json"));
  const json base = json::parse(slurp(dir / "base.json"));
  const json cand = json::parse(slurp(dir / "cand.json"));
  EXPECT_EQ(report["metric"], "ops_per_sec");
  ASSERT_EQ(report["rows"].size(), 2u);
  std::map<std::string, int> verdicts;
  for (std::size_t i = 0; i < 2; ++i) {
    const json& row = report["rows"][i];
    EXPECT_EQ(row["status"], "compared") << row.dump();
    EXPECT_EQ(row["threads"], base["points"][i]["threads"]);
    // The medians compared are the ones each file holds, and the ratio is theirs.
    EXPECT_EQ(row["baseline_median"], base["points"][i]["summary"]["ops_per_sec"]["median"]);
    EXPECT_EQ(row["candidate_median"], cand["points"][i]["summary"]["ops_per_sec"]["median"]);
    EXPECT_DOUBLE_EQ(row["ratio"].get<double>(),
                     row["candidate_median"].get<double>() / row["baseline_median"].get<double>());
    // The verdict follows the documented rule from the interval and ratio the report holds:
    // faster only when the interval is above 1 and the change is at least --min-effect (2%).
    const double low = row["ci_low"].get<double>();
    const double high = row["ci_high"].get<double>();
    const double ratio = row["ratio"].get<double>();
    EXPECT_LE(low, ratio);
    EXPECT_LE(ratio, high);
    const std::string expected = low > 1 && ratio >= 1.02        ? "faster"
                                 : high < 1 && ratio <= 1 / 1.02 ? "slower"
                                                                 : "within_noise";
    EXPECT_EQ(row["verdict"], expected) << row.dump();
    ++verdicts[row["verdict"].get<std::string>()];
  }
  // The family summary counts those same verdicts.
  ASSERT_EQ(report["families"].size(), 1u);
  const json& family = report["families"][0];
  for (const char* verdict : {"faster", "slower", "within_noise"}) {
    EXPECT_EQ(family[verdict].get<int>(), verdicts[verdict]) << verdict;
  }

  const auto console = run_contend({"compare", "base.json", "cand.json"}, dir);
  EXPECT_EQ(console.exit_code, 0) << console.err;
  EXPECT_NE(console.out.find("atomic_add"), std::string::npos) << console.out;
}

TEST(CliCompare, RefusesFilesItCannotCompare) {
  const auto dir = two_runs();
  std::ofstream(dir / "broken.json") << "{\"schema_version\": 1,";
  expect_bad_input(run_contend({"compare", "base.json", "missing.json"}, dir), "missing.json");
  expect_bad_input(run_contend({"compare", "base.json", "broken.json"}, dir), "broken.json");
  std::ofstream(dir / "deep.json") << std::string(100000, '[') << std::string(100000, ']');
  expect_bad_input(run_contend({"compare", "base.json", "deep.json"}, dir), "nested deeper");
  expect_bad_input(run_contend({"compare", "base.json"}, dir), "at least two results files");
  expect_bad_input(run_contend({"compare", "base.json", "cand.json", "--min-effect", "lots"}, dir),
                   "--min-effect");
}

}  // namespace
}  // namespace contend
