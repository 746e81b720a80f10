// contend export's formats on a hand-written results document: CSV quoting, Google Benchmark
// entries and aggregates with the fields and types its tools/compare.py reads, markdown rows,
// and refusal of files that are not run results.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "platform/error.hpp"
#include "report/export_results.hpp"

namespace contend {
namespace {

using nlohmann::json;

json repetition(double ns_per_op, double ops) {
  return {{"metrics",
           {{"ns_per_op", ns_per_op},
            {"cpu_time_per_op_ns", ns_per_op},
            {"ops_per_sec", 1e9 / ns_per_op},
            {"total_ops", ops}}}};
}

json document() {
  json point = {{"index", 0},
                {"workload", "cas_add"},
                {"role", "candidate"},
                {"params", {{"cas", "weak"}, {"note", "a,b \"c\""}}},
                {"threads", 2},
                {"placement", {{"strategy", "compact"}, {"shared_level", "core"}}},
                {"status", "ok"},
                {"summary", {{"ns_per_op", {{"median", 20.0}, {"min", 10.0}, {"max", 30.0},
                                            {"mdape_pct", 5.0}, {"n", 3}}}}},
                {"repetitions", {repetition(10, 100), repetition(20, 200), repetition(30, 300)}}};
  json failed = {{"index", 1},         {"workload", "mutex"},    {"threads", 1},
                 {"status", "error"},  {"error", "pin refused"}, {"repetitions", json::array()}};
  return {{"kind", "run"},
          {"run", {{"scenario", "cli"}, {"started_at", "2026-01-01T00:00:00Z"}}},
          {"context", {{"hostname", "box"}, {"cpu", {{"usable_pus", {0, 1}}}}}},
          {"metrics", {{"ns_per_op", {{"unit", "ns"}, {"better", "lower"}}}}},
          {"points", {point, failed}}};
}

TEST(Export, CsvHasOneRowPerPointAndMetricAndQuotesFields) {
  const std::string csv = export_csv(document());
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "point,workload,role,params,threads,placement,status,metric,unit,better,median,min,"
            "max,mdape_pct,n");
  EXPECT_NE(csv.find("0,cas_add,candidate,\"cas=weak note=a,b \"\"c\"\"\",2,compact/core,ok,"
                     "ns_per_op,ns,lower,20,10,30,5,3\n"),
            std::string::npos)
      << csv;
}

TEST(Export, GbenchHasIterationsAndAggregatesAsCompareReadsThem) {
  const json g = export_gbench(document());
  EXPECT_EQ(g["context"]["host_name"], "box");
  EXPECT_EQ(g["context"]["num_cpus"], 2);
  const json& b = g["benchmarks"];
  ASSERT_EQ(b.size(), 3u + 4u + 1u);
  const std::string name = "cas_add/cas:weak/note:a,b \"c\"/placement:compact/core/threads:2";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(b[i]["name"], name);
    EXPECT_EQ(b[i]["run_name"], name);
    EXPECT_EQ(b[i]["run_type"], "iteration");
    EXPECT_EQ(b[i]["repetition_index"], i);
    EXPECT_EQ(b[i]["repetitions"], 3);
    EXPECT_EQ(b[i]["threads"], 2);
    EXPECT_EQ(b[i]["time_unit"], "ns");
    EXPECT_TRUE(b[i]["iterations"].is_number_integer());
  }
  EXPECT_DOUBLE_EQ(b[1]["real_time"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(b[1]["items_per_second"].get<double>(), 5e7);
  EXPECT_EQ(b[3]["name"], name + "_mean");
  EXPECT_EQ(b[4]["aggregate_name"], "median");
  EXPECT_EQ(b[4]["run_type"], "aggregate");
  EXPECT_DOUBLE_EQ(b[4]["real_time"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(b[5]["real_time"].get<double>(), 10);  // sample stddev of 10, 20, 30
  EXPECT_DOUBLE_EQ(b[6]["real_time"].get<double>(), 0.5);  // cv = stddev / mean
  EXPECT_EQ(b[6]["aggregate_unit"], "percentage");
  EXPECT_EQ(b[7]["error_occurred"], true);
  EXPECT_EQ(b[7]["error_message"], "pin refused");
}

TEST(Export, MarkdownHasAHeaderAndARowPerPoint) {
  const std::string md = export_markdown(document());
  EXPECT_NE(md.find("| # | workload | parameters |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 1 | mutex |  | 1 | / | - | - | - | error |"), std::string::npos) << md;
}

TEST(Export, RefusesAFileThatIsNotRunResults) {
  EXPECT_THROW(check_run_document(json{{"kind", "c2c"}}, "x.json"), InputError);
  EXPECT_THROW(check_run_document(json{{"kind", "run"}}, "x.json"), InputError);
  try {
    check_run_document(json::array(), "x.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("x.json: expected a results file"), std::string::npos);
  }
  EXPECT_NO_THROW(check_run_document(document(), "x.json"));
}

}  // namespace
}  // namespace contend
