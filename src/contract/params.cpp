#include "contract/params.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>

#include "platform/error.hpp"
#include "util/parse.hpp"

namespace contend {

std::string ParamSpec::expected() const {
  if (!is_integer()) return fmt::format("{}", fmt::join(choices, "|"));
  if (power_of_two) return fmt::format("a power of two from {} to {}", min, max);
  if (max == std::numeric_limits<std::int64_t>::max()) return fmt::format("an integer >= {}", min);
  return fmt::format("an integer from {} to {}", min, max);
}

std::string to_string(const ParamValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  return std::get<std::string>(value);
}

std::int64_t Params::integer(std::string_view name) const {
  return std::get<std::int64_t>(values_.at(std::string(name)));
}

const std::string& Params::text(std::string_view name) const {
  return std::get<std::string>(values_.at(std::string(name)));
}

std::string Params::to_text() const {
  std::vector<std::string> parts;
  for (const auto& [name, value] : values_) parts.push_back(name + "=" + to_string(value));
  return fmt::format("{}", fmt::join(parts, " "));
}

namespace {

ParamValue check_value(const ParamSpec& spec, const ParamValue& value, const std::string& where) {
  const std::string what = fmt::format("{}: parameter '{}'", where, spec.name);
  if (spec.is_integer()) {
    std::int64_t number = 0;
    if (const auto* text = std::get_if<std::string>(&value)) {
      number = parse_int(*text, what, spec.min, spec.max);
    } else {
      number = std::get<std::int64_t>(value);
    }
    if (number < spec.min || number > spec.max ||
        (spec.power_of_two && !std::has_single_bit(static_cast<std::uint64_t>(number)))) {
      throw InputError(fmt::format("{}: expected {}, got {}", what, spec.expected(), number));
    }
    return number;
  }
  const auto* text = std::get_if<std::string>(&value);
  if (!text || std::find(spec.choices.begin(), spec.choices.end(), *text) == spec.choices.end()) {
    throw InputError(
        fmt::format("{}: expected one of {}, got '{}'", what, spec.expected(), to_string(value)));
  }
  return *text;
}

}  // namespace

Params resolve_params(const std::vector<ParamSpec>& specs,
                      const std::map<std::string, ParamValue>& given, const std::string& where) {
  std::map<std::string, ParamValue> values;
  for (const auto& [name, value] : given) {
    // Compared through a plain reference: clang 14 cannot capture a structured binding.
    const std::string& wanted = name;
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&wanted](const ParamSpec& s) { return s.name == wanted; });
    if (spec == specs.end()) {
      std::vector<std::string> names;
      for (const auto& s : specs) names.push_back(s.name);
      throw InputError(
          fmt::format("{}: unknown parameter '{}' (parameters: {})", where, name,
                      names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
    }
    values[name] = check_value(*spec, value, where);
  }
  for (const auto& spec : specs) values.try_emplace(spec.name, spec.default_value);
  return Params(std::move(values));
}

}  // namespace contend
