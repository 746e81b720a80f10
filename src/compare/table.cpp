#include "compare/table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "stats/summary.hpp"
#include "util/console.hpp"

namespace contend {

namespace {

// Console text is wrapped to this many columns.
constexpr std::size_t kTextWidth = 100;

// `text` broken into lines of at most `width` columns at spaces, each after `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

// A grid of text cells rendered either aligned or as a Markdown pipe table.
struct Grid {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-align (numbers)
  std::vector<std::vector<std::string>> rows;
  // Console only: a line under each row (parameters, notes), indented, so the columns stay
  // narrow; "" for none. Markdown keeps everything in the row's cells.
  std::vector<std::string> below;

  std::string render(TextFormat format) const {
    return format == TextFormat::kMarkdown ? markdown() : console();
  }

  std::string console() const {
    std::vector<std::size_t> width(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& cells) {
      for (std::size_t i = 0; i < cells.size(); ++i)
        width[i] = std::max(width[i], length(cells[i]));
    };
    measure(header);
    for (const auto& r : rows) measure(r);
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string pad(width[i] - length(cells[i]), ' ');
        text += (i ? "  " : "") + (right[i] ? pad + cells[i] : cells[i] + pad);
      }
      text.erase(text.find_last_not_of(' ') + 1);
      out += text + "\n";
    };
    line(header);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      line(rows[r]);
      if (r < below.size() && !below[r].empty()) out += wrap(below[r], kTextWidth, "  ");
    }
    return out;
  }

  std::string markdown() const {
    auto line = [](const std::vector<std::string>& cells) {
      std::string text = "|";
      for (const auto& c : cells) text += fmt::format(" {} |", escape(c));
      return text + "\n";
    };
    std::string out = line(header) + "|";
    for (bool r : right) out += r ? " ---: |" : " --- |";
    out += "\n";
    for (const auto& r : rows) out += line(r);
    return out;
  }

  // Display columns, counting each UTF-8 sequence once (for "±" and "→").
  static std::size_t length(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  }
  static std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  }
};

std::string verdict_text(Verdict v) {
  return v == Verdict::kWithinNoise ? "within noise" : std::string(to_string(v));
}

// The row's baseline median, the one the JSON writes; "failed" or "-" without one.
std::string baseline_figure(const Row& row) {
  if (row.baseline_median) return format_figure(*row.baseline_median);
  return row.baseline->ok ? "-" : "failed";
}

std::string machine_header(const Comparison& c, std::size_t side, TextFormat format) {
  return format == TextFormat::kMarkdown
             ? fmt::format("{}: {}", file_letter(side), (*c.sides)[side][0].machine)
             : file_letter(side);
}

// "5% (assumed)", "8.1% (repetitions)", "6.2% over 3 runs".
std::string spread_text(const RunSpread& s) {
  return s.source == SpreadSource::kRuns
             ? fmt::format("{:.2g}% over {} runs", s.sigma * 100, s.runs)
             : fmt::format("{:.2g}% ({})", s.sigma * 100, to_string(s.source));
}

// Why a point found no partner: the other file has it at another placement, and which
// --match-placement would pair them (none when they differ in what the current mode keys on).
std::string near_hint(const Comparison& c, const PointRecord& point, const PointRecord& near,
                      const std::string& other) {
  const bool by_level = c.options.match.placement == MatchPlacement::kSharedLevel;
  const bool other_mode_pairs =
      by_level ? near.strategy == point.strategy : near.shared_level == point.shared_level;
  return fmt::format("{} has it at {}{}", other, placement_text(near),
                     other_mode_pairs ? fmt::format(" (--match-placement {} pairs them)",
                                                    by_level ? "strategy" : "level")
                                      : "");
}

