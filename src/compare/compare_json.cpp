#include "compare/compare_json.hpp"

#include "compare/table.hpp"

namespace contend {

namespace {

using nlohmann::json;

json machine_json(const Comparison& c, std::size_t side) {
  const Side& runs = (*c.sides)[side];
  json files = json::array();
  for (const auto& run : runs) files.push_back(run.path);
  return {{"letter", file_letter(side)},
          {"file", runs[0].path},
          {"files", files},
          {"machine", c.names[side]},
          {"cpu_model", runs[0].context.at("cpu").at("model")},
          {"hostname", runs[0].context.at("hostname")}};
}

json spread_json(const RunSpread& s) {
  return {{"source", std::string(to_string(s.source))}, {"pct", s.sigma * 100}, {"runs", s.runs}};
}

json point_key(const PointRecord& p) {
  return {{"workload", p.workload},
          {"family", p.family},
          {"role", p.role.empty() ? json(nullptr) : json(p.role)},
          {"params", p.params},
          {"threads", p.threads},
          {"shared_level", p.shared_level},
          {"strategy", p.strategy}};
}

json number_or_null(bool present, double value) {
  return present ? json(value) : json(nullptr);
}

json cell_json(const Row& row, std::size_t j, const Cell& cell) {
  const bool compared = cell.status == CellStatus::kCompared;
  json out = point_key(*row.baseline);
  out["candidate"] = file_letter(j + 1);
  out["candidate_point"] = cell.point ? point_key(*cell.point) : json(nullptr);
  out["status"] = std::string(to_string(cell.status));
  out["reason"] = cell.reason.empty() ? json(nullptr) : json(cell.reason);
  out["baseline_median"] = row.baseline_median ? json(*row.baseline_median) : json(nullptr);
  out["candidate_median"] = number_or_null(compared, cell.estimate.candidate);
  out["ratio"] = number_or_null(compared, cell.estimate.interval.ratio);
  out["ci_low"] = number_or_null(compared, cell.estimate.interval.low);
  out["ci_high"] = number_or_null(compared, cell.estimate.interval.high);
  out["run_spread"] = compared ? json{{"baseline", spread_json(cell.estimate.baseline_spread)},
                                      {"candidate", spread_json(cell.estimate.candidate_spread)}}
                               : json(nullptr);
  out["verdict"] = compared ? json(std::string(to_string(cell.verdict))) : json(nullptr);
  out["notes"] = cell.notes;
  out["near"] = cell.near ? point_key(*cell.near) : json(nullptr);
  return out;
}

}  // namespace

json comparison_json(const Comparison& c) {
  const auto& o = c.options;
  json candidates = json::array();
  for (std::size_t i = 1; i < c.names.size(); ++i) candidates.push_back(machine_json(c, i));
  json context = json::array();
  for (const auto& d : c.context) context.push_back({{"what", d.what}, {"values", d.values}});
  json pairs = json::array();
  for (const auto& p : o.match.pairs) {
    pairs.push_back({{"baseline", p.baseline},
                     {"candidate", p.candidate},
                     {"param", p.param.empty() ? json(nullptr) : json(p.param)}});
  }
  const Tally t = tally(c);

  json rows = json::array();
  for (const auto& row : c.rows) {
    for (std::size_t j = 0; j < row.cells.size(); ++j)
      rows.push_back(cell_json(row, j, row.cells[j]));
  }
  json only = json::array();
  for (std::size_t j = 0; j < c.only_in_candidate.size(); ++j) {
    for (const auto& u : c.only_in_candidate[j]) {
      json entry = point_key(*u.point);
      entry["candidate"] = file_letter(j + 1);
      entry["ok"] = u.point->ok;
      entry["near"] = u.near ? point_key(*u.near) : json(nullptr);
      only.push_back(std::move(entry));
    }
  }
  json families = json::array();
  for (const auto& f : c.families) {
    families.push_back({{"family", f.family},
                        {"candidate", file_letter(f.candidate + 1)},
                        {"geomean_ratio", number_or_null(f.geomean_ratio > 0, f.geomean_ratio)},
                        {"faster", f.faster},
                        {"slower", f.slower},
                        {"within_noise", f.within_noise},
                        {"not_compared", f.not_compared},
                        {"only_in_candidate", f.only_in_candidate}});
  }
  return {{"kind", "compare"},
          {"compare_schema_version", kCompareSchemaVersion},
          {"metric", c.metric},
          {"higher_is_better", c.higher_better},
          {"method",
           {{"figure", "median over a side's runs of each run's median over repetitions"},
            {"interval", "percentile bootstrap resampling runs, then repetitions within each run"},
            {"run_spread",
             "each side's spread between runs (SD of log run figure) is at least "
             "run_spread_pct; one run: its repetitions' spread where larger; the "
             "part the resampled runs lack is added as a log-normal run effect"},
            {"text", method_text(c)},
            {"caveat", kDriftCaveat}}},
          {"confidence", o.bootstrap.confidence},
          {"resamples", o.bootstrap.resamples},
          {"seed", o.bootstrap.seed},
          {"min_effect_pct", o.min_effect * 100},
          {"run_spread_pct", o.run_spread * 100},
          {"files", c.file_labels},
          {"verdicts",
           {{"faster", t.faster},
            {"slower", t.slower},
            {"within_noise", t.within_noise},
            {"not_compared", t.not_compared}}},
          {"fail_on", std::string(to_string(o.fail_on))},
          {"exit_code", exit_code(c)},
          {"match_placement",
           o.match.placement == MatchPlacement::kSharedLevel ? "shared_level" : "strategy"},
          {"pairs", pairs},
          {"baseline", machine_json(c, 0)},
          {"candidates", candidates},
          {"context_differences", context},
          {"notes", c.file_notes},
          {"rows", rows},
          {"only_in_candidate", only},
          {"families", families}};
}

}  // namespace contend
