#include "compare/match.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "platform/error.hpp"

namespace contend {

namespace {

using Points = std::vector<const PointRecord*>;

// How each side's points turn into match keys, with the --pair substitutions applied.
class Keyer {
 public:
  Keyer(const ResultsFile& baseline, const ResultsFile& candidate, const MatchOptions& options)
      : placement_(options.placement) {
    for (const auto& pair : options.pairs) {
      if (pair.baseline == pair.candidate || !pair.present(candidate, true)) continue;
      if (!pair.param.empty()) {
        params_.push_back(pair);
        continue;
      }
      rename_[pair.candidate] = pair.baseline;
      set_aside_baseline_.insert(pair.candidate);
      set_aside_candidate_.insert(pair.baseline);
      // Parameters match on the names both workloads have (mutex has none, atomic_add has
      // order: they match on none, and each atomic_add variant pairs in file order).
      const std::set<std::string> base = param_names(baseline, pair.baseline);
      const std::set<std::string> cand = param_names(candidate, pair.candidate);
      std::set<std::string>& common = common_params_[pair.baseline];
      std::set_intersection(base.begin(), base.end(), cand.begin(), cand.end(),
                            std::inserter(common, common.end()));
    }
  }

  bool set_aside(const PointRecord& p, bool candidate) const {
    if ((candidate ? set_aside_candidate_ : set_aside_baseline_).count(p.workload) > 0) return true;
    return std::any_of(params_.begin(), params_.end(), [&](const WorkloadPair& pair) {
      return param_value(p, pair.param) == (candidate ? pair.baseline : pair.candidate);
    });
  }

  // Workload, parameters, threads and (unless `with_placement` is false) the placement part.
  std::string key(const PointRecord& p, bool candidate, bool with_placement) const {
    std::string name = p.workload;
    if (candidate) {
      const auto it = rename_.find(p.workload);
      if (it != rename_.end()) name = it->second;
    }
    nlohmann::json params = p.params;
    const auto common = common_params_.find(name);
    if (common != common_params_.end()) {
      nlohmann::json kept = nlohmann::json::object();
      for (const auto& param : common->second) {
        if (params.contains(param)) kept[param] = params[param];
      }
      params = kept;
    }
    // A paired parameter keys on its text, the candidate's value read as the baseline's.
    for (const auto& pair : params_) {
      const std::string value = param_value(p, pair.param);
      if (value.empty()) continue;
      params[pair.param] = candidate && value == pair.candidate ? pair.baseline : value;
    }
    const std::string& placement =
        placement_ == MatchPlacement::kSharedLevel ? p.shared_level : p.strategy;
    return fmt::format("{}\x1f{}\x1f{}\x1f{}", name, params.dump(), p.threads,
                       with_placement ? placement : "");
  }

 private:
  static std::set<std::string> param_names(const ResultsFile& file, const std::string& workload) {
    std::set<std::string> names;
    for (const auto& p : file.points) {
      if (p.workload != workload) continue;
      for (const auto& item : p.params.items()) names.insert(item.key());
    }
    return names;
  }

