#include "compare/comparison.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "platform/error.hpp"

namespace contend {

namespace {

// The points standing for one baseline or candidate point: one per run of its side.
using Replicas = std::vector<const PointRecord*>;

// FNV-1a: each row gets its own stream from --seed, stable whatever the file order.
std::uint64_t mix(std::uint64_t seed, const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return seed ^ hash;
}

const std::vector<double>* values_of(const PointRecord& p, const std::string& metric) {
  const auto it = p.values.find(metric);
  return it == p.values.end() ? nullptr : &it->second;
}

// "A" for a side of one run, "A1", "A2", ... for its runs otherwise.
std::string run_label(std::size_t side, std::size_t run, std::size_t runs) {
  return runs == 1 ? file_letter(side) : fmt::format("{}{}", file_letter(side), run + 1);
}

// Everything a cell needs to know about one side.
struct SidePoint {
  std::size_t side = 0;
  const Replicas* replicas = nullptr;

  std::string label(std::size_t run) const { return run_label(side, run, replicas->size()); }

  // "failed in B2: why", or "" when every run passed.
  std::string failure() const {
    for (std::size_t r = 0; r < replicas->size(); ++r) {
      const PointRecord& p = *(*replicas)[r];
      if (!p.ok) return fmt::format("{}: {}", label(r), p.failure);
    }
    return "";
  }

  void add_notes(std::vector<std::string>& notes) const {
    for (std::size_t r = 0; r < replicas->size(); ++r) {
      const PointRecord& p = *(*replicas)[r];
      const std::string in = " in " + label(r);
      if (p.noisy) notes.push_back("noisy" + in);
      if (p.migrated) notes.push_back("migrated" + in);
      if (p.oversubscribed) notes.push_back("oversubscribed" + in);
      if (!p.pinned) notes.push_back("unpinned" + in);
      for (const auto& note : p.notes) notes.push_back(note + in);
    }
  }

