#include "compare/load.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/results_json.hpp"
#include "util/error.hpp"
#include "util/json_text.hpp"

namespace contend {

namespace {

using nlohmann::json;

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
    // Any integer will do: nlohmann keeps non-negative ones as number_unsigned.
    const bool matches =
        type == json::value_t::number_integer ? it->is_number_integer() : it->type() == type;
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

 private:
  const std::string& file_;
};

PointRecord read_point(const json& p, const std::string& where, const Fields& f) {
  PointRecord r;
  r.workload = f.text(p, where, "workload");
  r.family = f.text(p, where, "family");
  r.params = f.object(p, where, "params");
  r.threads = static_cast<int>(f.integer(p, where, "threads"));
  const json& placement = f.object(p, where, "placement");
  const std::string pw = where + ".placement";
  r.strategy = f.text(placement, pw, "strategy");
  r.shared_level = f.text(placement, pw, "shared_level");
  r.oversubscribed = placement.value("oversubscribed", false);
  r.pinned = placement.value("pinned", true);
  r.noisy = p.value("noisy", false);
  r.migrated = p.value("migrated", false);

  const std::string status = f.text(p, where, "status");
  if (status != "ok" && status != "failed") {
    f.fail(where + ".status", fmt::format("expected \"ok\" or \"failed\", found \"{}\"", status));
  }
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
  const std::string params = params_text();
  return params.empty() ? workload : workload + " " + params;
}

ResultsFile parse_results(const std::string& text, const std::string& name) {
  const json doc = parse_user_json(text, name);
  const Fields f(name);
  if (!doc.is_object()) f.fail("document", "expected a JSON object (a contend results file)");
  const std::int64_t version = f.integer(doc, "", "schema_version");
  if (version != kSchemaVersion) {
    f.fail("schema_version",
           fmt::format("found {}, expected {} (written by a different contend version?)", version,
                       kSchemaVersion));
  }
  const std::string kind = f.text(doc, "", "kind");
  if (kind != "run") {
    f.fail("kind",
           fmt::format("found \"{}\", expected \"run\" (only benchmark results compare)", kind));
  }
  ResultsFile file;
  file.path = name;
  file.tool = f.object(doc, "", "tool");
  file.context = f.object(doc, "", "context");
  const json& cpu = f.object(file.context, "context", "cpu");
  file.machine = fmt::format("{} ({})", f.text(cpu, "context.cpu", "model"),
                             f.text(file.context, "context", "hostname"));
  for (const auto& w : f.array(doc, "", "warnings")) {
    if (w.is_string()) file.warnings.push_back(w.get<std::string>());
  }
  const auto run = doc.find("run");
  if (run != doc.end() && run->is_object()) file.interrupted = run->value("interrupted", false);
  const json& points = f.array(doc, "", "points");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string where = fmt::format("points[{}]", i);
    if (!points[i].is_object()) f.fail(where, "expected an object");
    file.points.push_back(read_point(points[i], where, f));
  }
  return file;
}

ResultsFile load_results(const std::string& path) {
  return parse_results(read_user_file(path, kMaxResultsBytes, "a results file"), path);
}

}  // namespace contend
