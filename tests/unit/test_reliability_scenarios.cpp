// Every scenario file shipped and every input the fuzzer ever found (fuzz/regressions/) is
// replayed here, in every build (sanitizers included): each parses and expands, or is refused
// with one line naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario_check.hpp"

namespace contend {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  return files;
}

void expect_property(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  try {
    EXPECT_EQ(check_scenario_text(text.str()), "") << file;
  } catch (const std::exception& e) {
    ADD_FAILURE() << file << ": unexpected exception: " << e.what();
  }
}

TEST(ScenarioRegressions, EveryFuzzerFindingIsRefusedCleanly) {
  const auto files = files_in(fs::path(CONTEND_SOURCE_DIR) / "fuzz" / "regressions");
  EXPECT_FALSE(files.empty());
  for (const auto& file : files) expect_property(file);
}

// The fuzzer's seeds hold the property too (ShippedScenarios in test_scenario.cpp checks that
// they parse and expand on real-looking machines).
TEST(ScenarioRegressions, EveryShippedScenarioHoldsTheFuzzProperty) {
  const auto files = files_in(fs::path(CONTEND_SOURCE_DIR) / "scenarios");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) expect_property(file);
}

}  // namespace
}  // namespace contend
