#include "compare/load.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "platform/error.hpp"
#include "util/json_text.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

using nlohmann::json;

// The oldest results format compare still reads (string warnings, no metric table, no roles).
constexpr int kOldestSchemaVersion = 1;

// Field access that names the file and the path of the key in every complaint.
class Fields {
 public:
  explicit Fields(const std::string& file) : file_(file) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw InputError(fmt::format("{}: {}: {}", file_, where, problem));
  }

  const json& get(const json& object, const std::string& where, const char* key, json::value_t type,
                  const char* expected) const {
    const std::string path = where.empty() ? key : where + "." + key;
    const auto it = object.find(key);
    if (it == object.end()) fail(path, fmt::format("missing (expected {})", expected));
    // Any integer will do: nlohmann keeps non-negative ones as number_unsigned; any number
    // will do where a float is expected.
    const bool matches = type == json::value_t::number_integer ? it->is_number_integer()
                         : type == json::value_t::number_float ? it->is_number()
                                                               : it->type() == type;
    if (!matches) fail(path, fmt::format("expected {}, found {}", expected, it->type_name()));
    return *it;
  }
  std::string text(const json& o, const std::string& where, const char* key) const {
    return get(o, where, key, json::value_t::string, "a string").get<std::string>();
  }
  const json& object(const json& o, const std::string& where, const char* key) const {
    return get(o, where, key, json::value_t::object, "an object");
  }
  const json& array(const json& o, const std::string& where, const char* key) const {
    return get(o, where, key, json::value_t::array, "an array");
  }
  bool flag(const json& o, const std::string& where, const char* key) const {
    return get(o, where, key, json::value_t::boolean, "true or false").get<bool>();
  }
  std::int64_t integer(const json& o, const std::string& where, const char* key) const {
    return get(o, where, key, json::value_t::number_integer, "an integer").get<std::int64_t>();
  }
  double number(const json& o, const std::string& where, const char* key) const {
    return get(o, where, key, json::value_t::number_float, "a number").get<double>();
  }
  // `key`'s text, which must be one of `allowed`.
  std::string choice(const json& o, const std::string& where, const char* key,
                     const std::vector<std::string>& allowed) const {
    const std::string value = text(o, where, key);
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      fail(where.empty() ? key : where + "." + key,
           fmt::format("expected one of {}, found \"{}\"", fmt::join(allowed, ", "),
                       excerpt(value)));
    }
    return value;
  }

 private:
  const std::string& file_;
};

PointRecord read_point(const json& p, const std::string& where, const Fields& f) {
  PointRecord r;
  r.workload = f.text(p, where, "workload");
  r.family = f.text(p, where, "family");
  if (p.contains("role")) {  // version 2 (a reader needs none: it only notes unsafe points)
    r.role = f.choice(p, where, "role", {"candidate", "baseline", "unsafe", "reference"});
  }
  if (r.role == "unsafe") r.notes.push_back("unsafe workload");
  r.params = f.object(p, where, "params");
  // A memory home other than the first worker's node is part of what was measured: it keys
  // the match and shows in labels like a parameter. Files without one (before schema 2.x)
  // read as "first".
  if (p.contains("shared_state")) {
    const json& state = f.object(p, where, "shared_state");
    const std::string home = f.text(state, where + ".shared_state", "home");
    if (home != "first") r.params["home"] = home;
  }
  r.threads = static_cast<int>(f.integer(p, where, "threads"));
  const json& placement = f.object(p, where, "placement");
  const std::string pw = where + ".placement";
  r.strategy = f.text(placement, pw, "strategy");
  r.shared_level = f.text(placement, pw, "shared_level");
  r.oversubscribed = placement.value("oversubscribed", false);
  r.pinned = placement.value("pinned", true);
  r.noisy = p.value("noisy", false);
  r.migrated = p.value("migrated", false);

  const std::string status = f.choice(p, where, "status", {"ok", "failed"});
  const json& verification = f.object(p, where, "verification");
  const bool passed = f.flag(verification, where + ".verification", "passed");
  const json& repetitions = f.array(p, where, "repetitions");
  int unverified = 0;
  for (std::size_t i = 0; i < repetitions.size(); ++i) {
    const std::string rw = fmt::format("{}.repetitions[{}]", where, i);
    if (!repetitions[i].is_object()) f.fail(rw, "expected an object");
    if (!f.flag(repetitions[i], rw, "verified")) ++unverified;
    for (const auto& [metric, value] : f.object(repetitions[i], rw, "metrics").items()) {
      if (value.is_number()) r.values[metric].push_back(value.get<double>());
    }
  }
  r.ok = status == "ok" && passed && unverified == 0 && !repetitions.empty();
  if (!r.ok) {
    const auto error = p.find("error");
    if (error != p.end() && error->is_string() && !error->get<std::string>().empty()) {
      r.failure = error->get<std::string>();
    } else if (repetitions.empty()) {
      r.failure = "no repetitions";
    } else {
      r.failure = fmt::format("verification failed ({} of {} repetitions)", std::max(unverified, 1),
                              repetitions.size());
    }
    r.values.clear();  // a failed point's figures must never be shown as numbers
  }
  return r;
}

