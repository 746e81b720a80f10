#include "report/console_table.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace contend {

namespace {

double median_of(const PointResult& r, const std::string& metric) {
  auto it = r.summary.find(metric);
  return it == r.summary.end() ? 0 : it->second.median;
}

std::string status_of(const PointResult& r) {
  if (!r.error.empty()) return "ERROR";
  if (r.failed_repetitions > 0) return "FAILED";
  std::string status = "ok";
  if (r.noisy) status += " noisy";
  if (r.migrated) status += " migrated";
  if (r.point.placement.oversubscribed) status += " oversub";
  return status;
}

}  // namespace

std::string console_table(const std::vector<PointResult>& points) {
  std::size_t name_width = 8;
  for (const auto& r : points) {
    const std::string params = r.point.params.to_text();
    name_width = std::max(name_width,
                          r.point.workload->name.size() + (params.empty() ? 0 : params.size() + 1));
  }
  std::string out =
      fmt::format("{:<{}}  {:>3}  {:<14}  {:>9}  {:>9}  {:>6}  {:>5}  {}\n", "workload", name_width,
                  "thr", "placement", "ops/s", "ns/op", "±%", "jain", "status");
  for (const auto& r : points) {
    const std::string params = r.point.params.to_text();
    const std::string name = r.point.workload->name + (params.empty() ? "" : " " + params);
    const std::string placement = fmt::format("{}/{}", r.point.placement.spec.name(),
                                              to_string(r.point.placement.shared_level));
    const bool has_numbers = r.ok();
    const auto mdape = r.summary.count("ops_per_sec") ? r.summary.at("ops_per_sec").mdape_pct : 0;
    out += fmt::format(
        "{:<{}}  {:>3}  {:<14}  {:>9}  {:>9}  {:>6}  {:>5}  {}\n", name, name_width,
        r.point.threads, placement, has_numbers ? si_format(median_of(r, "ops_per_sec")) : "-",
        has_numbers ? fmt::format("{:.2f}", median_of(r, "ns_per_op")) : "-",
        has_numbers ? fmt::format("{:.1f}", mdape) : "-",
        has_numbers ? fmt::format("{:.3f}", median_of(r, "jain_index")) : "-", status_of(r));
  }
  return out;
}

}  // namespace contend
