#include "compare/comparison.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "stats/summary.hpp"
#include "util/error.hpp"

namespace contend {

namespace {

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

void add_point_notes(const PointRecord& p, const std::string& letter,
                     std::vector<std::string>& notes) {
  if (p.noisy) notes.push_back("noisy in " + letter);
  if (p.migrated) notes.push_back("migrated in " + letter);
  if (p.oversubscribed) notes.push_back("oversubscribed in " + letter);
  if (!p.pinned) notes.push_back("unpinned in " + letter);
}

// Numbers only when both points passed verification and the metric can give an interval.
Cell compare_pair(const Row& row, const PointRecord& cand, const std::string& letter,
                  std::size_t candidate_index, const CompareOptions& options, bool higher_better) {
  const PointRecord& base = *row.baseline;
  Cell cell;
  cell.point = &cand;
  if (!base.ok || !cand.ok) {
    cell.status = CellStatus::kFailed;
    if (!base.ok && !cand.ok) {
      cell.reason =
          fmt::format("failed in A ({}) and in {} ({})", base.failure, letter, cand.failure);
    } else {
      cell.reason = !base.ok ? fmt::format("failed in A: {}", base.failure)
                             : fmt::format("failed in {}: {}", letter, cand.failure);
    }
    return cell;
  }
  add_point_notes(base, "A", cell.notes);
  add_point_notes(cand, letter, cell.notes);
  if (cand.label() != base.label()) cell.notes.push_back(letter + " runs " + cand.label());
  if (cand.strategy != base.strategy) cell.notes.push_back(letter + " placed " + cand.strategy);
  if (cand.shared_level != base.shared_level) {
    cell.notes.push_back(letter + " shares " + cand.shared_level);
  }
  const std::string& metric = options.metric;
  const auto* a = values_of(base, metric);
  const auto* b = values_of(cand, metric);
  cell.status = CellStatus::kNotComparable;
  if (!a || !b) {
    cell.reason = fmt::format("no {} in {}", metric, !a ? "A" : letter);
    return cell;
  }
  if (a->size() < kMinRepetitions || b->size() < kMinRepetitions) {
    cell.reason = fmt::format("needs {} repetitions in each file for an interval (A {}, {} {})",
                              kMinRepetitions, a->size(), letter, b->size());
    return cell;
  }
  cell.baseline_median = row.baseline_median.value_or(0);  // present: the point is ok, has `a`
  cell.candidate_median = median(*b);
  if (!(cell.baseline_median > 0)) {
    cell.reason = fmt::format("median {} in A is {}: no ratio", metric, cell.baseline_median);
    return cell;
  }
  BootstrapOptions bootstrap = options.bootstrap;
  bootstrap.seed =
      mix(options.bootstrap.seed, fmt::format("{}|{}|{}|{}|{}", base.label(), base.threads,
                                              base.shared_level, base.strategy, candidate_index));
  cell.interval = bootstrap_median_ratio(*a, *b, bootstrap);
  cell.verdict = judge(cell.interval, options.min_effect, higher_better);
  cell.status = CellStatus::kCompared;
  return cell;
}

std::vector<std::string> unique_names(const std::vector<ResultsFile>& files) {
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.machine);
  auto count = [&](const std::string& name) {
    return std::count(names.begin(), names.end(), name);
  };
  std::vector<std::string> out = names;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (count(names[i]) > 1) {
      out[i] += " [" + std::filesystem::path(files[i].path).filename().string() + "]";
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::count(out.begin(), out.end(), out[i]) > 1) out[i] += " " + file_letter(i);
  }
  return out;
}

// A warning with its figures blanked: "load average 9.7" and "load average 2.1" are the same
// condition, present in both files, so not a difference between them.
std::string warning_kind(const std::string& warning) {
  std::string kind;
  for (char c : warning) {
    const bool figure = (c >= '0' && c <= '9') || c == '.';
    if (!figure || kind.empty() || kind.back() != '#') kind += figure ? '#' : c;
  }
  return kind;
}