Grid points_grid(const Comparison& c, TextFormat format) {
  const std::string& metric = c.metric;
  const int percent = static_cast<int>(std::lround(c.options.bootstrap.confidence * 100));
  Grid g;
  auto column = [&g](const std::string& header, bool right) {
    g.header.push_back(header);
    g.right.push_back(right);
  };
  // On a console the table keeps to kTextWidth for two files: the metric is named in the method
  // line above it, parameters and notes go on a line under each row.
  const bool console = format == TextFormat::kConsole;
  const std::string figure_suffix = console ? "" : " " + metric;
  column("workload", false);
  column(console ? "thr" : "threads", true);
  column("placement", false);
  column(machine_header(c, 0, format) + figure_suffix, true);
  for (std::size_t j = 1; j < c.names.size(); ++j) {
    column(machine_header(c, j, format) + figure_suffix, true);
    column(file_letter(j) + "/A", true);
    column(fmt::format("{}% CI", percent), false);
    column("verdict", false);
  }
  if (!console) column("notes", false);

  for (const auto& row : c.rows) {
    const PointRecord& p = *row.baseline;
    std::vector<std::string> cells = {console ? p.workload : p.label(), std::to_string(p.threads),
                                      placement_text(p), baseline_figure(row)};
    std::vector<std::string> notes;
    for (std::size_t j = 0; j < row.cells.size(); ++j) {
      const Cell& cell = row.cells[j];
      if (cell.status == CellStatus::kCompared) {
        const RatioInterval& interval = cell.estimate.interval;
        cells.push_back(format_figure(cell.estimate.candidate));
        cells.push_back(fmt::format("{:.3f}", interval.ratio));
        cells.push_back(fmt::format("[{:.3f}, {:.3f}]", interval.low, interval.high));
        cells.push_back(verdict_text(cell.verdict));
        // Say why an interval is wider than the floor makes it.
        const std::pair<std::string, const RunSpread*> spreads[] = {
            {"A", &cell.estimate.baseline_spread},
            {file_letter(j + 1), &cell.estimate.candidate_spread}};
        for (const auto& [side, spread] : spreads) {
          if (spread->source != SpreadSource::kAssumed) {
            notes.push_back(fmt::format("{} run spread {}", side, spread_text(*spread)));
          }
        }
      } else {
        cells.push_back(cell.point && !cell.point->ok ? "failed" : "-");
        cells.push_back("-");
        cells.push_back("");
        cells.push_back(cell.reason);
      }
      if (cell.near) {
        notes.push_back(near_hint(c, p, *cell.near, file_letter(j + 1)));
      }
      notes.insert(notes.end(), cell.notes.begin(), cell.notes.end());
    }
    // Point flags repeat per candidate; show each once.
    std::vector<std::string> unique;
    for (auto& n : notes) {
      if (std::find(unique.begin(), unique.end(), n) == unique.end()) unique.push_back(n);
    }
    if (console) {
      if (!p.params_text().empty()) unique.insert(unique.begin(), p.params_text());
      g.below.push_back(fmt::format("{}", fmt::join(unique, "; ")));
    } else {
      cells.push_back(fmt::format("{}", fmt::join(unique, "; ")));
    }
    g.rows.push_back(std::move(cells));
  }
  return g;
}

std::string family_line(const FamilySummary& f) {
  const std::string letter = file_letter(f.candidate + 1);
  const int compared = f.faster + f.slower + f.within_noise;
  std::string text = fmt::format("{}: {}/A", f.family, letter);
  text += f.geomean_ratio > 0 ? fmt::format(" geomean {:.3f} over {} point{}", f.geomean_ratio,
                                            compared, compared == 1 ? "" : "s")
                              : fmt::format(" no ratio ({} compared)", compared);
  text +=
      fmt::format(": {} faster, {} slower, {} within noise", f.faster, f.slower, f.within_noise);
  if (f.not_compared) text += fmt::format("; {} not compared", f.not_compared);
  if (f.only_in_candidate) text += fmt::format("; {} only in {}", f.only_in_candidate, letter);
  return text;
}

std::string unmatched_line(const Comparison& c, const Unmatched& u) {
  std::string text = fmt::format("{}, {} thread{}, {}", u.point->label(), u.point->threads,
                                 u.point->threads == 1 ? "" : "s", placement_text(*u.point));
  if (!u.point->ok) text += " (failed)";
  if (u.near) text += "; " + near_hint(c, *u.point, *u.near, "A");
  return text;
}

}  // namespace

