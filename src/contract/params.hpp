// Workload parameters: what each workload accepts (ParamSpec) and the checked values of one
// point (Params). Values come from `--param key=value` (text) or scenario files (JSON).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace contend {

using ParamValue = std::variant<std::int64_t, std::string>;

struct ParamSpec {
  std::string name;
  std::string description;
  std::vector<std::string> choices;  // empty: the value is an integer in [min, max]
  ParamValue default_value;
  std::int64_t min = 0;
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  bool power_of_two = false;  // integers only: the value must also be a power of two

  bool is_integer() const { return choices.empty(); }
  // "relaxed|seq_cst" or "a power of two from 8 to 4096", for help text and error messages.
  std::string expected() const;
};

class Params {
 public:
  Params() = default;
  explicit Params(std::map<std::string, ParamValue> values) : values_(std::move(values)) {}

  // The value of a parameter the workload declared; the registry guarantees it is present.
  std::int64_t integer(std::string_view name) const;
  const std::string& text(std::string_view name) const;

  const std::map<std::string, ParamValue>& values() const { return values_; }
  // "order=relaxed stride=64", sorted by name; "" when there are none.
  std::string to_text() const;

  friend bool operator==(const Params&, const Params&) = default;

 private:
  std::map<std::string, ParamValue> values_;
};

std::string to_string(const ParamValue& value);

// Checks `given` against `specs`, fills in defaults. Text values of integer parameters are
// parsed. Throws InputError naming `where` and the parameter for unknown names, wrong types,
// values outside the range or not among the choices.
Params resolve_params(const std::vector<ParamSpec>& specs,
                      const std::map<std::string, ParamValue>& given, const std::string& where);

}  // namespace contend