std::vector<std::string> file_notes(const std::vector<ResultsFile>& files) {
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].interrupted) {
      notes.push_back(fmt::format("{} was interrupted: it may lack points", file_letter(i)));
    }
    for (const auto& warning : files[i].warnings) {
      const std::string kind = warning_kind(warning);
      const bool everywhere = std::all_of(files.begin(), files.end(), [&](const ResultsFile& f) {
        return std::any_of(f.warnings.begin(), f.warnings.end(),
                           [&](const std::string& w) { return warning_kind(w) == kind; });
      });
      if (!everywhere) notes.push_back(fmt::format("{} warns: {}", file_letter(i), warning));
    }
  }
  return notes;
}

void check_inputs(const std::vector<ResultsFile>& files, const CompareOptions& options) {
  if (files.size() < 2) {
    throw InputError("compare: expected at least two results files (the first is the baseline)");
  }
  for (const auto& pair : options.match.pairs) {
    const std::string what = fmt::format("--pair {}={}", pair.baseline, pair.candidate);
    if (!has_workload(files[0], pair.baseline)) {
      throw InputError(fmt::format("{}: the baseline {} has no point of workload '{}'", what,
                                   files[0].path, pair.baseline));
    }
    const bool anywhere = std::any_of(files.begin() + 1, files.end(), [&](const ResultsFile& f) {
      return has_workload(f, pair.candidate);
    });
    if (!anywhere) {
      throw InputError(
          fmt::format("{}: no candidate file has a point of workload '{}'", what, pair.candidate));
    }
  }
  std::set<std::string> metrics;
  for (const auto& f : files) {
    for (const auto& p : f.points) {
      for (const auto& [name, values] : p.values) metrics.insert(name);
    }
  }
  if (!metrics.empty() && !metrics.count(options.metric)) {
    throw InputError(fmt::format("--metric: no point in these files has '{}' (they have: {})",
                                 options.metric, fmt::join(metrics, ", ")));
  }
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
      ratios[{f.family, j}].push_back(cell.interval.ratio);
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
    // A ratio of 0 (candidate median 0) has no logarithm; such families report no mean.
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

bool higher_is_better(std::string_view metric) {
  auto ends_with = [metric](std::string_view suffix) {
    return metric.size() >= suffix.size() && metric.substr(metric.size() - suffix.size()) == suffix;
  };
  return !(ends_with("_ns") || ends_with("_per_op") || metric == "lost_updates" ||
           metric == "max_share" || metric == "system_time_fraction");
}

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

Comparison compare_results(const std::vector<ResultsFile>& files, const CompareOptions& options) {
  check_inputs(files, options);
  Comparison c;
  c.options = options;
  c.higher_better = higher_is_better(options.metric);
  c.files = &files;
  c.names = unique_names(files);
  c.context = context_differences(files);
  c.file_notes = file_notes(files);

  const std::size_t candidates = files.size() - 1;
  std::map<const PointRecord*, std::size_t> row_of;
  for (const auto& p : files[0].points) {
    row_of[&p] = c.rows.size();
    Row row{&p, std::nullopt, std::vector<Cell>(candidates)};
    const auto* values = values_of(p, options.metric);
    if (p.ok && values && !values->empty()) row.baseline_median = median(*values);
    c.rows.push_back(std::move(row));
  }
  std::vector<bool> set_aside(c.rows.size(), true);
  c.only_in_candidate.resize(candidates);
  for (std::size_t j = 0; j < candidates; ++j) {
    const std::string letter = file_letter(j + 1);
    const Matching matching = match_points(files[0], files[j + 1], options.match);
    if (matching.set_aside_baseline + matching.set_aside_candidate > 0) {
      c.file_notes.push_back(fmt::format(
          "--pair set aside {} point(s) of A and {} of {}: the paired workloads stand in for them",
          matching.set_aside_baseline, matching.set_aside_candidate, letter));
    }
    const bool none_matched = std::none_of(
        matching.matches.begin(), matching.matches.end(),
        [](const PointMatch& m) { return m.baseline != nullptr && m.candidate != nullptr; });
    if (none_matched && !files[0].points.empty() && !files[j + 1].points.empty()) {
      c.file_notes.push_back(fmt::format(
          "no point of {} matches one of A: different workloads, thread counts or placements? "
          "--pair BASE=CAND compares one workload against another, --match-placement strategy "
          "ignores the level the PUs share",
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
        cell = compare_pair(c.rows[row], *m.candidate, letter, j, options, c.higher_better);
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

}  // namespace contend