// Version 2's table: {name: {unit, better, description}}.
std::map<std::string, MetricDescriptor> read_metric_table(const json& doc, const Fields& f) {
  std::map<std::string, MetricDescriptor> table;
  for (const auto& [name, info] : f.object(doc, "", "metrics").items()) {
    const std::string where = "metrics." + name;
    if (!info.is_object()) f.fail(where, "expected an object with unit, better, description");
    const std::string better = f.choice(info, where, "better", {"higher", "lower", "none"});
    table[name] = {f.text(info, where, "unit"), better == "higher"  ? Better::kHigher
                                                : better == "lower" ? Better::kLower
                                                                    : Better::kNone};
  }
  return table;
}

// Strings in version 1; {code, text, figures} objects in version 2.
std::vector<Warning> read_warnings(const json& doc, int version, const Fields& f) {
  std::vector<Warning> warnings;
  const json& list = f.array(doc, "", "warnings");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("warnings[{}]", i);
    if (version < 2) {
      if (list[i].is_string()) warnings.push_back({"", list[i].get<std::string>(), {}});
      continue;
    }
    if (!list[i].is_object()) f.fail(where, "expected an object with code, text, figures");
    warnings.push_back({f.text(list[i], where, "code"), f.text(list[i], where, "text"), {}});
  }
  return warnings;
}

// The distinct printed values of one setting over the points, in order: "200ms", or
// "50ms, 200ms" when sweeps differ.
template <typename Show>
std::string distinct(const json& points, Show show) {
  std::set<std::string> values;
  for (const auto& p : points) {
    const std::string v = show(p);
    if (!v.empty()) values.insert(v);
  }
  return values.empty() ? "none" : fmt::format("{}", fmt::join(values, ", "));
}

std::string printed(const json& value) {
  if (value.is_null()) return "";
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string seconds(const json& value) {
  return value.is_number() ? format_duration(value.get<double>()) : printed(value);
}

// How a run measured, from its points (the fields are optional: the file was checked above).
void run_settings(const json& points, ResultsFile& file) {
  using Show = std::string (*)(const json&);
  auto each = [&points](const char* key, Show show) {
    return distinct(points, [&](const json& p) { return p.contains(key) ? show(p.at(key)) : ""; });
  };
  auto placed = [&points](const char* key, Show show) {
    return distinct(points,
                    [&](const json& p) { return show(p.at("placement").value(key, json())); });
  };
  const bool sampled =
      std::any_of(file.points.begin(), file.points.end(), [](const PointRecord& p) {
        const auto it = p.values.find("latency_samples");
        return it != p.values.end() &&
               std::any_of(it->second.begin(), it->second.end(), [](double v) { return v > 0; });
      });
  const json::json_pointer batch("/timer/batch_ops");
  file.settings = {
      {"duration", each("duration_s", seconds)},
      {"warmup", each("warmup_s", seconds)},
      {"repetitions", each("repetitions_requested", printed)},
      {"stability", each("stability", printed)},
      {"noise threshold %", each("noise_threshold_pct", printed)},
      {"placements", placed("strategy", printed)},
      {"pinned", placed("pinned", printed)},
      {"latency sampling", sampled ? "on" : "off"},
      {"batch ops", file.context.contains(batch) ? printed(file.context.at(batch)) : "absent"},
  };
}

// One record per (mode, shared level) of a c2c file, its values the pairs' one-way medians.
void read_c2c(const json& doc, ResultsFile& file, const Fields& f) {
  const json& c2c = f.object(doc, "", "c2c");
  const json& pairs = f.array(c2c, "c2c", "pairs");
  struct Level {
    PointRecord record;
    int pairs = 0;
    int failed = 0;
  };
  std::vector<Level> levels;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const std::string where = fmt::format("c2c.pairs[{}]", i);
    const json& pair = pairs[i];
    if (!pair.is_object()) f.fail(where, "expected an object");
    const std::string mode = f.text(pair, where, "mode");
    const std::string level = f.text(pair, where, "shared_level");
    const bool ok = f.choice(pair, where, "status", {"ok", "failed"}) == "ok";
    auto it = std::find_if(levels.begin(), levels.end(), [&](const Level& l) {
      return l.record.params["mode"] == mode && l.record.shared_level == level;
    });
    if (it == levels.end()) {
      Level l;
      l.record.workload = "c2c";
      l.record.family = "c2c";
      l.record.params = {{"mode", mode}};
      l.record.threads = 2;
      l.record.strategy = "pairs";
      l.record.shared_level = level;
      l.record.min_values = 1;
      levels.push_back(std::move(l));
      it = levels.end() - 1;
    }
    ++it->pairs;
    if (!ok) {
      ++it->failed;
      if (it->record.failure.empty()) it->record.failure = printed(pair.value("error", json()));
      continue;
    }
    it->record.values["one_way_ns"].push_back(f.number(pair, where, "one_way_ns_median"));
    it->record.migrated = it->record.migrated || pair.value("migrated", false);
  }
  for (auto& l : levels) {
    PointRecord& r = l.record;
    r.ok = l.failed < l.pairs;
    if (!r.ok) {
      r.failure =
          fmt::format("all {} pairs failed{}", l.pairs, r.failure.empty() ? "" : ": " + r.failure);
    } else if (l.failed > 0) {
      r.notes.push_back(fmt::format("{} of {} pairs failed", l.failed, l.pairs));
      r.failure.clear();
    }
    file.points.push_back(std::move(r));
  }
  auto& s = file.settings;
  s.emplace_back("samples per pair", printed(c2c.value("samples_requested", json())));
  const std::string trips = printed(c2c.value("round_trips_requested", json()));
  s.emplace_back("round trips per sample", trips.empty() ? "calibrated" : trips);
  s.emplace_back("rounds", printed(c2c.value("rounds", json())));
  s.emplace_back("schedule", printed(c2c.value("schedule", json())));
  s.emplace_back("modes", printed(c2c.value("mode", json())));
}

}  // namespace

