#include "scenario/scenario.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "embedded_scenarios.hpp"
#include "platform/error.hpp"
#include "scenario/thread_spec.hpp"
#include "util/json_text.hpp"
#include "util/parse.hpp"
#include "workloads/registry.hpp"

namespace contend {

namespace {

using nlohmann::json;

// Where in the document we are, for error messages: "scenarios/x.json: sweeps[2].threads".
class Where {
 public:
  Where(std::string file, std::string key) : file_(std::move(file)), key_(std::move(key)) {}
  Where operator/(const std::string& key) const {
    return {file_, key_.empty() ? key : key_ + "." + key};
  }
  Where operator[](std::size_t index) const { return {file_, fmt::format("{}[{}]", key_, index)}; }
  std::string str() const { return key_.empty() ? file_ : file_ + ": " + key_; }
  [[noreturn]] void fail(const std::string& expected, const json& got) const {
    throw InputError(fmt::format("{}: expected {}, got {}", str(), expected, excerpt(got.dump())));
  }

 private:
  std::string file_;
  std::string key_;
};

void check_keys(const json& object, const Where& where,
                std::initializer_list<const char*> allowed) {
  if (!object.is_object()) where.fail("an object", object);
  for (const auto& item : object.items()) {
    const std::string& key = item.key();  // not a structured binding: clang 14 cannot capture one
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) ==
        allowed.end()) {
      throw InputError(fmt::format("{}: unknown key '{}' (expected one of: {})",
                                   (where / key).str(), key, fmt::join(allowed, ", ")));
    }
  }
}

std::string read_string(const json& value, const Where& where) {
  if (!value.is_string()) where.fail("a string", value);
  return value.get<std::string>();
}

// A scalar or a non-empty list of scalars, as a list.
std::vector<json> read_list(const json& value, const Where& where) {
  if (!value.is_array()) return {value};
  if (value.empty()) where.fail("a non-empty list", value);
  return {value.begin(), value.end()};
}

double read_duration(const json& value, const Where& where) {
  double seconds = 0;
  if (value.is_number()) {
    seconds = value.get<double>();
    if (!(seconds > 0))
      where.fail("a positive duration in seconds, or a string such as \"200ms\"", value);
  } else if (value.is_string()) {
    seconds = parse_duration_s(value.get<std::string>(), where.str());
  } else {
    where.fail("a duration: seconds as a number, or a string such as \"200ms\"", value);
  }
  check_duration_range(seconds, where.str(), excerpt(value.dump()));
  return seconds;
}

SweepSettings read_settings(const json& object, const Where& where) {
  SweepSettings settings;
  if (object.contains("threads")) {
    std::vector<std::string> items;
    for (const auto& item : read_list(object["threads"], where / "threads")) {
      if (item.is_number_integer()) {
        items.push_back(std::to_string(item.get<std::int64_t>()));
      } else if (item.is_string()) {
        items.push_back(item.get<std::string>());
      } else {
        (where / "threads").fail("thread counts: numbers, \"cores\", \"pus\" or \"pow2\"", item);
      }
    }
    settings.threads = items;
  }
  if (object.contains("placements")) {
    std::vector<PlacementSpec> placements;
    for (const auto& item : read_list(object["placements"], where / "placements")) {
      placements.push_back(PlacementSpec::parse(read_string(item, where / "placements"),
                                                (where / "placements").str()));
    }
    settings.placements = placements;
  }
  if (object.contains("homes")) {
    std::vector<MemoryHome> homes;
    for (const auto& item : read_list(object["homes"], where / "homes")) {
      homes.push_back(
          MemoryHome::parse(read_string(item, where / "homes"), (where / "homes").str()));
    }
    settings.homes = homes;
  }
  if (object.contains("duration"))
    settings.duration_s = read_duration(object["duration"], where / "duration");
  if (object.contains("warmup")) {
    const json& warmup = object["warmup"];
    // A warm-up of 0 is allowed: it means none.
    settings.warmup_s = warmup == json(0) ? 0.0 : read_duration(warmup, where / "warmup");
  }
  if (object.contains("repetitions")) {
    const json& reps = object["repetitions"];
    if (!reps.is_number_integer() || reps.get<std::int64_t>() < 1 ||
        reps.get<std::int64_t>() > kMaxRepetitions) {
      (where / "repetitions")
          .fail(fmt::format("a whole number from 1 to {}", kMaxRepetitions), reps);
    }
    settings.repetitions = reps.get<int>();
  }
  return settings;
}

constexpr std::initializer_list<const char*> kSettingKeys = {
    "threads", "placements", "homes", "duration", "warmup", "repetitions"};

