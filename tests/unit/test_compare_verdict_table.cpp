// The one rule for "B is better than A": `judge` against every case of the table the report's
// advice (plots/verdict.py) is checked against too, so the two cannot disagree.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "compare/comparison.hpp"

namespace contend {
namespace {

nlohmann::json verdict_cases() {
  const auto path =
      std::filesystem::path(CONTEND_SOURCE_DIR) / "tests" / "data" / "verdict_cases.json";
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  return nlohmann::json::parse(in);
}

TEST(CompareVerdictTable, JudgeAgreesWithEveryCase) {
  const nlohmann::json cases = verdict_cases().at("cases");
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const RatioInterval interval{c.at("ratio").get<double>(), c.at("low").get<double>(),
                                 c.at("high").get<double>()};
    const Verdict verdict =
        judge(interval, c.at("min_effect").get<double>(), c.at("higher_is_better").get<bool>());
    EXPECT_EQ(to_string(verdict), c.at("verdict").get<std::string>())
        << c.at("name").get<std::string>();
  }
}

// Every verdict the table names exists, and each appears: the table exercises all three.
TEST(CompareVerdictTable, CoversEveryVerdict) {
  std::set<std::string> seen;
  const nlohmann::json cases = verdict_cases().at("cases");
  for (const auto& c : cases) seen.insert(c.at("verdict").get<std::string>());
  EXPECT_EQ(seen, (std::set<std::string>{"faster", "slower", "within_noise"}));
}

}  // namespace
}  // namespace contend
