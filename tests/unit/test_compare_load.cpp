// Reading results files for `contend compare`: what is kept, and one clear InputError naming
// the file and the key (or line and column) for every kind of bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "compare/load.hpp"
#include "test_compare_fixture.hpp"
#include "util/error.hpp"

namespace contend {
namespace {

using testing::fake_results;
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
  EXPECT_NE(message.find("expected " + std::to_string(kSchemaVersion)), std::string::npos)
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
  doc["kind"] = "c2c";
  std::string message = input_error([&] { parse_results(doc.dump(), "m.json"); });
  EXPECT_NE(message.find("m.json: kind: found \"c2c\""), std::string::npos) << message;
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

}  // namespace
}  // namespace contend