std::string format_figure(double value) {
  return std::abs(value) >= 1000 ? si_format(value) : fmt::format("{:.3g}", value);
}

std::string placement_text(const PointRecord& point) {
  return fmt::format("{} ({})", point.shared_level, point.strategy);
}

std::string render_text(const Comparison& c, TextFormat format) {
  const bool md = format == TextFormat::kMarkdown;
  std::string out;
  auto heading = [&](const std::string& title) {
    out += md ? fmt::format("\n### {}\n\n", title) : fmt::format("\n{}:\n", title);
  };
  auto item = [&](const std::string& text) { out += fmt::format("{} {}\n", md ? "-" : " ", text); };
  out += md ? fmt::format("## contend compare: {}\n\n{}\n\n", c.metric, method_text(c))
            : wrap("contend compare: " + method_text(c), kTextWidth, "");
  std::size_t file = 0;
  for (std::size_t s = 0; s < c.sides->size(); ++s) {
    const std::string role = s == 0 ? " (baseline)" : "";
    for (const auto& run : (*c.sides)[s]) {
      const std::string& label = c.file_labels[file++];
      out += md ? fmt::format("- **{}**{}: {} — `{}`\n", label, role, run.machine, run.path)
                : fmt::format("  {:<14} {}  {}\n", label + role, run.machine, run.path);
    }
  }
  if (!c.context.empty()) {
    heading("Context differences");
    Grid g;
    g.header = {"fact"};
    g.right = {false};
    for (std::size_t i = 0; i < c.files.size(); ++i) {
      g.header.push_back(md ? fmt::format("{}: {}", c.file_labels[i], c.files[i]->machine)
                            : c.file_labels[i]);
      g.right.push_back(false);
    }
    for (const auto& d : c.context) {
      std::vector<std::string> cells = {d.what};
      cells.insert(cells.end(), d.values.begin(), d.values.end());
      g.rows.push_back(std::move(cells));
    }
    out += g.render(format);
  }
  if (!c.file_notes.empty()) {
    heading("Notes");
    for (const auto& note : c.file_notes) item(note);
  }
  heading("Points");
  out += points_grid(c, format).render(format);
  for (std::size_t j = 0; j < c.only_in_candidate.size(); ++j) {
    if (c.only_in_candidate[j].empty()) continue;
    heading(fmt::format("Only in {}", file_letter(j + 1)));
    for (const auto& u : c.only_in_candidate[j]) item(unmatched_line(c, u));
  }
  heading("Summary");
  for (const auto& f : c.families) item(family_line(f));
  out += md ? fmt::format("\n{}\n", kDriftCaveat) : wrap(kDriftCaveat, kTextWidth, "  ");
  return out;
}

std::string method_text(const Comparison& c) {
  const auto& o = c.options;
  return fmt::format(
      "{} ({} is better). Each side's figure is the median over its runs (results files) of "
      "each run's median over repetitions; ratio = candidate/baseline. {:g}% interval: "
      "percentile bootstrap ({} resamples, seed {}) resampling runs, then the repetitions of "
      "each drawn run. A side's spread between runs is taken as at least {:g}% (--run-spread), "
      "and for a single run as its repetitions' spread where that is larger; what the resampled "
      "runs do not show is added as a random run effect. Faster/slower when the interval "
      "excludes 1 and the change is at least {:g}% (--min-effect).",
      c.metric, c.higher_better ? "higher" : "lower", o.bootstrap.confidence * 100,
      o.bootstrap.resamples, o.bootstrap.seed, o.run_spread * 100, o.min_effect * 100);
}

std::string verdict_line(const Comparison& c) {
  const Tally t = tally(c);
  std::string line = fmt::format(
      "contend compare: {} {} cells: {} faster, {} slower, {} within noise, {} not compared",
      t.faster + t.slower + t.within_noise + t.not_compared, c.metric, t.faster, t.slower,
      t.within_noise, t.not_compared);
  if (c.options.fail_on != FailOn::kNever) {
    line += fmt::format("; --fail-on {}: {}", to_string(c.options.fail_on),
                        exit_code(c) == 0 ? "pass" : "FAIL");
  }
  return line;
}

}  // namespace contend