Sweep read_sweep(const json& object, const Where& where) {
  check_keys(object, where,
             {"workload", "params", "threads", "placements", "homes", "duration", "warmup",
              "repetitions"});
  if (!object.contains("workload")) {
    throw InputError(
        fmt::format("{}: missing key 'workload' (a workload name; see contend list)", where.str()));
  }
  Sweep sweep;
  sweep.where = where.str();
  sweep.workload = &find_workload(read_string(object["workload"], where / "workload"),
                                  (where / "workload").str());
  sweep.settings = read_settings(object, where);
  if (object.contains("params")) {
    const Where params_where = where / "params";
    if (!object["params"].is_object())
      params_where.fail("an object of parameter lists", object["params"]);
    for (const auto& [name, values] : object["params"].items()) {
      std::vector<ParamValue> list;
      for (const auto& v : read_list(values, params_where / name)) {
        if (v.is_number_integer()) {
          list.push_back(v.get<std::int64_t>());
        } else if (v.is_string()) {
          list.push_back(v.get<std::string>());
        } else {
          (params_where / name).fail("a whole number or a string", v);
        }
        // Check each value now, so the error points at the file rather than at a later run.
        resolve_params(sweep.workload->params, {{name, list.back()}}, params_where.str());
      }
      sweep.params[name] = std::move(list);
    }
  }
  return sweep;
}

// Every combination of the sweep's parameter values, in file order.
std::vector<std::map<std::string, ParamValue>> param_product(const Sweep& sweep) {
  std::vector<std::map<std::string, ParamValue>> product{{}};
  for (const auto& [name, values] : sweep.params) {
    std::vector<std::map<std::string, ParamValue>> next;
    for (const auto& partial : product) {
      for (const auto& value : values) {
        auto combined = partial;
        combined[name] = value;
        next.push_back(std::move(combined));
      }
    }
    product = std::move(next);
  }
  return product;
}

template <typename T>
T pick(const std::optional<T>& override_value, const std::optional<T>& sweep_value,
       const std::optional<T>& default_value, T fallback) {
  if (override_value) return *override_value;
  if (sweep_value) return *sweep_value;
  if (default_value) return *default_value;
  return fallback;
}

// Where a sweep's setting came from, for errors: the flag that overrode it, the sweep's own
// key, the scenario's defaults, or the built-in default.
template <typename T>
std::string setting_where(const Scenario& scenario, const Sweep& sweep, const std::string& key,
                          const std::string& flag, const std::optional<T>& override_value,
                          const std::optional<T>& sweep_value,
                          const std::optional<T>& default_value) {
  if (override_value) return flag;
  if (sweep_value) return sweep.where + "." + key;
  const std::string file = scenario.file.empty() ? "" : scenario.file + ": ";
  if (default_value) return file + "defaults." + key;
  return file + key + " (built-in default)";
}

// How many PUs `spec` can place threads on; its errors (smt without siblings, a list naming an
// unusable PU) are reported against the key that chose it.
std::size_t usable_pus_for(const Topology& topology, const PlacementSpec& spec,
                           const std::string& where) {
  try {
    return placement_order(topology, spec).size();
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  }
}

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

std::vector<std::filesystem::path> scenario_dirs() {
  std::vector<std::filesystem::path> dirs{"scenarios"};
  const auto exe_dir = executable_dir();
  if (!exe_dir.empty()) {
    dirs.push_back(exe_dir / "../scenarios");
    dirs.push_back(exe_dir / "../share/contend/scenarios");
  }
  return dirs;
}

}  // namespace

void check_duration_range(double seconds, const std::string& what, const std::string& shown) {
  if (!(seconds >= kMinDuration_s && seconds <= kMaxDuration_s)) {
    throw InputError(fmt::format("{}: expected a duration from {} to {}, got {}", what,
                                 format_duration(kMinDuration_s), format_duration(kMaxDuration_s),
                                 shown));
  }
}

Scenario parse_scenario(const std::string& text, const std::string& file) {
  const json document = parse_user_json(text, file);
  const Where root(file, "");
  check_keys(document, root, {"name", "description", "defaults", "sweeps"});
  Scenario scenario;
  scenario.file = file;
  for (const char* key : {"name", "sweeps"}) {
    if (!document.contains(key)) throw InputError(fmt::format("{}: missing key '{}'", file, key));
  }
  scenario.name = read_string(document["name"], root / "name");
  if (scenario.name.empty()) (root / "name").fail("a non-empty name", document["name"]);
  if (document.contains("description")) {
    scenario.description = read_string(document["description"], root / "description");
  }
  if (document.contains("defaults")) {
    check_keys(document["defaults"], root / "defaults", kSettingKeys);
    scenario.defaults = read_settings(document["defaults"], root / "defaults");
  }
  const json& sweeps = document["sweeps"];
  if (!sweeps.is_array() || sweeps.empty())
    (root / "sweeps").fail("a non-empty list of sweeps", sweeps);
  for (std::size_t i = 0; i < sweeps.size(); ++i) {
    scenario.sweeps.push_back(read_sweep(sweeps[i], (root / "sweeps")[i]));
  }
  return scenario;
}

