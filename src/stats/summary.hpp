// Robust summaries of a figure over repetitions: median and MdAPE rather than mean and
// standard deviation, because one preempted repetition must not move the headline number.
#pragma once

#include <cstddef>
#include <span>

namespace contend {

struct Summary {
  double median = 0;
  double mdape_pct = 0;  // median absolute percentage deviation from the median
  double min = 0;
  double max = 0;
  std::size_t n = 0;
};

// Median of the values (mean of the middle two for an even count); 0 for none.
double median(std::span<const double> values);

// Median over i of |x_i - median| / |median| * 100; 0 when the median is 0 or there are none.
double mdape_pct(std::span<const double> values);

Summary summarize(std::span<const double> values);

}  // namespace contend
