// Scenario files: a named, described list of sweeps, each expanding into measurement points.
// Parsing is strict: every unknown key, wrong type or impossible value is an InputError that
// names the file, the key and what was expected.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "contract/params.hpp"
#include "contract/point.hpp"
#include "topology/topology.hpp"

namespace contend {

// Values a sweep leaves out fall back to the scenario's "defaults", then to these.
struct SweepSettings {
  std::optional<std::vector<std::string>> threads;  // items for expand_thread_counts
  std::optional<std::vector<PlacementSpec>> placements;
  std::optional<std::vector<MemoryHome>> homes;  // where the shared state lives (an axis)
  std::optional<double> duration_s;
  std::optional<double> warmup_s;
  std::optional<int> repetitions;
};

struct Sweep {
  const WorkloadInfo* workload = nullptr;
  // Each parameter's list of values; the sweep runs their cartesian product.
  std::map<std::string, std::vector<ParamValue>> params;
  SweepSettings settings;
  std::string where;  // "file: sweeps[2]" for errors found while expanding
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;  // path it was read from, "<embedded>" for the built-in default
  SweepSettings defaults;
  std::vector<Sweep> sweeps;
};

// Command-line flags that replace what every sweep says.
struct SweepOverrides {
  SweepSettings settings;
  bool oversubscribe = false;  // allow more threads than usable PUs
};

inline constexpr double kDefaultDuration_s = defaults::kDuration_s;
inline constexpr double kDefaultWarmup_s = defaults::kWarmup_s;
inline constexpr int kDefaultRepetitions = defaults::kRepetitions;
// Shorter repetitions measure the clock and the thread start, not the operation.
inline constexpr double kMinDuration_s = 1e-3;
inline constexpr double kMaxDuration_s = 3600;  // one point longer than an hour is a typo
// Throws InputError "WHAT: expected a duration from 1ms to 3600s, got SHOWN" for `seconds` outside
// [kMinDuration_s, kMaxDuration_s]. `shown` is what the user wrote, already quoted or cut.
void check_duration_range(double seconds, const std::string& what, const std::string& shown);
inline constexpr int kMaxRepetitions = 10000;
// More points than this is a slip (long parameter lists multiply), not an experiment: refused
// before the expansion exhausts memory.
inline constexpr std::size_t kMaxPoints = 100000;
// A scenario file is a few kilobytes; anything this large is the wrong file.
inline constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;

// Parses a scenario document. `file` names it in every error message.
Scenario parse_scenario(const std::string& text, const std::string& file);

// `name_or_path`: a path to a .json file, or a name looked up as scenarios/NAME.json in the
// current directory and next to the executable; "default" falls back to the embedded copy.
Scenario load_scenario(const std::string& name_or_path);

// Scenario files found where load_scenario looks, by name.
std::map<std::string, std::filesystem::path> find_scenario_files();

// Expands sweeps into points: parameter product x thread counts x placements x memory homes,
// thread counts checked against the usable PUs and homes against the NUMA nodes. Points that would
// run the same threads on the same PUs as an earlier one (compact and scatter at 1 thread) are kept
// once.
std::vector<MeasurementPoint> expand_scenario(const Scenario& scenario, const Topology& topology,
                                              const SweepOverrides& overrides);

}  // namespace contend
