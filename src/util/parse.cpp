#include "util/parse.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>

#include "platform/error.hpp"

namespace contend {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool parse_double(std::string_view text, double& out) {
  // std::from_chars for double is available in both libstdc++ 12 and our clang setup.
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = text.find(sep, start);
    items.emplace_back(trim(text.substr(start, pos - start)));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return items;
}

double parse_duration_s(std::string_view text, const std::string& what) {
  text = trim(text);
  struct Unit {
    std::string_view suffix;
    double scale;
  };
  // Longest suffixes first so "ms" is not read as "s".
  static constexpr Unit kUnits[] = {
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"min", 60.0}, {"s", 1.0}};
  double scale = 0;  // no unit
  std::string_view number = text;
  for (const auto& unit : kUnits) {
    if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
      number = text.substr(0, text.size() - unit.suffix.size());
      scale = unit.scale;
      break;
    }
  }
  double value = 0;
  const bool is_number = parse_double(trim(number), value);
  if (is_number && scale == 0) {
    throw InputError(fmt::format("{}: '{}' has no unit; expected a duration such as {}ms or {}s",
                                 what, excerpt(text), excerpt(text), excerpt(text)));
  }
  if (!is_number || value <= 0) {
    throw InputError(
        fmt::format("{}: expected a positive duration such as 100ms, 2s or 1.5s, got '{}'", what,
                    excerpt(text)));
  }
  return value * scale;
}

std::int64_t parse_int(std::string_view text, const std::string& what, std::int64_t min,
                       std::int64_t max) {
  text = trim(text);
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw InputError(fmt::format("{}: expected a whole number, got '{}'", what, excerpt(text)));
  }
  if (value < min || value > max) {
    throw InputError(
        fmt::format("{}: expected a number from {} to {}, got {}", what, min, max, value));
  }
  return value;
}

std::vector<int> parse_pu_list(std::string_view text, const std::string& what) {
  constexpr int kMaxPu = 1 << 20;
  std::vector<int> pus;
  std::set<int> seen;
  for (const auto& item : split(text, ',')) {
    const auto dash = item.find('-');
    const std::string expect = "a PU list such as 0-3,8";
    if (item.empty())
      throw InputError(fmt::format("{}: expected {}, got '{}'", what, expect, excerpt(text)));
    int first = 0;
    int last = 0;
    try {
      if (dash == std::string::npos) {
        first = last = static_cast<int>(parse_int(item, what, 0, kMaxPu));
      } else {
        first = static_cast<int>(parse_int(item.substr(0, dash), what, 0, kMaxPu));
        last = static_cast<int>(parse_int(item.substr(dash + 1), what, 0, kMaxPu));
      }
    } catch (const InputError&) {
      throw InputError(fmt::format("{}: expected {}, got '{}'", what, expect, excerpt(text)));
    }
    if (last < first)
      throw InputError(fmt::format("{}: range '{}' runs backwards", what, excerpt(item)));
    for (int pu = first; pu <= last; ++pu) {
      if (!seen.insert(pu).second) {
        throw InputError(fmt::format("{}: PU {} is listed twice in '{}'", what, pu, excerpt(text)));
      }
      pus.push_back(pu);
    }
  }
  return pus;
}

std::string format_duration(double seconds) {
  if (seconds < 1e-3) return fmt::format("{:g}us", seconds * 1e6);
  if (seconds < 1.0) return fmt::format("{:g}ms", seconds * 1e3);
  return fmt::format("{:g}s", seconds);
}

}  // namespace contend