std::map<std::string, std::filesystem::path> find_scenario_files() {
  std::map<std::string, std::filesystem::path> found;
  for (const auto& dir : scenario_dirs()) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") {
        found.try_emplace(entry.path().stem().string(), entry.path().lexically_normal());
      }
    }
  }
  return found;
}

Scenario load_scenario(const std::string& name_or_path) {
  std::filesystem::path path = name_or_path;
  const bool looks_like_path =
      name_or_path.find('/') != std::string::npos || path.extension() == ".json";
  if (!looks_like_path) {
    const auto files = find_scenario_files();
    if (auto it = files.find(name_or_path); it != files.end()) {
      path = it->second;
    } else if (name_or_path == "default") {
      return parse_scenario(kEmbeddedDefaultScenario, "<embedded default.json>");
    } else {
      std::vector<std::string> names;
      for (const auto& [name, file] : files) names.push_back(name);
      throw InputError(fmt::format(
          "scenario '{}': no file scenarios/{}.json (known: {})", name_or_path, name_or_path,
          names.empty() ? "default" : fmt::format("{}", fmt::join(names, ", "))));
    }
  }
  return parse_scenario(read_user_file(path.string(), kMaxScenarioBytes, "a scenario file"),
                        path.string());
}

std::vector<MeasurementPoint> expand_scenario(const Scenario& scenario, const Topology& topology,
                                              const SweepOverrides& overrides) {
  std::vector<MeasurementPoint> points;
  std::set<std::tuple<std::string, std::string, std::vector<int>, std::string>> seen;
  const SweepSettings& o = overrides.settings;
  const SweepSettings& d = scenario.defaults;
  for (const auto& sweep : scenario.sweeps) {
    const SweepSettings& s = sweep.settings;
    const auto thread_items =
        pick(o.threads, s.threads, d.threads, std::vector<std::string>{"pow2"});
    const auto placements =
        pick(o.placements, s.placements, d.placements, std::vector<PlacementSpec>{PlacementSpec{}});
    const std::string threads_where =
        setting_where(scenario, sweep, "threads", "--threads", o.threads, s.threads, d.threads);
    const std::string placements_where = setting_where(scenario, sweep, "placements", "--placement",
                                                       o.placements, s.placements, d.placements);
    const auto homes = pick(o.homes, s.homes, d.homes, std::vector<MemoryHome>{MemoryHome{}});
    const std::string homes_where =
        setting_where(scenario, sweep, "homes", "--home", o.homes, s.homes, d.homes);
    for (const auto& home : homes) check_memory_home(topology, home, homes_where);
    const auto thread_counts = expand_thread_counts(thread_items, topology, threads_where);
    // Checked here rather than left to place(), so the message names the file and the key.
    for (const auto& spec : placements) {
      const std::size_t usable = usable_pus_for(topology, spec, placements_where);
      if (static_cast<std::size_t>(thread_counts.back()) > usable && !overrides.oversubscribe) {
        throw InputError(
            fmt::format("{}: {} threads exceed the {} usable PUs placement {} can use; lower the "
                        "thread count or pass --oversubscribe",
                        threads_where, thread_counts.back(), usable, spec.to_text()));
      }
    }
    std::size_t count = thread_counts.size() * placements.size() * homes.size();
    for (const auto& [name, values] : sweep.params) {
      count = std::min(count * values.size(), kMaxPoints + 1);  // saturates: never overflows
    }
    if (points.size() + count > kMaxPoints) {
      throw InputError(fmt::format(
          "{}: expands into more than {} points (parameter values x thread counts x placements x "
          "homes); "
          "shorten the lists",
          sweep.where, kMaxPoints));
    }
    for (const auto& given : param_product(sweep)) {
      const Params params = resolve_params(sweep.workload->params, given, sweep.where + ".params");
      for (int threads : thread_counts) {
        for (const auto& spec : placements) {
          for (const auto& home : homes) {
            MeasurementPoint point;
            point.workload = sweep.workload;
            point.params = params;
            point.threads = threads;
            point.placement = place(topology, spec, threads, overrides.oversubscribe);
            point.home = home;
            point.duration_s = pick(o.duration_s, s.duration_s, d.duration_s, kDefaultDuration_s);
            point.warmup_s = pick(o.warmup_s, s.warmup_s, d.warmup_s, kDefaultWarmup_s);
            point.repetitions =
                pick(o.repetitions, s.repetitions, d.repetitions, kDefaultRepetitions);
            if (!seen.emplace(point.workload->name, params.to_text(), point.placement.pus,
                              home.to_text())
                     .second)
              continue;
            points.push_back(std::move(point));
          }
        }
      }
    }
  }
  return points;
}

}  // namespace contend
