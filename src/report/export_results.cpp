#include "report/export_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "platform/error.hpp"
#include "util/console.hpp"

namespace contend {

namespace {

using nlohmann::json;

// "key=value key2=value2", in the file's (sorted) key order.
std::string params_text(const json& point, const char* assign, const char* separator) {
  std::string text;
  const json params = point.value("params", json::object());
  for (const auto& [key, value] : params.items()) {
    if (!text.empty()) text += separator;
    text += key + assign + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

std::string placement_of(const json& point) {
  const json& p = point.value("placement", json::object());
  return fmt::format("{}/{}", p.value("strategy", ""), p.value("shared_level", ""));
}

// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(const json& value) {
  return value.is_number() ? fmt::format("{}", value.get<double>()) : "";
}

double metric_of(const json& repetition, const char* name) {
  const json& metrics = repetition.value("metrics", json::object());
  return metrics.contains(name) && metrics[name].is_number() ? metrics[name].get<double>() : NAN;
}

// compare.py pairs benchmarks by name: the workload, its parameters, the placement, then the
// thread count in Google Benchmark's own "threads:N" form.
std::string gbench_name(const json& point) {
  std::string name = point.value("workload", "");
  const std::string params = params_text(point, ":", "/");
  if (!params.empty()) name += "/" + params;
  return fmt::format("{}/placement:{}/threads:{}", name, placement_of(point),
                     point.value("threads", 0));
}

struct Moments {
  double median = 0, mean = 0, stddev = 0;
};

Moments moments(std::vector<double> values) {
  Moments m;
  if (values.empty()) return m;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  m.median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  for (double v : values) m.mean += v / static_cast<double>(n);
  if (n > 1) {
    double sum = 0;
    for (double v : values) sum += (v - m.mean) * (v - m.mean);
    m.stddev = std::sqrt(sum / static_cast<double>(n - 1));  // as Google Benchmark computes it
  }
  return m;
}

}  // namespace

void check_run_document(const json& document, const std::string& name) {
  if (!document.is_object() || document.value("kind", "") != "run") {
    throw InputError(fmt::format("{}: expected a results file of `contend run` (kind \"run\"), got "
                                 "{}",
                                 name,
                                 document.is_object() && document.contains("kind")
                                     ? "kind " + document["kind"].dump()
                                     : std::string("no \"kind\"")));
  }
  if (!document.contains("points") || !document["points"].is_array()) {
    throw InputError(fmt::format("{}: expected a list at \"points\"", name));
  }
}

std::string export_csv(const json& document) {
  const json& metrics = document.value("metrics", json::object());
  std::string out =
      "point,workload,role,params,threads,placement,status,metric,unit,better,median,min,max,"
      "mdape_pct,n\n";
  for (const auto& point : document["points"]) {
    const std::string prefix = fmt::format(
        "{},{},{},{},{},{},{}", point.value("index", 0), csv_field(point.value("workload", "")),
        csv_field(point.value("role", "")), csv_field(params_text(point, "=", " ")),
        point.value("threads", 0), csv_field(placement_of(point)),
        csv_field(point.value("status", "")));
    const json summary = point.value("summary", json::object());
    for (const auto& [metric, s] : summary.items()) {
      const json& info = metrics.value(metric, json::object());
      out += fmt::format("{},{},{},{},{},{},{},{},{}\n", prefix, csv_field(metric),
                         csv_field(info.value("unit", "")), csv_field(info.value("better", "")),
                         number(s.value("median", json())), number(s.value("min", json())),
                         number(s.value("max", json())), number(s.value("mdape_pct", json())),
                         number(s.value("n", json())));
    }
  }
  return out;
}

json export_gbench(const json& document) {
  const json& run = document.value("run", json::object());
  const json& context = document.value("context", json::object());
  const json& tool = document.value("tool", json::object());
  json out;
  out["context"] = {
      {"date", run.value("started_at", "")},
      {"host_name", context.value("hostname", "")},
      {"executable", "contend"},
      {"num_cpus", static_cast<int>(context.value("cpu", json::object())
                                        .value("usable_pus", json::array({0}))
                                        .size())},
      {"mhz_per_cpu", 0},
      {"cpu_scaling_enabled", false},
      {"caches", json::array()},
      {"load_avg", json::array()},
      {"library_build_type", tool.value("build_type", "") == "Debug" ? "debug" : "release"},
      {"contend_version", tool.value("version", "")},
      {"contend_scenario", run.value("scenario", "")},
  };
  json benchmarks = json::array();
  int family = 0;
  for (const auto& point : document["points"]) {
    const std::string name = gbench_name(point);
    const json& reps = point.value("repetitions", json::array());
    const auto threads = point.value("threads", 1);
    json base = {{"family_index", family},
                 {"per_family_instance_index", 0},
                 {"run_name", name},
                 {"repetitions", static_cast<int>(reps.size())},
                 {"threads", threads},
                 {"time_unit", "ns"}};
    ++family;
    if (point.value("status", "") != "ok" || reps.empty()) {
      json failed = base;
      failed["name"] = name;
      failed["run_type"] = "iteration";
      failed["repetition_index"] = 0;
      failed["iterations"] = 0;
      failed["real_time"] = 0.0;
      failed["cpu_time"] = 0.0;
      failed["error_occurred"] = true;
      failed["error_message"] = point.value("error", json()).is_string()
                                    ? point["error"].get<std::string>()
                                    : "status " + point.value("status", std::string("?"));
      benchmarks.push_back(failed);
      continue;
    }
    std::vector<double> real, cpu, rate;
    for (std::size_t i = 0; i < reps.size(); ++i) {
      const double ns = metric_of(reps[i], "ns_per_op");
      const double cpu_ns = metric_of(reps[i], "cpu_time_per_op_ns");
      const double per_s = metric_of(reps[i], "ops_per_sec");
      const double total = metric_of(reps[i], "total_ops");
      json entry = base;
      entry["name"] = name;
      entry["run_type"] = "iteration";
      entry["repetition_index"] = static_cast<int>(i);
      entry["iterations"] = std::isfinite(total) ? static_cast<std::int64_t>(total) : 0;
      entry["real_time"] = std::isfinite(ns) ? ns : 0.0;
      entry["cpu_time"] = std::isfinite(cpu_ns) ? cpu_ns : entry["real_time"].get<double>();
      entry["items_per_second"] = std::isfinite(per_s) ? per_s : 0.0;
      real.push_back(entry["real_time"]);
      cpu.push_back(entry["cpu_time"]);
      rate.push_back(entry["items_per_second"]);
      benchmarks.push_back(std::move(entry));
    }
    const Moments r = moments(real), c = moments(cpu), i = moments(rate);
    const auto cv = [](const Moments& m) { return m.mean == 0 ? 0.0 : m.stddev / m.mean; };
    const struct {
      const char* name;
      double real, cpu, items;
    } aggregates[] = {{"mean", r.mean, c.mean, i.mean},
                      {"median", r.median, c.median, i.median},
                      {"stddev", r.stddev, c.stddev, i.stddev},
                      {"cv", cv(r), cv(c), cv(i)}};
    for (const auto& a : aggregates) {
      json entry = base;
      entry["name"] = name + "_" + a.name;
      entry["run_type"] = "aggregate";
      entry["aggregate_name"] = a.name;
      entry["aggregate_unit"] = std::string(a.name) == "cv" ? "percentage" : "time";
      entry["iterations"] = static_cast<std::int64_t>(reps.size());
      entry["real_time"] = a.real;
      entry["cpu_time"] = a.cpu;
      entry["items_per_second"] = a.items;
      benchmarks.push_back(std::move(entry));
    }
  }
  out["benchmarks"] = std::move(benchmarks);
  return out;
}

std::string export_markdown(const json& document) {
  const json& run = document.value("run", json::object());
  std::string out = fmt::format("### contend: {} on {}\n\n", run.value("scenario", "?"),
                                document.value("context", json::object()).value("hostname", "?"));
  out += "| # | workload | parameters | threads | placement | ops/s | ns/op | ±% | status |\n";
  out += "|--:|---|---|--:|---|--:|--:|--:|---|\n";
  for (const auto& point : document["points"]) {
    const json& summary = point.value("summary", json::object());
    const auto median = [&](const char* metric) {
      return summary.contains(metric) ? summary[metric].value("median", NAN) : NAN;
    };
    const bool ok = point.value("status", "") == "ok";
    const double mdape =
        summary.contains("ops_per_sec") ? summary["ops_per_sec"].value("mdape_pct", NAN) : NAN;
    std::string params = params_text(point, "=", " ");
    for (std::size_t pos = 0; (pos = params.find('|', pos)) != std::string::npos; pos += 2) {
      params.replace(pos, 1, "\\|");
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", point.value("index", 0),
                       point.value("workload", ""), params, point.value("threads", 0),
                       placement_of(point), ok ? si_format(median("ops_per_sec")) : "-",
                       ok ? fmt::format("{:.2f}", median("ns_per_op")) : "-",
                       ok ? fmt::format("{:.1f}", mdape) : "-", point.value("status", ""));
  }
  return out;
}

}  // namespace contend