  // Each run's values, or why there are none (or, `for_interval`, too few for an interval).
  std::string values(const std::string& metric, RunValues& out, bool for_interval) const {
    for (std::size_t r = 0; r < replicas->size(); ++r) {
      const PointRecord& p = *(*replicas)[r];
      const auto* v = values_of(p, metric);
      if (!v || v->empty()) return fmt::format("no {} in {}", metric, label(r));
      if (for_interval && v->size() < p.min_values) {
        return fmt::format("needs {} repetitions in each run for an interval ({} has {})",
                           p.min_values, label(r), v->size());
      }
      out.emplace_back(*v);
    }
    return "";
  }
};

// Numbers only when every run of both sides passed verification and has enough values.
Cell compare_pair(const SidePoint& base, const SidePoint& cand, const Comparison& c,
                  std::size_t candidate_index) {
  const PointRecord& a = *base.replicas->front();
  const PointRecord& b = *cand.replicas->front();
  Cell cell;
  cell.point = &b;
  const std::string failed_a = base.failure();
  const std::string failed_b = cand.failure();
  if (!failed_a.empty() || !failed_b.empty()) {
    cell.status = CellStatus::kFailed;
    cell.reason = failed_a.empty()   ? "failed in " + failed_b
                  : failed_b.empty() ? "failed in " + failed_a
                                     : fmt::format("failed in {} and in {}", failed_a, failed_b);
    return cell;
  }
  base.add_notes(cell.notes);
  cand.add_notes(cell.notes);
  const std::string letter = file_letter(cand.side);
  if (b.label() != a.label()) cell.notes.push_back(letter + " runs " + b.label());
  if (b.strategy != a.strategy) cell.notes.push_back(letter + " placed " + b.strategy);
  if (b.shared_level != a.shared_level) cell.notes.push_back(letter + " shares " + b.shared_level);

  cell.status = CellStatus::kNotComparable;
  RunValues va;
  RunValues vb;
  cell.reason = base.values(c.metric, va, true);
  if (cell.reason.empty()) cell.reason = cand.values(c.metric, vb, true);
  if (!cell.reason.empty()) return cell;
  if (!(side_figure(va) > 0)) {
    cell.reason = fmt::format("{} of A is {}: no ratio", c.metric, side_figure(va));
    return cell;
  }
  BootstrapOptions bootstrap = c.options.bootstrap;
  bootstrap.seed =
      mix(c.options.bootstrap.seed, fmt::format("{}|{}|{}|{}|{}", a.label(), a.threads,
                                                a.shared_level, a.strategy, candidate_index));
  cell.estimate = estimate_ratio(va, vb, bootstrap, c.options.run_spread);
  cell.verdict = judge(cell.estimate.interval, c.options.min_effect, c.higher_better);
  cell.status = CellStatus::kCompared;
  cell.reason.clear();
  return cell;
}

// For each point of a side's first run, the points standing for it in every run. Runs are
// the same build, so they match without --pair.
std::map<const PointRecord*, Replicas> gather_runs(const Side& side, std::size_t index,
                                                   const MatchOptions& match,
                                                   std::vector<std::string>& notes) {
  std::map<const PointRecord*, Replicas> replicas;
  for (const auto& p : side[0].points) replicas[&p] = {&p};
  MatchOptions within;
  within.placement = match.placement;
  for (std::size_t r = 1; r < side.size(); ++r) {
    int lacking = 0;
    int extra = 0;
    for (const auto& m : match_points(side[0], side[r], within).matches) {
      if (m.baseline && m.candidate) {
        replicas[m.baseline].push_back(m.candidate);
      } else {
        ++(m.baseline ? lacking : extra);
      }
    }
    const std::string label = run_label(index, r, side.size());
    const std::string first = run_label(index, 0, side.size());
    if (lacking > 0) {
      notes.push_back(fmt::format("{} lacks {} point(s) of {}: those compare over fewer runs",
                                  label, lacking, first));
    }
    if (extra > 0) {
      notes.push_back(
          fmt::format("{} has {} point(s) {} lacks: not compared", label, extra, first));
    }
  }
  return replicas;
}

std::vector<std::string> unique_names(const std::vector<Side>& sides) {
  std::vector<std::string> names;
  for (const auto& side : sides) names.push_back(side[0].machine);
  auto count = [&](const std::string& name) {
    return std::count(names.begin(), names.end(), name);
  };
  std::vector<std::string> out = names;
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (count(names[i]) > 1) {
      out[i] += " [" + std::filesystem::path(sides[i][0].path).filename().string() + "]";
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::count(out.begin(), out.end(), out[i]) > 1) out[i] += " " + file_letter(i);
  }
  return out;
}

// Two warnings name the same condition when their codes match; when one has none (version 1
// text), when their texts match with the figures blanked ("load average 9.7" and "load
// average 2.1" are the same condition, present in both files, so not a difference).
bool same_condition(const Warning& a, const Warning& b) {
  if (!a.code.empty() && !b.code.empty()) return a.code == b.code;
  auto blanked = [](const std::string& text) {
    std::string kind;
    for (char c : text) {
      const bool figure = (c >= '0' && c <= '9') || c == '.';
      if (!figure || kind.empty() || kind.back() != '#') kind += figure ? '#' : c;
    }
    return kind;
  };
  return blanked(a.text) == blanked(b.text);
}

std::vector<std::string> file_notes(const Comparison& c) {
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < c.files.size(); ++i) {
    const ResultsFile& file = *c.files[i];
    const std::string& label = c.file_labels[i];
    if (file.interrupted) notes.push_back(label + " was interrupted: it may lack points");
    for (const auto& warning : file.warnings) {
      const bool everywhere = std::all_of(c.files.begin(), c.files.end(), [&](const auto* f) {
        return std::any_of(f->warnings.begin(), f->warnings.end(),
                           [&](const Warning& w) { return same_condition(w, warning); });
      });
      if (!everywhere) notes.push_back(fmt::format("{} warns: {}", label, warning.text));
    }
  }
  for (std::size_t s = 0; s < c.sides->size(); ++s) {
    const Side& side = (*c.sides)[s];
    const bool one_machine = std::all_of(side.begin(), side.end(), [&](const ResultsFile& f) {
      return f.machine == side[0].machine;
    });
    if (!one_machine) {
      notes.push_back(
          fmt::format("{}'s runs come from different machines: its spread between "
                      "runs includes theirs",
                      file_letter(s)));
    }
  }
  return notes;
}

