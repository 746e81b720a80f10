// Reading results files for `contend compare`: what is kept, and one clear InputError naming
// the file and the key (or line and column) for every kind of bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "compare/load.hpp"
#include "platform/error.hpp"
#include "test_compare_fixture.hpp"

namespace contend {
namespace {

using testing::as_version_1;
using testing::fake_c2c;
using testing::fake_results;
using testing::FakePair;
using testing::FakePoint;

// The message of the InputError `parse` throws, or "" when it throws none.
template <typename F>
std::string input_error(F&& parse) {
  try {
    parse();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CompareLoad, KeepsWhatMatchingAndStatisticsNeed) {
  FakePoint p;
  p.threads = 2;
  p.level = "numa";
  const ResultsFile f = parse_results(fake_results({p}).dump(), "a.json");
  EXPECT_EQ(f.path, "a.json");
  EXPECT_EQ(f.machine, "Test CPU 9000 (box)");
  ASSERT_EQ(f.points.size(), 1u);
  const PointRecord& r = f.points[0];
  EXPECT_EQ(r.workload, "atomic_add");
  EXPECT_EQ(r.label(), "atomic_add order=relaxed");
  EXPECT_EQ(r.threads, 2);
  EXPECT_EQ(r.shared_level, "numa");
  EXPECT_EQ(r.strategy, "compact");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.values.at("ops_per_sec"), p.ops_per_sec);
  EXPECT_EQ(r.values.at("ns_per_op").size(), p.ops_per_sec.size());
}

TEST(CompareLoad, FailedPointKeepsNoFigures) {
  FakePoint p;
  p.ok = false;
  const ResultsFile f = parse_results(fake_results({p}).dump(), "a.json");
  EXPECT_FALSE(f.points[0].ok);
  EXPECT_TRUE(f.points[0].values.empty());
  EXPECT_NE(f.points[0].failure.find("verification failed"), std::string::npos);
}

TEST(CompareLoad, StatusOkButUnverifiedRepetitionIsNotOk) {
  auto doc = fake_results({FakePoint{}});
  doc["points"][0]["repetitions"][1]["verified"] = false;
  const ResultsFile f = parse_results(doc.dump(), "a.json");
  EXPECT_FALSE(f.points[0].ok);
}

TEST(CompareLoad, MissingFileNamesIt) {
  const std::string message = input_error([] { load_results("/nonexistent/run.json"); });
  EXPECT_NE(message.find("/nonexistent/run.json"), std::string::npos) << message;
  EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST(CompareLoad, DirectoryIsRefused) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string message = input_error([&] { load_results(dir); });
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
}

TEST(CompareLoad, UnknownSchemaVersionNamesFileAndKey) {
  auto doc = fake_results({FakePoint{}});
  doc["schema_version"] = 99;
  const std::string message = input_error([&] { parse_results(doc.dump(), "old.json"); });
  EXPECT_NE(message.find("old.json"), std::string::npos) << message;
  EXPECT_NE(message.find("schema_version"), std::string::npos) << message;
  EXPECT_NE(message.find("99"), std::string::npos) << message;
  EXPECT_NE(message.find("expected 1 to " + std::to_string(kSchemaVersion)), std::string::npos)
      << message;
}

TEST(CompareLoad, TruncatedFileGivesLineAndColumn) {
  const std::string text = fake_results({FakePoint{}, FakePoint{}}).dump(2);
  const std::string truncated = text.substr(0, text.size() / 2);
  const auto lines = 1 + std::count(truncated.begin(), truncated.end(), '\n');
  const std::string message = input_error([&] { parse_results(truncated, "cut.json"); });
  EXPECT_NE(message.find("cut.json: the file ends too early (truncated?) at line " +
                         std::to_string(lines) + ", column"),
            std::string::npos)
      << message;
}

// A number nlohmann refuses (not a syntax error) is bad input naming the file too, not an
// uncaught json.exception.
TEST(CompareLoad, OverflowingNumberIsAnInputErrorNamingTheFile) {
  auto text = fake_results({FakePoint{}}).dump(2);
  text.replace(text.find("\"wall_time_s\": 1.0"), 18, "\"wall_time_s\": 1e400");
  const std::string message = input_error([&] { parse_results(text, "huge.json"); });
  EXPECT_EQ(message, "huge.json: malformed JSON: number overflow parsing '1e400'");
}

TEST(CompareLoad, SyntaxErrorPointsAtTheRightPlace) {
  const std::string text = "{\n  \"schema_version\": 1,\n  \"kind\": run\n}\n";
  const std::string message = input_error([&] { parse_results(text, "bad.json"); });
  EXPECT_NE(message.find("line 3, column 11"), std::string::npos) << message;
}

TEST(CompareLoad, MissingOrMistypedFieldNamesThePath) {
  auto doc = fake_results({FakePoint{}, FakePoint{}});
  doc["points"][1]["placement"].erase("shared_level");
  std::string message = input_error([&] { parse_results(doc.dump(), "a.json"); });
  EXPECT_NE(message.find("a.json: points[1].placement.shared_level: missing"), std::string::npos)
      << message;

  doc = fake_results({FakePoint{}});
  doc["points"][0]["threads"] = "two";
  message = input_error([&] { parse_results(doc.dump(), "a.json"); });
  EXPECT_NE(message.find("points[0].threads: expected an integer, found string"), std::string::npos)
      << message;

  doc = fake_results({FakePoint{}});
  doc["context"]["cpu"].erase("model");
  message = input_error([&] { parse_results(doc.dump(), "a.json"); });
  EXPECT_NE(message.find("context.cpu.model: missing"), std::string::npos) << message;
}

TEST(CompareLoad, OtherKindsAndDocumentsAreRefused) {
  auto doc = fake_results({});
  doc["kind"] = "matrix";
  std::string message = input_error([&] { parse_results(doc.dump(), "m.json"); });
  EXPECT_EQ(message, "m.json: kind: expected one of run, c2c, found \"matrix\"");
  doc["kind"] = "c2c";  // a c2c document needs its c2c section
  message = input_error([&] { parse_results(doc.dump(), "m.json"); });
  EXPECT_EQ(message, "m.json: c2c: missing (expected an object)");
  message = input_error([] { parse_results("[1, 2]", "list.json"); });
  EXPECT_NE(message.find("list.json"), std::string::npos) << message;
}

TEST(CompareLoad, ReadsAFileFromDisk) {
  const auto path = std::filesystem::temp_directory_path() / "contend_test_compare_load.json";
  {
    std::ofstream out(path);
    out << fake_results({FakePoint{}}).dump(2);
  }
  const ResultsFile f = load_results(path.string());
  EXPECT_EQ(f.points.size(), 1u);
  std::filesystem::remove(path);
}

TEST(CompareLoad, Version2SaysWhatItsFiguresMean) {
  FakePoint unsafe;
  unsafe.workload = "racy";
  unsafe.role = "unsafe";
  auto doc = fake_results({FakePoint{}, unsafe});
  doc["warnings"] = {{{"code", "vm"}, {"text", "virtual machine (KVM)"}, {"figures", {}}}};
  const ResultsFile f = parse_results(doc.dump(), "v2.json");
  EXPECT_EQ(f.schema_version, 2);
  EXPECT_EQ(f.metrics.at("ns_per_op").better, Better::kLower);
  EXPECT_EQ(f.metrics.at("total_ops").better, Better::kNone);
  EXPECT_EQ(f.metrics.at("ops_per_sec").unit, "ops/s");
  EXPECT_EQ(f.points[0].role, "candidate");
  EXPECT_EQ(f.points[1].notes, std::vector<std::string>{"unsafe workload"});
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0].code, "vm");
  EXPECT_EQ(f.warnings[0].text, "virtual machine (KVM)");
}

