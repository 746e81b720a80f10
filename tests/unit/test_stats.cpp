#include <gtest/gtest.h>

#include <vector>

#include "stats/fairness.hpp"
#include "stats/summary.hpp"

namespace contend {
namespace {

TEST(Median, OddCountIsTheMiddleValue) {
  const std::vector<double> values{5, 1, 3};
  EXPECT_DOUBLE_EQ(median(values), 3);
}

TEST(Median, EvenCountIsTheMeanOfTheMiddleTwo) {
  const std::vector<double> values{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(median(values), 2.5);
}

TEST(Median, EmptyIsZero) {
  EXPECT_DOUBLE_EQ(median(std::vector<double>{}), 0);
}

TEST(Mdape, KnownDeviations) {
  // median 100; deviations 10%, 0%, 5%, 20%, 0% -> median deviation 5%.
  const std::vector<double> values{110, 100, 95, 120, 100};
  EXPECT_DOUBLE_EQ(mdape_pct(values), 5);
}

TEST(Mdape, IdenticalValuesHaveNone) {
  const std::vector<double> values{7, 7, 7};
  EXPECT_DOUBLE_EQ(mdape_pct(values), 0);
}

TEST(Mdape, OneOutlierDoesNotMoveIt) {
  const std::vector<double> values{100, 101, 99, 100, 1000};
  EXPECT_LE(mdape_pct(values), 1.0);
}

TEST(Summarize, FillsEveryField) {
  const std::vector<double> values{3, 1, 2};
  const Summary s = summarize(values);
  EXPECT_DOUBLE_EQ(s.median, 2);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 3);
  EXPECT_EQ(s.n, 3u);
  EXPECT_DOUBLE_EQ(s.mdape_pct, 50);  // deviations 50%, 50%, 0%
}

TEST(Fairness, EqualSharesAreFair) {
  const std::vector<double> ops{10, 10, 10, 10};
  const Fairness f = fairness(ops);
  EXPECT_DOUBLE_EQ(f.jain_index, 1);
  EXPECT_DOUBLE_EQ(f.min_share, 0.25);
  EXPECT_DOUBLE_EQ(f.max_share, 0.25);
}

TEST(Fairness, OneThreadDoingEverythingIsOneOverN) {
  const std::vector<double> ops{0, 0, 12, 0};
  const Fairness f = fairness(ops);
  EXPECT_DOUBLE_EQ(f.jain_index, 0.25);
  EXPECT_DOUBLE_EQ(f.min_share, 0);
  EXPECT_DOUBLE_EQ(f.max_share, 1);
}

TEST(Fairness, KnownUnevenSplit) {
  // (1+3)^2 / (2 * (1+9)) = 16/20
  const std::vector<double> ops{1, 3};
  const Fairness f = fairness(ops);
  EXPECT_DOUBLE_EQ(f.jain_index, 0.8);
  EXPECT_DOUBLE_EQ(f.min_share, 0.25);
  EXPECT_DOUBLE_EQ(f.max_share, 0.75);
}

}  // namespace
}  // namespace contend