std::string PointRecord::params_text() const {
  std::string out;
  for (const auto& [name, value] : params.items()) {
    if (!out.empty()) out += ' ';
    out += name + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

std::string PointRecord::label() const {
  const std::string text = params_text();
  return text.empty() ? workload : workload + " " + text;
}

ResultsFile parse_results(const std::string& text, const std::string& name) {
  const json doc = parse_user_json(text, name);
  const Fields f(name);
  if (!doc.is_object()) f.fail("document", "expected a JSON object (a contend results file)");
  const std::int64_t version = f.integer(doc, "", "schema_version");
  if (version < kOldestSchemaVersion || version > kSchemaVersion) {
    f.fail("schema_version", fmt::format("found {}, expected {} to {} (written by a different "
                                         "contend version?)",
                                         version, kOldestSchemaVersion, kSchemaVersion));
  }
  ResultsFile file;
  file.path = name;
  file.schema_version = static_cast<int>(version);
  file.kind = f.choice(doc, "", "kind", {"run", "c2c"});
  file.tool = f.object(doc, "", "tool");
  file.context = f.object(doc, "", "context");
  const json& cpu = f.object(file.context, "context", "cpu");
  file.machine = fmt::format("{} ({})", f.text(cpu, "context.cpu", "model"),
                             f.text(file.context, "context", "hostname"));
  // Version 2 run files carry the table; where a file lacks it, the name rule stands in.
  if (doc.contains("metrics")) file.metrics = read_metric_table(doc, f);
  file.warnings = read_warnings(doc, file.schema_version, f);
  const auto run = doc.find("run");
  if (run != doc.end() && run->is_object()) file.interrupted = run->value("interrupted", false);
  if (file.kind == "c2c") {
    read_c2c(doc, file, f);
    return file;
  }
  const json& points = f.array(doc, "", "points");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string where = fmt::format("points[{}]", i);
    if (!points[i].is_object()) f.fail(where, "expected an object");
    file.points.push_back(read_point(points[i], where, f));
  }
  run_settings(points, file);
  return file;
}

ResultsFile load_results(const std::string& path) {
  return parse_results(read_user_file(path, kMaxResultsBytes, "a results file"), path);
}

std::string headline_metric(const ResultsFile& file) {
  return file.kind == "c2c" ? "one_way_ns" : "ops_per_sec";
}

Better metric_better(const std::vector<const ResultsFile*>& files, const std::string& metric) {
  const ResultsFile* declared = nullptr;
  for (const ResultsFile* file : files) {
    const auto it = file->metrics.find(metric);
    if (it == file->metrics.end()) continue;
    if (declared && declared->metrics.at(metric).better != it->second.better) {
      throw InputError(fmt::format("--metric {}: {} says {} is better, {} says {}", metric,
                                   declared->path, to_string(declared->metrics.at(metric).better),
                                   file->path, to_string(it->second.better)));
    }
    declared = file;
  }
  if (declared) return declared->metrics.at(metric).better;
  const std::string_view name = metric;
  auto ends_with = [name](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  const bool lower = ends_with("_ns") || ends_with("_per_op") || name == "lost_updates" ||
                     name == "max_share" || name == "system_time_fraction";
  return lower ? Better::kLower : Better::kHigher;
}

}  // namespace contend
