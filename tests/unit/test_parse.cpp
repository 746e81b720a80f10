#include <gtest/gtest.h>

#include "util/error.hpp"
#include "util/json_text.hpp"
#include "util/parse.hpp"

namespace contend {
namespace {

TEST(ParseDuration, Units) {
  EXPECT_DOUBLE_EQ(parse_duration_s("100ms", "--duration"), 0.1);
  EXPECT_DOUBLE_EQ(parse_duration_s("2s", "--duration"), 2);
  EXPECT_DOUBLE_EQ(parse_duration_s("1.5", "--duration"), 1.5);
  EXPECT_DOUBLE_EQ(parse_duration_s("250us", "--duration"), 250e-6);
  EXPECT_DOUBLE_EQ(parse_duration_s("1min", "--duration"), 60);
}

TEST(ParseDuration, RejectsNonPositiveAndGarbageNamingTheFlag) {
  for (const char* bad : {"0", "-1s", "fast", "ms", "", "1e999s", "10 parsecs"}) {
    try {
      parse_duration_s(bad, "--duration");
      FAIL() << "accepted '" << bad << "'";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--duration"), std::string::npos) << e.what();
    }
  }
}

TEST(ParseInt, RangeAndGarbage) {
  EXPECT_EQ(parse_int("42", "x", 1, 100), 42);
  EXPECT_THROW(parse_int("0", "x", 1, 100), InputError);
  EXPECT_THROW(parse_int("101", "x", 1, 100), InputError);
  EXPECT_THROW(parse_int("4x", "x", 1, 100), InputError);
  EXPECT_THROW(parse_int("", "x", 1, 100), InputError);
}

TEST(ParsePuList, RangesAndSingles) {
  EXPECT_EQ(parse_pu_list("0-3,8,10-11", "--cpus"), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(parse_pu_list("5", "--cpus"), (std::vector<int>{5}));
}

TEST(ParsePuList, RejectsDuplicatesBackwardsAndEmpty) {
  EXPECT_THROW(parse_pu_list("1,1", "--cpus"), InputError);
  EXPECT_THROW(parse_pu_list("3-1", "--cpus"), InputError);
  EXPECT_THROW(parse_pu_list("1,,2", "--cpus"), InputError);
  EXPECT_THROW(parse_pu_list("a-b", "--cpus"), InputError);
}

TEST(Split, KeepsEmptyItemsAndTrims) {
  EXPECT_EQ(split("a, b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
}

}  // namespace
}  // namespace contend

namespace contend {
namespace {

TEST(JsonText, LineColumnCountsFromOne) {
  EXPECT_EQ(line_column("ab\ncd", 0), "line 1, column 1");
  EXPECT_EQ(line_column("ab\ncd", 4), "line 2, column 2");
}

TEST(JsonText, DepthUpToTheLimitIsAccepted) {
  const std::string deep = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_NO_THROW(check_json_depth(deep, "f.json"));
}

TEST(JsonText, DeeperIsRefusedWithThePosition) {
  const std::string deep = "\n" + std::string(kMaxJsonDepth + 1, '{');
  try {
    check_json_depth(deep, "f.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find("f.json: nested deeper than 64 levels at line 2, column 65"),
        std::string::npos)
        << e.what();
  }
}

TEST(JsonText, BracketsInsideStringsDoNotCount) {
  const std::string text =
      "{\"k\": \"" + std::string(200, '[') + "\\\"" + std::string(200, '{') + "\"}";
  EXPECT_NO_THROW(check_json_depth(text, "f.json"));
}

}  // namespace
}  // namespace contend

namespace contend {
namespace {

TEST(Excerpt, ShortTextIsQuotedWholeLongTextIsCutWithItsLength) {
  EXPECT_EQ(excerpt("0-3"), "0-3");
  const std::string pasted(1000, '7');
  EXPECT_EQ(excerpt(pasted), std::string(kExcerptChars, '7') + "... (1000 characters)");
}

}  // namespace
}  // namespace contend
