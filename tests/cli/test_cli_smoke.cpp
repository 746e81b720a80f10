// The binary as a user runs it: version, help, a short run that writes a valid results file,
// and one-line errors with exit code 2 for bad flags.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "contract/descriptors.hpp"

namespace contend {
namespace {

using nlohmann::json;
using testing::line_count;
using testing::run_contend;
using testing::slurp;
using testing::temp_dir;

TEST(Cli, VersionNamesToolAndBuild) {
  const auto r = run_contend({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("contend 0.1.0"), std::string::npos) << r.out;
}

TEST(Cli, HelpListsSubcommands) {
  const auto r = run_contend({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"run", "list", "topo"})
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
}

TEST(Cli, ShortRunWritesAVerifiedFileWithObservedPusAsRequested) {
  const auto dir = temp_dir("short-run");
  const auto r = run_contend({"run", "--workload", "atomic_add", "--threads", "1,2", "--duration",
                              "20ms", "--repetitions", "2", "--warmup", "0", "--out", "out.json"},
                             dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(slurp(dir / "out.json"));
  EXPECT_EQ(doc["schema_version"], kSchemaVersion);
  EXPECT_FALSE(doc["context"]["cpu"]["model"].get<std::string>().empty());
  EXPECT_FALSE(doc["context"]["os"]["kernel"].get<std::string>().empty());
  ASSERT_EQ(doc["points"].size(), 2u);
  for (const auto& point : doc["points"]) {
    EXPECT_EQ(point["status"], "ok");
    EXPECT_TRUE(point["verification"]["passed"].get<bool>());
    for (const auto& rep : point["repetitions"]) {
      for (const auto& t : rep["threads"]) {
        EXPECT_EQ(t["observed_pus"], json::array({t["requested_pu"]})) << t.dump();
      }
    }
  }
  // The console table names each point, its parameters on the line below the row.
  EXPECT_NE(r.out.find("\natomic_add "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  order=relaxed\n"), std::string::npos) << r.out;
  // Two points: their repetitions ran in rounds; each point's shared state was made afresh.
  EXPECT_EQ(doc["run"]["repetition_order"], "interleaved");
  for (const auto& point : doc["points"]) {
    EXPECT_EQ(point["shared_state"]["home"], "first");
    EXPECT_EQ(point["shared_state"]["fresh_per_repetition"], true);
    EXPECT_GT(point["shared_state"]["bytes"].get<int>(), 0);
  }
}

TEST(Cli, InOrderAndHomesAreRecorded) {
  const auto dir = temp_dir("in-order");
  const auto r = run_contend(
      {"run", "--workload", "mutex", "--threads", "2", "--home", "first,node:0", "--in-order",
       "--duration", "20ms", "-r", "2", "--warmup", "0", "--out", "out.json"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(slurp(dir / "out.json"));
  EXPECT_EQ(doc["run"]["repetition_order"], "in_order");
  ASSERT_EQ(doc["points"].size(), 2u);
  EXPECT_EQ(doc["points"][1]["shared_state"]["home"], "node:0");
  // A home other than the default shows in the table with the parameters.
  EXPECT_NE(r.out.find("home=node:0"), std::string::npos) << r.out;
  const auto v = testing::validate_results(dir, "out.json");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(Cli, ResultsFileMatchesTheSchema) {
  const auto dir = temp_dir("schema");
  const auto r = run_contend({"run", "--workload", "cas_add", "--threads", "2", "--duration",
                              "20ms", "-r", "2", "--out", "out.json"},
                             dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto v = testing::validate_results(dir, "out.json");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(Cli, DefaultOutputGoesUnderResultsWithAFreshName) {
  const auto dir = temp_dir("default-out");
  const std::vector<std::string> args{"run", "-w", "sharded", "-t", "1", "-d", "10ms", "-r", "1"};
  ASSERT_EQ(run_contend(args, dir).exit_code, 0);
  ASSERT_EQ(run_contend(args, dir).exit_code, 0);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "results")) {
    files += entry.path().extension() == ".json" ? 1 : 0;
  }
  EXPECT_EQ(files, 2);  // the second run did not overwrite the first
}

TEST(Cli, UnknownFlagIsOneLineAndExitTwo) {
  const auto r = run_contend({"run", "--thread", "2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--thread"), std::string::npos) << r.err;
}

TEST(Cli, UnknownWorkloadIsOneLineAndExitTwo) {
  const auto r = run_contend({"run", "--workload", "atomic_ad", "--duration", "10ms"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("unknown workload 'atomic_ad'"), std::string::npos) << r.err;
}

TEST(Cli, DryRunPrintsPointsAndEta) {
  const auto r = run_contend({"run", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("points, estimated"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mutex"), std::string::npos);
}

TEST(Cli, ListShowsWorkloadsAndParameters) {
  const auto r = run_contend({"list"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* w : {"mutex", "spin", "atomic_add", "cas_add", "sharded", "racy", "order="}) {
    EXPECT_NE(r.out.find(w), std::string::npos) << w;
  }
}

TEST(Cli, TopoShowsEveryPlacement) {
  const auto r = run_contend({"topo", "--synthetic", "pack:2 core:2 pu:2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"compact:", "cores:", "scatter:", "smt:"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace contend