  MatchPlacement placement_;
  std::map<std::string, std::string> rename_;  // candidate workload -> baseline workload
  std::map<std::string, std::set<std::string>> common_params_;  // by baseline workload
  std::set<std::string> set_aside_baseline_;
  std::set<std::string> set_aside_candidate_;
  std::vector<WorkloadPair> params_;  // the parameter pairs
};

// Pairs points sharing one key: same strategy first, then in file order.
// Two maps, not one: the same file may be passed as baseline and candidate.
struct Partners {
  std::map<const PointRecord*, const PointRecord*> of_baseline;
  std::set<const PointRecord*> candidates_taken;
};

void pair_group(const Points& baseline, const Points& candidate, Partners& partners) {
  std::vector<bool> used(candidate.size(), false);
  auto take = [&](const PointRecord* b, bool same_strategy) {
    for (std::size_t i = 0; i < candidate.size(); ++i) {
      if (used[i] || (same_strategy && candidate[i]->strategy != b->strategy)) continue;
      used[i] = true;
      partners.of_baseline[b] = candidate[i];
      partners.candidates_taken.insert(candidate[i]);
      return;
    }
  };
  for (const auto* b : baseline) take(b, true);
  for (const auto* b : baseline) {
    if (!partners.of_baseline.count(b)) take(b, false);
  }
}

// For each point left alone on one side, a point of the other side that differs only in
// placement, preferring the same strategy.
const PointRecord* near_point(const PointRecord& p, const Points& others) {
  const PointRecord* found = nullptr;
  for (const auto* other : others) {
    if (other->strategy == p.strategy) return other;
    if (!found) found = other;
  }
  return found;
}

}  // namespace

WorkloadPair WorkloadPair::parse(std::string_view text, const std::string& what) {
  auto name = [](std::string_view n) {
    return !n.empty() && n.find_first_of(" \t=:") == std::string_view::npos;
  };
  const auto colon = text.find(':');
  const std::string_view param = colon == std::string_view::npos ? "" : text.substr(0, colon);
  const std::string_view rest = colon == std::string_view::npos ? text : text.substr(colon + 1);
  const auto eq = rest.find('=');
  const bool valid = eq != std::string_view::npos && name(rest.substr(0, eq)) &&
                     name(rest.substr(eq + 1)) && (colon == std::string_view::npos || name(param));
  if (!valid) {
    throw InputError(
        fmt::format("{}: expected BASELINE=CANDIDATE workloads such as mutex=atomic_add, or "
                    "PARAM:BASELINE=CANDIDATE values such as stride:8=64, got '{}'",
                    what, excerpt(text)));
  }
  return {std::string(rest.substr(0, eq)), std::string(rest.substr(eq + 1)), std::string(param)};
}

std::string WorkloadPair::text() const {
  return (param.empty() ? "" : param + ":") + baseline + "=" + candidate;
}

bool WorkloadPair::present(const ResultsFile& file, bool candidate_side) const {
  const std::string& wanted = candidate_side ? candidate : baseline;
  return std::any_of(file.points.begin(), file.points.end(), [&](const PointRecord& p) {
    return param.empty() ? p.workload == wanted : param_value(p, param) == wanted;
  });
}

std::string param_value(const PointRecord& point, const std::string& param) {
  const auto it = point.params.find(param);
  if (it == point.params.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

Matching match_points(const ResultsFile& baseline, const ResultsFile& candidate,
                      const MatchOptions& options) {
  const Keyer keyer(baseline, candidate, options);
  Matching matching;
  Points base_points;
  Points cand_points;
  std::map<std::string, Points> base_groups;
  std::map<std::string, Points> cand_groups;
  for (const auto& p : baseline.points) {
    if (keyer.set_aside(p, false)) {
      ++matching.set_aside_baseline;
      continue;
    }
    base_points.push_back(&p);
    base_groups[keyer.key(p, false, true)].push_back(&p);
  }
  for (const auto& p : candidate.points) {
    if (keyer.set_aside(p, true)) {
      ++matching.set_aside_candidate;
      continue;
    }
    cand_points.push_back(&p);
    cand_groups[keyer.key(p, true, true)].push_back(&p);
  }

  Partners partners;
  for (const auto& [key, group] : base_groups) {
    const auto it = cand_groups.find(key);
    if (it != cand_groups.end()) pair_group(group, it->second, partners);
  }

  // Leftovers, grouped without the placement part, to say "B has it at another level".
  std::map<std::string, Points> base_left;
  std::map<std::string, Points> cand_left;
  for (const auto* p : base_points) {
    if (!partners.of_baseline.count(p)) base_left[keyer.key(*p, false, false)].push_back(p);
  }
  for (const auto* p : cand_points) {
    if (!partners.candidates_taken.count(p)) cand_left[keyer.key(*p, true, false)].push_back(p);
  }
  auto near = [&](const PointRecord* p, bool in_candidate) -> const PointRecord* {
    const auto& others = in_candidate ? base_left : cand_left;
    const auto it = others.find(keyer.key(*p, in_candidate, false));
    return it == others.end() ? nullptr : near_point(*p, it->second);
  };

  for (const auto* p : base_points) {
    const auto it = partners.of_baseline.find(p);
    matching.matches.push_back(it != partners.of_baseline.end()
                                   ? PointMatch{p, it->second, nullptr}
                                   : PointMatch{p, nullptr, near(p, false)});
  }
  for (const auto* p : cand_points) {
    if (!partners.candidates_taken.count(p))
      matching.matches.push_back(PointMatch{nullptr, p, near(p, true)});
  }
  return matching;
}

}  // namespace contend
