// Made-up results documents for the compare tests: the minimal valid results JSON the loader
// accepts (schema version 2 unless a test asks for 1), with the points, repetitions and
// context each test needs; and c2c documents with the pairs a test needs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compare/load.hpp"

namespace contend::testing {

struct FakePoint {
  std::string workload = "atomic_add";
  std::string family = "counter";
  std::string role = "candidate";
  nlohmann::json params = {{"order", "relaxed"}};
  int threads = 1;
  std::string strategy = "compact";
  std::string level = "pu";
  std::vector<double> ops_per_sec = {100, 101, 99, 100, 102};
  bool ok = true;
  std::string home;  // shared_state.home; "": no shared_state (files before it existed)
};

inline nlohmann::json fake_point_json(const FakePoint& p, int index) {
  using nlohmann::json;
  json repetitions = json::array();
  for (std::size_t i = 0; i < p.ops_per_sec.size(); ++i) {
    const double ops = p.ops_per_sec[i];
    repetitions.push_back(
        {{"index", i},
         {"duration_s", 0.1},
         {"verified", p.ok},
         {"message", p.ok ? "" : "counter 9 != 10"},
         {"metrics",
          {{"total_ops", ops * 0.1}, {"ops_per_sec", ops}, {"ns_per_op", 1e9 * p.threads / ops}}},
         {"threads", json::array()}});
  }
  json point = {{"index", index},
                {"workload", p.workload},
                {"family", p.family},
                {"role", p.role},
                {"params", p.params},
                {"threads", p.threads},
                {"placement",
                 {{"strategy", p.strategy},
                  {"requested_pus", std::vector<int>(static_cast<std::size_t>(p.threads), 0)},
                  {"shared_level", p.level},
                  {"oversubscribed", false},
                  {"pinned", true}}},
                {"duration_s", 0.1},
                {"warmup_s", 0.01},
                {"repetitions_requested", p.ops_per_sec.size()},
                {"status", p.ok ? "ok" : "failed"},
                {"error", nullptr},
                {"verification",
                 {{"invariant", "shared counter == sum of per-thread operations"},
                  {"passed", p.ok},
                  {"failed_repetitions", p.ok ? 0 : 1}}},
                {"migrated", false},
                {"noisy", false},
                {"noise_threshold_pct", 5.0},
                {"summary", json::object()},
                {"repetitions", repetitions},
                {"warnings", json::array()}};
  if (!p.home.empty()) {
    point["shared_state"] = {
        {"home", p.home}, {"fresh_per_repetition", true}, {"bytes", 128}, {"nodes", {0}}};
  }
  return point;
}

// The envelope every results document has; `kind` "run" or "c2c".
inline nlohmann::json fake_envelope(const std::string& kind, const std::string& host,
                                    const std::string& model) {
  using nlohmann::json;
  return {{"schema_version", 2},
          {"kind", kind},
          {"tool",
           {{"name", "contend"},
            {"version", "0.1.0"},
            {"git_revision", "abc"},
            {"build_type", "Release"},
            {"compiler", "GNU 12.2.0"},
            {"cxx_flags", "-O2"}}},
          {"run",
           {{"command_line", "contend run"},
            {"argv", {"contend", "run"}},
            {"scenario", "cli"},
            {"scenario_file", nullptr},
            {"description", ""},
            {"started_at", "2026-11-26T20:50:00Z"},
            {"finished_at", "2026-11-26T20:50:01Z"},
            {"wall_time_s", 1.0},
            {"interrupted", false}}},
          {"context",
           {{"hostname", host},
            {"cpu",
             {{"model", model},
              {"vendor", "GenuineTest"},
              {"arch", "x86_64"},
              {"packages", 1},
              {"numa_nodes", 1},
              {"l3_domains", 1},
              {"cores", 2},
              {"pus", 2},
              {"usable_pus", {0, 1}},
              {"smt", false},
              {"cache_line_bytes", 64}}},
            {"os",
             {{"kernel", "Linux 6.1"},
              {"hypervisor", nullptr},
              {"governor", nullptr},
              {"boost", nullptr},
              {"load_average_1m", 0.1}}},
            {"topology", "Machine"}}},
          {"metrics",
           {{"ops_per_sec", {{"unit", "ops/s"}, {"better", "higher"}, {"description", "ops"}}},
            {"ns_per_op", {{"unit", "ns"}, {"better", "lower"}, {"description", "cost"}}},
            {"total_ops", {{"unit", "ops"}, {"better", "none"}, {"description", "count"}}}}},
          {"warnings", json::array()}};
}

inline nlohmann::json fake_results(const std::vector<FakePoint>& points,
                                   const std::string& host = "box",
                                   const std::string& model = "Test CPU 9000") {
  nlohmann::json doc = fake_envelope("run", host, model);
  doc["points"] = nlohmann::json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    doc["points"].push_back(fake_point_json(points[i], static_cast<int>(i)));
  }
  return doc;
}

// The same document as schema version 1 wrote it: no metric table, no roles, string warnings.
inline nlohmann::json as_version_1(nlohmann::json doc) {
  doc["schema_version"] = 1;
  doc.erase("metrics");
  for (auto& p : doc["points"]) p.erase("role");
  nlohmann::json texts = nlohmann::json::array();
  for (const auto& w : doc["warnings"]) texts.push_back(w.at("text"));
  doc["warnings"] = texts;
  return doc;
}

// One PU pair of a c2c file.
struct FakePair {
  std::string level = "core";
  double median_ns = 50;
  bool ok = true;
  std::string mode = "load_store";
};

inline nlohmann::json fake_c2c(const std::vector<FakePair>& pairs,
                               const std::string& host = "box") {
  using nlohmann::json;
  json doc = fake_envelope("c2c", host, "Test CPU 9000");
  doc.erase("metrics");  // as contend c2c writes it today: the name rule gives the direction
  doc["points"] = json::array();
  json list = json::array();
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const FakePair& p = pairs[i];
    json pair = {{"a", 0},
                 {"b", i + 1},
                 {"shared_level", p.level},
                 {"mode", p.mode},
                 {"status", p.ok ? "ok" : "failed"},
                 {"error", p.ok ? json(nullptr) : json("responder timed out")},
                 {"migrated", false}};
    if (p.ok) pair["one_way_ns_median"] = p.median_ns;
    list.push_back(pair);
  }
  doc["c2c"] = {{"pairs", list}, {"samples_requested", 200},  {"round_trips_requested", nullptr},
                {"rounds", 1},   {"schedule", "round_robin"}, {"mode", "load_store"}};
  return doc;
}

inline ResultsFile fake_file(const std::vector<FakePoint>& points, const std::string& name,
                             const std::string& host = "box") {
  return parse_results(fake_results(points, host).dump(2), name);
}

// The same values scaled by `factor`.
inline std::vector<double> scaled(const std::vector<double>& values, double factor) {
  std::vector<double> out;
  for (double v : values) out.push_back(v * factor);
  return out;
}

}  // namespace contend::testing
