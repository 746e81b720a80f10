#include "stats/fairness.hpp"

#include <algorithm>

namespace contend {

Fairness fairness(std::span<const double> per_thread) {
  Fairness result;
  double sum = 0;
  double sum_squares = 0;
  for (double x : per_thread) {
    sum += x;
    sum_squares += x * x;
  }
  if (per_thread.empty() || sum <= 0) {
    const double even = per_thread.empty() ? 0 : 1.0 / static_cast<double>(per_thread.size());
    return {1, even, even};
  }
  const auto n = static_cast<double>(per_thread.size());
  result.jain_index = sum * sum / (n * sum_squares);
  const auto [lo, hi] = std::minmax_element(per_thread.begin(), per_thread.end());
  result.min_share = *lo / sum;
  result.max_share = *hi / sum;
  return result;
}

}  // namespace contend
