// The property the scenario fuzzer checks, shared with the unit test that replays every input
// it ever found: any bytes either parse into a scenario that expands into points, or are
// refused with an InputError whose message names the file (main() keeps it on one line).
// Returns "" when the property holds, else what is wrong; other exceptions propagate (they are
// bugs too).
#pragma once

#include <string>
#include <string_view>

#include "scenario/scenario.hpp"
#include "platform/error.hpp"

namespace contend {

inline constexpr std::string_view kCheckedScenarioFile = "fuzz.json";

inline std::string check_scenario_text(const std::string& text) {
  // A fixed synthetic machine, so expansion behaves the same everywhere.
  static const Topology machine = Topology::load_synthetic("pack:2 l3:2 core:2 pu:2");
  try {
    const Scenario scenario = parse_scenario(text, std::string(kCheckedScenarioFile));
    SweepOverrides overrides;
    overrides.oversubscribe = true;
    (void)expand_scenario(scenario, machine, overrides);
  } catch (const InputError& e) {
    const std::string_view message = e.what();
    if (!message.starts_with(kCheckedScenarioFile)) {
      return "the error does not name the file: " + std::string(message);
    }
  }
  return "";
}

}  // namespace contend
