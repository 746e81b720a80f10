#include "report/c2c_json.hpp"

#include <algorithm>

namespace contend {

namespace {

using nlohmann::json;

std::string level_name(SharedLevel level) {
  return std::string(to_string(level));
}

json pair_json(const PairStats& p) {
  json out = {{"a", p.pair.a},
              {"b", p.pair.b},
              {"shared_level", level_name(p.level)},
              {"mode", std::string(to_string(p.mode))},
              {"status", p.ok ? "ok" : "failed"},
              {"error", p.ok ? json(nullptr) : json(p.error)},
              {"migrated", p.migrated}};
  if (p.ok) {
    out["one_way_ns_min"] = p.min_ns;
    out["one_way_ns_median"] = p.median_ns;
    out["one_way_ns_max"] = p.max_ns;
    out["one_way_mdape_pct"] = p.mdape_pct;
    out["samples"] = p.samples;
    out["round_trips_per_sample"] = p.round_trips;
    out["cluster"] = p.cluster;
  }
  return out;
}

// Square matrix over `pus` (row and column order), symmetric; null on the diagonal and for
// pairs not measured or failed.
json matrix_json(const std::vector<int>& pus, const std::vector<PairStats>& pairs,
                 double PairStats::*figure) {
  const auto position = [&](int pu) {
    return static_cast<std::size_t>(std::find(pus.begin(), pus.end(), pu) - pus.begin());
  };
  json matrix = json::array();
  for (std::size_t i = 0; i < pus.size(); ++i) matrix.push_back(json::array());
  for (auto& row : matrix) {
    for (std::size_t j = 0; j < pus.size(); ++j) row.push_back(nullptr);
  }
  for (const PairStats& p : pairs) {
    const std::size_t i = position(p.pair.a);
    const std::size_t j = position(p.pair.b);
    if (!p.ok || i >= pus.size() || j >= pus.size()) continue;
    matrix[i][j] = p.*figure;
    matrix[j][i] = p.*figure;
  }
  return matrix;
}

json clusters_json(const C2cModeResult& m) {
  json out = json::array();
  for (std::size_t c = 0; c < m.clusters.size(); ++c) {
    const LatencyCluster& cluster = m.clusters[c];
    json levels = json::object();
    for (const auto& [level, count] : cluster.levels) levels[level_name(level)] = count;
    out.push_back({{"index", c},
                   {"median_ns", cluster.median_ns},
                   {"min_ns", cluster.min_ns},
                   {"max_ns", cluster.max_ns},
                   {"pairs", cluster.members.size()},
                   {"levels", levels}});
  }
  return out;
}

json findings_json(const C2cModeResult& m) {
  json out = json::array();
  for (const TopologyFinding& f : m.findings) {
    json pairs = json::array();
    for (const PuPair& p : f.pairs) pairs.push_back({p.a, p.b});
    out.push_back({{"shared_level", level_name(f.level)},
                   {"cluster", f.cluster},
                   {"typical_cluster", f.typical_cluster},
                   {"median_ns", f.median_ns},
                   {"typical_median_ns", f.typical_median_ns},
                   {"faster", f.faster},
                   {"disjoint", f.disjoint},
                   {"pairs", pairs},
                   {"message", f.message}});
  }
  return out;
}

json mode_json(const std::vector<int>& pus, const C2cModeResult& m) {
  json by_level = json::object();
  for (const auto& [level, s] : m.by_level) {
    by_level[level_name(level)] = {{"median_ns", s.median_ns},
                                   {"lowest_median_ns", s.lowest_median_ns},
                                   {"highest_median_ns", s.highest_median_ns},
                                   {"pairs", s.pairs}};
  }
  return {{"matrix_ns_median", matrix_json(pus, m.pairs, &PairStats::median_ns)},
          {"matrix_ns_min", matrix_json(pus, m.pairs, &PairStats::min_ns)},
          {"by_level", by_level},
          {"clusters", clusters_json(m)},
          {"findings", findings_json(m)}};
}

json or_null(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

json sibling_probe_json(const SiblingProbeRecord& r) {
  json hidden = json::array();
  for (const PuPair& p : r.hidden_siblings) hidden.push_back({p.a, p.b});
  return {{"status", r.status},
          {"reason", or_null(r.reason)},
          {"pairs_planned", r.pairs_planned},
          {"pairs_probed", r.pairs_probed},
          {"samples", r.samples},
          {"round_trips", r.round_trips},
          {"duration_s", r.duration_s},
          {"sibling_fraction", kSiblingFraction},
          {"threshold_ns", r.threshold_ns > 0 ? json(r.threshold_ns) : json(nullptr)},
          {"hidden_siblings", hidden}};
}

json serial_recheck_json(const RecheckRecord& r) {
  json pairs = json::array();
  for (const RecheckEntry& e : r.entries) {
    pairs.push_back({{"a", e.pair.a},
                     {"b", e.pair.b},
                     {"mode", std::string(to_string(e.mode))},
                     {"concurrent_median_ns", e.concurrent_median_ns},
                     {"concurrent_mdape_pct", e.concurrent_mdape_pct},
                     {"serial_median_ns", e.serial_median_ns},
                     {"serial_mdape_pct", e.serial_mdape_pct},
                     {"ratio", e.concurrent_median_ns / e.serial_median_ns},
                     {"noise_pct", e.noise_fraction * 100},
                     {"within_noise", e.within_noise}});
  }
  return {{"status", r.status},
          {"reason", or_null(r.reason)},
          {"seed", r.seed},
          {"pairs_planned", r.pairs_planned},
          {"duration_s", r.duration_s},
          {"pairs", pairs}};
}

}  // namespace

json c2c_json(const C2cRun& run) {
  json modes = json::array();
  json pairs = json::array();
  json by_mode = json::object();
  for (const C2cModeResult& m : run.modes) {
    const std::string name(to_string(m.mode));
    modes.push_back(name);
    for (const PairStats& p : m.pairs) pairs.push_back(pair_json(p));
    by_mode[name] = mode_json(run.pus, m);
  }
  const std::string mode = run.config.modes.size() == 1
                               ? std::string(to_string(run.config.modes.front()))
                               : std::string("both");
  return {{"mode", mode},
          {"modes", modes},
          {"pus", run.pus},
          {"schedule", run.schedule},
          {"rounds", run.rounds},
          {"pairs_planned", run.pairs_planned},
          {"seed", run.seed},
          {"samples_requested", run.config.samples},
          {"round_trips_requested",
           run.config.round_trips > 0 ? json(run.config.round_trips) : json(nullptr)},
          {"min_sample_s", run.config.min_sample_s},
          {"sibling_probe", sibling_probe_json(run.sibling_probe)},
          {"serial_recheck", serial_recheck_json(run.serial_recheck)},
          {"pairs", pairs},
          {"by_mode", by_mode}};
}

json c2c_document(const RunInfo& info, const SystemFacts& facts, const C2cRun& run,
                  const Warnings& warnings) {
  json document = results_envelope("c2c", info, facts, warnings);
  document["points"] = json::array();
  document["c2c"] = c2c_json(run);
  return document;
}

}  // namespace contend