TEST(CompareLoad, Version1IsStillRead) {
  auto doc = fake_results({FakePoint{}});
  doc["warnings"] = {{{"code", "vm"}, {"text", "virtual machine (KVM)"}, {"figures", {}}}};
  const ResultsFile f = parse_results(as_version_1(doc).dump(), "v1.json");
  EXPECT_EQ(f.schema_version, 1);
  EXPECT_TRUE(f.metrics.empty());
  EXPECT_EQ(f.points[0].role, "");
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0].code, "");
  EXPECT_EQ(f.warnings[0].text, "virtual machine (KVM)");
}

TEST(CompareLoad, BadDescriptorsNameTheKeyAndTheChoices) {
  auto doc = fake_results({FakePoint{}});
  doc["metrics"]["ops_per_sec"]["better"] = "more";
  EXPECT_EQ(input_error([&] { parse_results(doc.dump(), "a.json"); }),
            "a.json: metrics.ops_per_sec.better: expected one of higher, lower, none, found "
            "\"more\"");
  doc = fake_results({FakePoint{}});
  doc["points"][0]["role"] = "hero";
  EXPECT_NE(input_error([&] {
              parse_results(doc.dump(), "a.json");
            }).find("a.json: points[0].role: expected one of candidate, baseline, unsafe"),
            std::string::npos);
  doc = fake_results({FakePoint{}});
  doc["warnings"] = {"a plain string in a version 2 file"};
  EXPECT_EQ(input_error([&] { parse_results(doc.dump(), "a.json"); }),
            "a.json: warnings[0]: expected an object with code, text, figures");
}

