#include "report/console_table.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace contend {

namespace {

constexpr std::size_t kNarrowNameWidth = 18;  // the longest workload name, fetch_add_limiter

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

// The parameters, and the memory home unless it is the first worker's node.
std::string settings_of(const MeasurementPoint& point) {
  std::string text = point.params.to_text();
  if (point.home == MemoryHome{}) return text;
  return text + (text.empty() ? "" : " ") + "home=" + point.home.to_text();
}

// The workload column: the name, with the parameters when wide.
std::string name_of(const MeasurementPoint& point, bool wide) {
  const std::string params = settings_of(point);
  return point.workload->name + (wide && !params.empty() ? " " + params : "");
}

std::string line(const TableLayout& layout, const std::string& name, const std::string& threads,
                 const std::string& placement, const std::string& ops, const std::string& ns,
                 const std::string& mdape, const std::string& jain, const std::string& status) {
  return fmt::format("{:<{}}  {:>3}  {:<16}  {:>9}  {:>9}  {:>5}  {:>5}  {}\n", name,
                     layout.name_width, threads, placement, ops, ns, mdape, jain, status);
}

}  // namespace

TableLayout table_layout(const std::vector<MeasurementPoint>& points, bool wide) {
  TableLayout layout{wide, kNarrowNameWidth};
  for (const auto& p : points) {
    layout.name_width = std::max(layout.name_width, name_of(p, wide).size());
  }
  return layout;
}

std::string console_header(const TableLayout& layout) {
  return line(layout, "workload", "thr", "placement", "ops/s", "ns/op", "±%", "jain", "status");
}

std::string console_row(const PointResult& r, const TableLayout& layout) {
  const std::string placement = fmt::format("{}/{}", r.point.placement.spec.name(),
                                            to_string(r.point.placement.shared_level));
  const bool ok = r.ok();
  const auto mdape = r.summary.count("ops_per_sec") ? r.summary.at("ops_per_sec").mdape_pct : 0;
  std::string row =
      line(layout, name_of(r.point, layout.wide), std::to_string(r.point.threads), placement,
           ok ? si_format(median_of(r, "ops_per_sec")) : "-",
           ok ? fmt::format("{:.2f}", median_of(r, "ns_per_op")) : "-",
           ok ? fmt::format("{:.1f}", mdape) : "-",
           ok ? fmt::format("{:.3f}", median_of(r, "jain_index")) : "-", status_of(r));
  const std::string params = settings_of(r.point);
  if (!layout.wide && !params.empty()) {
    std::string second = "  " + params;
    if (second.size() > kTableColumns) second = second.substr(0, kTableColumns - 3) + "...";
    row += second + "\n";
  }
  return row;
}

std::string console_table(const std::vector<PointResult>& points, bool wide) {
  std::vector<MeasurementPoint> planned;
  for (const auto& r : points) planned.push_back(r.point);
  const TableLayout layout = table_layout(planned, wide);
  std::string out = console_header(layout);
  for (const auto& r : points) out += console_row(r, layout);
  return out;
}

}  // namespace contend
