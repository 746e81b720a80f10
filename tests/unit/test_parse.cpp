#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <sstream>

#include "platform/error.hpp"
#include "util/json_text.hpp"
#include "util/parse.hpp"

namespace contend {
namespace {

TEST(ParseDuration, Units) {
  EXPECT_DOUBLE_EQ(parse_duration_s("100ms", "--duration"), 0.1);
  EXPECT_DOUBLE_EQ(parse_duration_s("2s", "--duration"), 2);
  EXPECT_DOUBLE_EQ(parse_duration_s("1.5s", "--duration"), 1.5);
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

// The strict number behind durations and --min-effect: all of the text, decimal, finite.
TEST(ParseDouble, AcceptsDecimalsOnlyWholeAndFinite) {
  double value = 0;
  EXPECT_TRUE(parse_double("1.5", value));
  EXPECT_DOUBLE_EQ(value, 1.5);
  EXPECT_TRUE(parse_double("2e-3", value));
  EXPECT_DOUBLE_EQ(value, 2e-3);
  for (const char* bad : {"", " 1", "1 ", "+1", "0x10", "1e400", "inf", "nan", "2%", "1,5"}) {
    EXPECT_FALSE(parse_double(bad, value)) << "accepted '" << bad << "'";
  }
}

TEST(Split, KeepsEmptyItemsAndTrims) {
  EXPECT_EQ(split("a, b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
}

}  // namespace
}  // namespace contend

namespace contend {
namespace {

// The bound is a limit, not an allocation: a small stream under a bound far beyond memory.
TEST(JsonText, ReadBoundedAllocatesForWhatItReadsNotForTheBound) {
  std::istringstream in("{\"a\": 1}");
  EXPECT_EQ(read_bounded(in, std::numeric_limits<std::size_t>::max() / 2, "f.json", "a file"),
            "{\"a\": 1}");
}

// Chunked reading: exactly the bound is accepted across chunk boundaries, one byte more is not.
TEST(JsonText, ReadBoundedKeepsEveryByteUpToTheBoundExactly) {
  const std::string text = std::string(200000, 'x') + "end";
  std::istringstream in(text);
  EXPECT_EQ(read_bounded(in, text.size(), "f.json", "a file"), text);
  std::istringstream more(text);
  try {
    read_bounded(more, text.size() - 1, "f.json", "a results file");
    FAIL() << "accepted a byte past the bound";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("f.json: larger than ", 0), 0u) << message;
    EXPECT_NE(message.find("; expected a results file"), std::string::npos) << message;
  }
  std::istringstream empty("");
  EXPECT_EQ(read_bounded(empty, 0, "f.json", "a file"), "");
}

TEST(JsonText, ReadUserFileNamesTheFileAndTheProblem) {
  try {
    read_user_file(std::filesystem::temp_directory_path().string(), 1 << 20, "a results file");
    FAIL() << "read a directory";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory; expected a results file"),
              std::string::npos)
        << e.what();
  }
  try {
    read_user_file("/nonexistent/f.json", 1 << 20, "a scenario file");
    FAIL() << "read a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/f.json: cannot read: No such file or directory");
  }
}

// Whatever the parser refuses is one line naming the file, never nlohmann's own exception.
TEST(JsonText, ParseUserJsonTurnsEveryParserErrorIntoOneLineNamingTheFile) {
  const std::vector<std::string> texts = {"{\"n\": 1e400}", "{\"n\": 1,}", "{\"n\": ", "",
                                          std::string(100, '[')};
  for (const auto& text : texts) {
    try {
      parse_user_json(text, "f.json");
      FAIL() << "accepted " << text;
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("f.json: ", 0), 0u) << message;
      EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
  try {
    parse_user_json("{\"n\": 1e400}", "f.json");
    FAIL() << "accepted 1e400";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "f.json: malformed JSON: number overflow parsing '1e400'");
  }
  EXPECT_EQ(parse_user_json("{\"n\": 1}", "f.json")["n"], 1);
}

// A long token the parser quotes ("last read: '...'") does not make the line long.
TEST(JsonText, ParserReasonIsQuotedBounded) {
  const std::string text = "[\"" + std::string(5000, 'x') + "\\u00zz\"]";
  try {
    parse_user_json(text, "f.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_LT(std::string(e.what()).size(), 300u) << e.what();
  }
}

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
