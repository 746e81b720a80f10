#include "c2c/c2c_console.hpp"

#include <fmt/format.h>

#include <map>

namespace contend {

namespace {

std::string matrix_text(const std::vector<int>& pus, const C2cModeResult& m) {
  std::map<std::pair<int, int>, double> median;
  for (const PairStats& p : m.pairs) {
    if (!p.ok) continue;
    median[{p.pair.a, p.pair.b}] = p.median_ns;
    median[{p.pair.b, p.pair.a}] = p.median_ns;
  }
  std::string out = fmt::format("{:>5}", "PU");
  for (int pu : pus) out += fmt::format("{:>7}", pu);
  out += "\n";
  for (int row : pus) {
    out += fmt::format("{:>5}", row);
    for (int col : pus) {
      const auto it = median.find({row, col});
      out += it == median.end() ? fmt::format("{:>7}", row == col ? "-" : "?")
                                : fmt::format("{:>7.1f}", it->second);
    }
    out += "\n";
  }
  return out;
}

std::string levels_text(const C2cModeResult& m) {
  std::string out = fmt::format("{:<14}{:>7}{:>12}{:>24}\n", "shared level", "pairs", "median ns",
                                "pair medians (ns)");
  for (const auto& [level, s] : m.by_level) {
    out += fmt::format("{:<14}{:>7}{:>12.1f}{:>24}\n", to_string(level), s.pairs, s.median_ns,
                       fmt::format("{:.1f} .. {:.1f}", s.lowest_median_ns, s.highest_median_ns));
  }
  return out;
}

std::string clusters_text(const C2cModeResult& m) {
  std::string out = "latency clusters:\n";
  for (std::size_t c = 0; c < m.clusters.size(); ++c) {
    const LatencyCluster& cluster = m.clusters[c];
    std::string levels;
    for (const auto& [level, count] : cluster.levels) {
      levels += fmt::format("{}{} {}", levels.empty() ? "" : ", ", count, to_string(level));
    }
    out += fmt::format("  #{} {:.1f} ns median ({:.1f} .. {:.1f}), {} pair{}: {}\n", c,
                       cluster.median_ns, cluster.min_ns, cluster.max_ns, cluster.members.size(),
                       cluster.members.size() == 1 ? "" : "s", levels);
  }
  return out;
}

}  // namespace

std::string c2c_console(const C2cRun& run) {
  std::string out;
  for (const C2cModeResult& m : run.modes) {
    out += fmt::format("\n{}: one-way latency, median over samples (ns)\n", to_string(m.mode));
    if (run.pus.size() <= kConsoleMatrixMaxPus) out += matrix_text(run.pus, m) + "\n";
    out += levels_text(m);
    out += clusters_text(m);
  }
  return out;
}

}  // namespace contend
