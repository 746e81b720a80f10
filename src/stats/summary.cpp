#include "stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace contend {

double median(std::span<const double> values) {
  if (values.empty()) return 0;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
}

double mdape_pct(std::span<const double> values) {
  const double center = median(values);
  if (values.empty() || center == 0) return 0;
  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double v : values) deviations.push_back(std::abs(v - center) / std::abs(center) * 100.0);
  return median(deviations);
}

Summary summarize(std::span<const double> values) {
  Summary summary;
  summary.n = values.size();
  if (values.empty()) return summary;
  summary.median = median(values);
  summary.mdape_pct = mdape_pct(values);
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  summary.min = *lo;
  summary.max = *hi;
  return summary;
}

}  // namespace contend