// The metric compared and its direction; refuses what cannot be compared.
void check_inputs(Comparison& c) {
  const auto& sides = *c.sides;
  if (sides.size() < 2) {
    throw InputError(
        "compare: expected at least two results files, or runs on both sides of --: the first "
        "is the baseline");
  }
  for (std::size_t s = 0; s < sides.size(); ++s) {
    if (sides[s].empty()) {
      throw InputError(fmt::format("compare: side {} has no results file", file_letter(s)));
    }
  }
  for (const ResultsFile* f : c.files) {
    if (f->kind != c.files[0]->kind) {
      throw InputError(
          fmt::format("compare: {} is a {} file and {} a {} file: compare results of one kind",
                      c.files[0]->path, c.files[0]->kind, f->path, f->kind));
    }
  }
  const ResultsFile& baseline = sides[0][0];
  for (const auto& pair : c.options.match.pairs) {
    const std::string what = "--pair " + pair.text();
    const std::string prefix = pair.param.empty() ? "workload " : pair.param + "=";
    const std::string base = prefix + pair.baseline;
    const std::string cand = prefix + pair.candidate;
    if (!pair.present(baseline, false)) {
      throw InputError(
          fmt::format("{}: the baseline {} has no point of {}", what, baseline.path, base));
    }
    const bool anywhere = std::any_of(sides.begin() + 1, sides.end(), [&](const Side& side) {
      return pair.present(side[0], true);
    });
    if (!anywhere) {
      throw InputError(fmt::format("{}: no candidate file has a point of {}", what, cand));
    }
  }
  c.metric = c.options.metric.empty() ? headline_metric(baseline) : c.options.metric;
  std::set<std::string> metrics;
  for (const ResultsFile* f : c.files) {
    for (const auto& p : f->points) {
      for (const auto& [name, values] : p.values) metrics.insert(name);
    }
  }
  if (!metrics.empty() && !metrics.count(c.metric)) {
    throw InputError(fmt::format("--metric: no point in these files has '{}' (they have: {})",
                                 c.metric, fmt::join(metrics, ", ")));
  }
  const Better better = metric_better(c.files, c.metric);
  if (better == Better::kNone) {
    throw InputError(fmt::format(
        "--metric {}: the files say neither higher nor lower is better, so no verdict can "
        "follow; compare a metric with a direction",
        c.metric));
  }
  c.higher_better = better == Better::kHigher;
}

FamilySummary& family_entry(std::vector<FamilySummary>& families, const std::string& family,
                            std::size_t candidate) {
  for (auto& f : families) {
    if (f.family == family && f.candidate == candidate) return f;
  }
  families.push_back({family, candidate, 0, 0, 0, 0, 0, 0});
  return families.back();
}

std::vector<FamilySummary> summarize_families(const Comparison& c) {
  std::vector<FamilySummary> families;
  std::map<std::pair<std::string, std::size_t>, std::vector<double>> ratios;
  for (const auto& row : c.rows) {
    for (std::size_t j = 0; j < row.cells.size(); ++j) {
      const Cell& cell = row.cells[j];
      FamilySummary& f = family_entry(families, row.baseline->family, j);
      if (cell.status != CellStatus::kCompared) {
        ++f.not_compared;
        continue;
      }
      ratios[{f.family, j}].push_back(cell.estimate.interval.ratio);
      if (cell.verdict == Verdict::kFaster) ++f.faster;
      if (cell.verdict == Verdict::kSlower) ++f.slower;
      if (cell.verdict == Verdict::kWithinNoise) ++f.within_noise;
    }
  }
  for (std::size_t j = 0; j < c.only_in_candidate.size(); ++j) {
    for (const auto& u : c.only_in_candidate[j]) {
      ++family_entry(families, u.point->family, j).only_in_candidate;
    }
  }
  for (auto& f : families) {
    const auto it = ratios.find({f.family, f.candidate});
    // A ratio of 0 (candidate figure 0) has no logarithm; such families report no mean.
    if (it != ratios.end() &&
        std::all_of(it->second.begin(), it->second.end(), [](double r) { return r > 0; })) {
      f.geomean_ratio = geometric_mean(it->second);
    }
  }
  std::stable_sort(
      families.begin(), families.end(),
      [](const FamilySummary& a, const FamilySummary& b) { return a.candidate < b.candidate; });
  return families;
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kFaster:
      return "faster";
    case Verdict::kSlower:
      return "slower";
    case Verdict::kWithinNoise:
      break;
  }
  return "within_noise";
}

std::string_view to_string(FailOn fail_on) {
  switch (fail_on) {
    case FailOn::kSlower:
      return "slower";
    case FailOn::kFaster:
      return "faster";
    case FailOn::kAny:
      return "any";
    case FailOn::kNever:
      break;
  }
  return "never";
}

std::string_view to_string(CellStatus status) {
  switch (status) {
    case CellStatus::kCompared:
      return "compared";
    case CellStatus::kFailed:
      return "failed";
    case CellStatus::kMissing:
      return "missing";
    case CellStatus::kNotComparable:
      break;
  }
  return "not_comparable";
}

Verdict judge(const RatioInterval& interval, double min_effect, bool higher_better) {
  // Symmetric in log space: with 2%, up means ratio >= 1.02 and down ratio <= 1/1.02.
  const bool up = interval.low > 1 && interval.ratio >= 1 + min_effect;
  const bool down = interval.high < 1 && interval.ratio <= 1 / (1 + min_effect);
  if (!up && !down) return Verdict::kWithinNoise;
  return up == higher_better ? Verdict::kFaster : Verdict::kSlower;
}

std::string file_letter(std::size_t i) {
  return i < 26 ? std::string(1, static_cast<char>('A' + i)) : fmt::format("F{}", i + 1);
}

