#include <gtest/gtest.h>

#include "util/error.hpp"
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
