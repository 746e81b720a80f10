#include <gtest/gtest.h>

#include "report/results_json.hpp"
#include "runner/warning_policy.hpp"
#include "workloads/registry.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

using nlohmann::json;
using testing::fixed_point;
using testing::machine;
using testing::run_fixed;

json sample_document() {
  std::vector<PointResult> points{run_fixed(fixed_point("cas_add", 2), 3000)};
  RunInfo info;
  info.argv = {"contend", "run", "--workload", "cas_add"};
  info.scenario = "cli";
  info.started_at = utc_timestamp();
  info.finished_at = utc_timestamp();
  SystemFacts facts = probe_system(machine());
  return results_document(info, facts, points, system_warnings(facts));
}

TEST(ResultsJson, EnvelopeCarriesEveryRequiredField) {
  const json doc = sample_document();
  EXPECT_EQ(doc["schema_version"], kSchemaVersion);
  EXPECT_EQ(doc["kind"], "run");
  for (const char* key :
       {"name", "version", "git_revision", "build_type", "compiler", "cxx_flags"}) {
    EXPECT_TRUE(doc["tool"].contains(key)) << key;
  }
  for (const char* key : {"command_line", "argv", "scenario", "started_at", "finished_at",
                          "wall_time_s", "interrupted"}) {
    EXPECT_TRUE(doc["run"].contains(key)) << key;
  }
  EXPECT_EQ(doc["run"]["command_line"], "contend run --workload cas_add");
}

TEST(ResultsJson, ContextDescribesTheMachine) {
  const json context = sample_document()["context"];
  for (const char* key : {"model", "vendor", "arch", "packages", "numa_nodes", "l3_domains",
                          "cores", "pus", "usable_pus", "smt", "cache_line_bytes"}) {
    EXPECT_TRUE(context["cpu"].contains(key)) << key;
  }
  for (const char* key : {"kernel", "hypervisor", "governor", "boost", "load_average_1m"}) {
    EXPECT_TRUE(context["os"].contains(key)) << key;
  }
  EXPECT_FALSE(context["topology"].get<std::string>().empty());
  EXPECT_GE(context["cpu"]["pus"].get<int>(), 1);
}

TEST(ResultsJson, PointRecordsRawAndSummaryFigures) {
  const json point = sample_document()["points"][0];
  EXPECT_EQ(point["workload"], "cas_add");
  EXPECT_EQ(point["family"], "counter");
  EXPECT_EQ(point["params"]["cas"], "weak");
  EXPECT_EQ(point["threads"], 2);
  EXPECT_EQ(point["placement"]["requested_pus"].size(), 2u);
  EXPECT_TRUE(point["placement"].contains("shared_level"));
  EXPECT_EQ(point["status"], "ok");
  EXPECT_TRUE(point["verification"]["passed"].get<bool>());
  ASSERT_EQ(point["repetitions"].size(), 2u);
  const json rep = point["repetitions"][0];
  EXPECT_EQ(rep["threads"].size(), 2u);
  EXPECT_EQ(rep["threads"][0]["ops"], 3000);
  for (const char* metric : {"ops_per_sec", "ns_per_op", "jain_index", "cas_failures_per_op",
                             "context_switches_per_op"}) {
    EXPECT_TRUE(rep["metrics"].contains(metric)) << metric;
    EXPECT_TRUE(point["summary"].contains(metric)) << metric;
  }
}

TEST(ResultsJson, SummaryMedianIsTheMedianOfTheRepetitions) {
  const json point = sample_document()["points"][0];
  std::vector<double> values;
  for (const auto& rep : point["repetitions"]) values.push_back(rep["metrics"]["ops_per_sec"]);
  EXPECT_DOUBLE_EQ(point["summary"]["ops_per_sec"]["median"].get<double>(),
                   (values[0] + values[1]) / 2);
}

// An argument or a file name that is not UTF-8 must not throw after everything was measured
// (nlohmann's plain dump() does): it becomes U+FFFD, and the text stays valid JSON.
TEST(ResultsJson, DocumentTextReplacesInvalidUtf8InsteadOfThrowing) {
  json document = sample_document();
  document["run"]["argv"].push_back("r\xff\xfe.json");
  std::string text;
  ASSERT_NO_THROW(text = document_text(document));
  ASSERT_TRUE(json::accept(text)) << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(json::parse(text)["run"]["argv"].back(), "r\xef\xbf\xbd\xef\xbf\xbd.json");
  EXPECT_EQ(document_text(json{{"a", 1}}), "{\n  \"a\": 1\n}\n");
}

TEST(ResultsJson, PointsCarryTheirWorkloadsRole) {
  for (const auto& [workload, role] : std::vector<std::pair<std::string, std::string>>{
           {"mutex", "baseline"}, {"racy", "unsafe"}, {"atomic_add", "candidate"},
           {"empty", "reference"}, {"std_mutex", "baseline"}}) {
    const json point = point_json(run_fixed(fixed_point(workload, 1), 100), 0);
    EXPECT_EQ(point["role"], role) << workload;
  }
}

TEST(ResultsJson, EveryMetricAnyWorkloadWritesIsDescribed) {
  std::vector<PointResult> points;
  for (const auto& info : workload_registry()) {
    points.push_back(run_fixed(fixed_point(info.name, 2), 200));
  }
  const json metrics = metrics_json(points);  // throws on a metric missing from the catalogue
  for (const auto& point : points) {
    for (const auto& [name, summary] : point.summary) {
      ASSERT_TRUE(metrics.contains(name)) << name;
      EXPECT_FALSE(metrics[name]["unit"].get<std::string>().empty()) << name;
    }
  }
  EXPECT_EQ(metrics["ops_per_sec"]["better"], "higher");
  EXPECT_EQ(metrics["ns_per_op"]["better"], "lower");
  EXPECT_EQ(metrics["lost_updates"]["better"], "lower");
}

TEST(ResultsJson, WarningsAreCodedObjects) {
  const json doc = sample_document();
  EXPECT_EQ(doc["schema_version"], 2);
  ASSERT_TRUE(doc["metrics"].is_object());
  json warnings = doc["warnings"];
  warnings.push_back(warnings_json({{"busy_machine", "text", {{"load_average_1m", 3.0}}}})[0]);
  for (const auto& w : warnings) {
    EXPECT_TRUE(w["code"].is_string()) << w;
    EXPECT_TRUE(w["text"].is_string()) << w;
    EXPECT_TRUE(w["figures"].is_object()) << w;
  }
  EXPECT_EQ(warnings.back()["figures"]["load_average_1m"], 3.0);
}

}  // namespace
}  // namespace contend