Comparison compare_sides(std::vector<Side> sides, const CompareOptions& options) {
  Comparison c;
  c.options = options;
  c.sides = std::make_shared<const std::vector<Side>>(std::move(sides));
  for (std::size_t s = 0; s < c.sides->size(); ++s) {
    const Side& side = (*c.sides)[s];
    for (std::size_t r = 0; r < side.size(); ++r) {
      c.files.push_back(&side[r]);
      c.file_labels.push_back(run_label(s, r, side.size()));
    }
  }
  check_inputs(c);
  const auto& all = *c.sides;
  c.names = unique_names(all);
  c.context = context_differences(c.files);
  c.file_notes = file_notes(c);

  std::vector<std::map<const PointRecord*, Replicas>> replicas;
  for (std::size_t s = 0; s < all.size(); ++s) {
    replicas.push_back(gather_runs(all[s], s, options.match, c.file_notes));
  }
  const ResultsFile& baseline = all[0][0];
  const std::size_t candidates = all.size() - 1;
  std::map<const PointRecord*, std::size_t> row_of;
  for (const auto& p : baseline.points) {
    row_of[&p] = c.rows.size();
    Row row{&p, std::nullopt, std::vector<Cell>(candidates)};
    const SidePoint side{0, &replicas[0].at(&p)};
    RunValues values;
    if (side.failure().empty() && side.values(c.metric, values, false).empty()) {
      row.baseline_median = side_figure(values);
    }
    c.rows.push_back(std::move(row));
  }
  std::vector<bool> set_aside(c.rows.size(), true);
  c.only_in_candidate.resize(candidates);
  for (std::size_t j = 0; j < candidates; ++j) {
    const std::string letter = file_letter(j + 1);
    const ResultsFile& candidate = all[j + 1][0];
    const Matching matching = match_points(baseline, candidate, options.match);
    if (matching.set_aside_baseline + matching.set_aside_candidate > 0) {
      c.file_notes.push_back(fmt::format(
          "--pair set aside {} point(s) of A and {} of {}: the paired points stand in for them",
          matching.set_aside_baseline, matching.set_aside_candidate, letter));
    }
    const bool none_matched = std::none_of(
        matching.matches.begin(), matching.matches.end(),
        [](const PointMatch& m) { return m.baseline != nullptr && m.candidate != nullptr; });
    if (none_matched && !baseline.points.empty() && !candidate.points.empty()) {
      c.file_notes.push_back(fmt::format(
          "no point of {} matches one of A: different workloads, thread counts or placements? "
          "--pair BASE=CAND compares one workload (or PARAM:BASE=CAND one value) against "
          "another, --match-placement strategy ignores the level the PUs share",
          letter));
    }
    for (const auto& m : matching.matches) {
      if (!m.baseline) {
        c.only_in_candidate[j].push_back({m.candidate, m.near});
        continue;
      }
      const std::size_t row = row_of.at(m.baseline);
      set_aside[row] = false;
      Cell& cell = c.rows[row].cells[j];
      if (m.candidate) {
        cell = compare_pair({0, &replicas[0].at(m.baseline)},
                            {j + 1, &replicas[j + 1].at(m.candidate)}, c, j);
      } else {
        cell.status = CellStatus::kMissing;
        cell.near = m.near;
        cell.reason = fmt::format("not in {}", letter);
      }
    }
  }
  // Baseline points --pair set aside for every candidate are no rows at all.
  std::vector<Row> kept;
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    if (set_aside[i]) continue;
    for (auto& cell : c.rows[i].cells) {
      if (cell.status == CellStatus::kMissing && cell.reason.empty()) {
        cell.reason = "set aside by --pair";
      }
    }
    kept.push_back(std::move(c.rows[i]));
  }
  c.rows = std::move(kept);
  c.families = summarize_families(c);
  return c;
}

Comparison compare_results(const std::vector<ResultsFile>& files, const CompareOptions& options) {
  std::vector<Side> sides;
  for (const auto& f : files) sides.push_back({f});
  return compare_sides(std::move(sides), options);
}

Tally tally(const Comparison& c) {
  Tally t;
  for (const auto& f : c.families) {
    t.faster += f.faster;
    t.slower += f.slower;
    t.within_noise += f.within_noise;
    t.not_compared += f.not_compared;
  }
  return t;
}

int exit_code(const Comparison& c) {
  const Tally t = tally(c);
  switch (c.options.fail_on) {
    case FailOn::kSlower:
      return t.slower > 0 ? 1 : 0;
    case FailOn::kFaster:
      return t.faster > 0 ? 1 : 0;
    case FailOn::kAny:
      return t.slower + t.faster > 0 ? 1 : 0;
    case FailOn::kNever:
      break;
  }
  return 0;
}

}  // namespace contend