// Directions come from the files; the name rule only where no file declares one.
TEST(CompareLoad, MetricDirectionIsDeclaredElseGuessedFromTheName) {
  auto doc = fake_results({FakePoint{}});
  doc["metrics"]["widgets_per_op"] = {{"unit", "1"}, {"better", "higher"}, {"description", "w"}};
  const ResultsFile v2 = parse_results(doc.dump(), "v2.json");
  const ResultsFile v1 = parse_results(as_version_1(doc).dump(), "v1.json");
  EXPECT_EQ(metric_better({&v2, &v1}, "widgets_per_op"), Better::kHigher);  // declared
  EXPECT_EQ(metric_better({&v1}, "widgets_per_op"), Better::kLower);        // the name rule
  EXPECT_EQ(metric_better({&v1}, "ops_per_sec"), Better::kHigher);
  for (const char* lower : {"ns_per_op", "latency_p99_ns", "cas_failures_per_op", "lost_updates",
                            "max_share", "system_time_fraction"}) {
    EXPECT_EQ(metric_better({&v1}, lower), Better::kLower) << lower;
  }
  EXPECT_EQ(metric_better({&v1}, "min_share"), Better::kHigher);
  EXPECT_EQ(metric_better({&v2}, "total_ops"), Better::kNone);

  doc["metrics"]["widgets_per_op"]["better"] = "lower";
  const ResultsFile other = parse_results(doc.dump(), "other.json");
  EXPECT_EQ(input_error([&] {
              metric_better({&v2, &other}, "widgets_per_op");
            }),
            "--metric widgets_per_op: v2.json says higher is better, other.json says lower");
}

TEST(CompareLoad, RunSettingsAreKeptForTheContextDifferences) {
  auto doc = fake_results({FakePoint{}, FakePoint{}});
  doc["points"][1]["duration_s"] = 0.2;
  doc["context"]["timer"] = {{"batch_ops", 256}};
  const ResultsFile f = parse_results(doc.dump(), "a.json");
  std::map<std::string, std::string> settings(f.settings.begin(), f.settings.end());
  EXPECT_EQ(settings.at("duration"), "100ms, 200ms");
  EXPECT_EQ(settings.at("warmup"), "10ms");
  EXPECT_EQ(settings.at("repetitions"), "5");
  EXPECT_EQ(settings.at("placements"), "compact");
  EXPECT_EQ(settings.at("pinned"), "true");
  EXPECT_EQ(settings.at("latency sampling"), "off");
  EXPECT_EQ(settings.at("batch ops"), "256");
}

// A c2c file compares by relationship: one record per mode and shared level, whose values are
// the one-way medians of the pairs at that level; failed pairs are counted, never figures.
TEST(CompareLoad, C2cFileGivesOneRecordPerSharedLevel) {
  const ResultsFile f = parse_results(
      fake_c2c(
          {{"core", 30}, {"package", 200}, {"core", 34}, {"package", 0, false}, {"numa", 0, false}})
          .dump(),
      "c2c.json");
  EXPECT_EQ(f.kind, "c2c");
  EXPECT_EQ(headline_metric(f), "one_way_ns");
  ASSERT_EQ(f.points.size(), 3u);
  const PointRecord& core = f.points[0];
  EXPECT_EQ(core.label(), "c2c mode=load_store");
  EXPECT_EQ(core.shared_level, "core");
  EXPECT_TRUE(core.ok);
  EXPECT_EQ(core.values.at("one_way_ns"), (std::vector<double>{30, 34}));
  EXPECT_EQ(core.min_values, 1u);
  const PointRecord& package = f.points[1];
  EXPECT_TRUE(package.ok);
  EXPECT_EQ(package.values.at("one_way_ns"), std::vector<double>{200});
  EXPECT_EQ(package.notes, std::vector<std::string>{"1 of 2 pairs failed"});
  const PointRecord& numa = f.points[2];
  EXPECT_FALSE(numa.ok);
  EXPECT_EQ(numa.failure, "all 1 pairs failed: responder timed out");
  EXPECT_TRUE(numa.values.empty());
  std::map<std::string, std::string> settings(f.settings.begin(), f.settings.end());
  EXPECT_EQ(settings.at("samples per pair"), "200");
  EXPECT_EQ(settings.at("round trips per sample"), "calibrated");
  EXPECT_EQ(settings.at("schedule"), "round_robin");

  auto doc = fake_c2c({{"core", 30}});
  doc["c2c"]["pairs"][0].erase("one_way_ns_median");
  EXPECT_EQ(input_error([&] { parse_results(doc.dump(), "c.json"); }),
            "c.json: c2c.pairs[0].one_way_ns_median: missing (expected a number)");
}

}  // namespace
}  // namespace contend
