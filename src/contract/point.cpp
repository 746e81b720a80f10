#include "contract/point.hpp"

#include <fmt/format.h>

namespace contend {

std::string describe(const MeasurementPoint& point) {
  const std::string params = point.params.to_text();
  return fmt::format("{}{}{}, {} thread{}, {}{}", point.workload->name, params.empty() ? "" : " ",
                     params, point.threads, point.threads == 1 ? "" : "s",
                     point.placement.spec.to_text(),
                     point.home == MemoryHome{} ? "" : ", home " + point.home.to_text());
}

double estimated_seconds(const std::vector<MeasurementPoint>& points) {
  // Each repetition also pays thread start-up and verification: a few milliseconds.
  constexpr double kPerRepetitionOverhead_s = 0.003;
  double total = 0;
  for (const auto& p : points) {
    total += p.warmup_s + p.repetitions * (p.duration_s + kPerRepetitionOverhead_s);
  }
  return total;
}

}  // namespace contend
