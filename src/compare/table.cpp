#include "compare/table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "report/console_table.hpp"
#include "stats/summary.hpp"

namespace contend {

namespace {

// A grid of text cells rendered either aligned or as a Markdown pipe table.
struct Grid {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-align (numbers)
  std::vector<std::vector<std::string>> rows;

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
    for (const auto& r : rows) line(r);
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

std::string machine_header(const Comparison& c, std::size_t i, TextFormat format) {
  return format == TextFormat::kMarkdown
             ? fmt::format("{}: {}", file_letter(i), (*c.files)[i].machine)
             : file_letter(i);
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
  const std::string& metric = c.options.metric;
  const int percent = static_cast<int>(std::lround(c.options.bootstrap.confidence * 100));
  Grid g;
  auto column = [&g](const std::string& header, bool right) {
    g.header.push_back(header);
    g.right.push_back(right);
  };
  column("workload", false);
  column("threads", true);
  column("placement", false);
  column(machine_header(c, 0, format) + " " + metric, true);
  for (std::size_t j = 1; j < c.names.size(); ++j) {
    column(machine_header(c, j, format) + " " + metric, true);
    column(file_letter(j) + "/A", true);
    column(fmt::format("{}% CI", percent), false);
    column("verdict", false);
  }
  column("notes", false);

  for (const auto& row : c.rows) {
    const PointRecord& p = *row.baseline;
    std::vector<std::string> cells = {p.label(), std::to_string(p.threads), placement_text(p),
                                      baseline_figure(row)};
    std::vector<std::string> notes;
    for (std::size_t j = 0; j < row.cells.size(); ++j) {
      const Cell& cell = row.cells[j];
      if (cell.status == CellStatus::kCompared) {
        cells.push_back(format_figure(cell.candidate_median));
        cells.push_back(fmt::format("{:.3f}", cell.interval.ratio));
        cells.push_back(fmt::format("[{:.3f}, {:.3f}]", cell.interval.low, cell.interval.high));
        cells.push_back(verdict_text(cell.verdict));
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
    cells.push_back(fmt::format("{}", fmt::join(unique, "; ")));
    g.rows.push_back(std::move(cells));
  }
  return g;
}

std::string method_line(const Comparison& c) {
  const auto& o = c.options;
  return fmt::format(
      "{} ({} is better): ratio = candidate/baseline of the medians over repetitions, "
      "{:g}% percentile-bootstrap interval ({} resamples, seed {}); faster/slower when the "
      "interval excludes 1 and the change is at least {:g}%. The interval covers the spread "
      "between repetitions inside each run, not drift between runs (a reboot, a moved VM): "
      "repeat the baseline to see that",
      o.metric, c.higher_better ? "higher" : "lower", o.bootstrap.confidence * 100,
      o.bootstrap.resamples, o.bootstrap.seed, o.min_effect * 100);
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
  const auto& files = *c.files;
  std::string out;
  auto heading = [&](const std::string& title) {
    out += md ? fmt::format("\n### {}\n\n", title) : fmt::format("\n{}:\n", title);
  };
  out += md ? fmt::format("## contend compare: {}\n\n{}.\n\n", c.options.metric, method_line(c))
            : fmt::format("contend compare: {}\n", method_line(c));
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string role = i == 0 ? " (baseline)" : "";
    out += md ? fmt::format("- **{}**{}: {} — `{}`\n", file_letter(i), role, files[i].machine,
                            files[i].path)
              : fmt::format("  {}{:<11} {}  {}\n", file_letter(i), role, files[i].machine,
                            files[i].path);
  }
  if (!c.context.empty()) {
    heading("Context differences");
    Grid g;
    g.header = {"fact"};
    g.right = {false};
    for (std::size_t i = 0; i < files.size(); ++i) {
      g.header.push_back(md ? machine_header(c, i, format) : file_letter(i));
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
    for (const auto& note : c.file_notes) out += fmt::format("{} {}\n", md ? "-" : " ", note);
  }
  heading("Points");
  out += points_grid(c, format).render(format);
  for (std::size_t j = 0; j < c.only_in_candidate.size(); ++j) {
    if (c.only_in_candidate[j].empty()) continue;
    heading(fmt::format("Only in {}", file_letter(j + 1)));
    for (const auto& u : c.only_in_candidate[j]) {
      out += fmt::format("{} {}\n", md ? "-" : " ", unmatched_line(c, u));
    }
  }
  heading("Summary");
  for (const auto& f : c.families) out += fmt::format("{} {}\n", md ? "-" : " ", family_line(f));
  return out;
}

}  // namespace contend
