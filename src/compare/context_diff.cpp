#include "compare/context_diff.hpp"

#include <algorithm>

namespace contend {

namespace {

using nlohmann::json;

enum class Shown { kPlain, kOnOff, kCount, kHypervisor };

struct Fact {
  const char* what;
  const char* pointer;  // into {"tool": ..., "context": ...}
  Shown shown;
};

constexpr Fact kFacts[] = {
    {"CPU model", "/context/cpu/model", Shown::kPlain},
    {"architecture", "/context/cpu/arch", Shown::kPlain},
    {"cache line bytes", "/context/cpu/cache_line_bytes", Shown::kPlain},
    // What the contended loops executed: LSE against LL/SC is most of an Arm comparison.
    {"atomic instructions", "/context/atomics/executed", Shown::kPlain},
    {"spin hint", "/context/cpu/spin_hint", Shown::kPlain},
    {"tick counter", "/context/timer/source", Shown::kPlain},
    {"SMT", "/context/cpu/smt", Shown::kOnOff},
    {"packages", "/context/cpu/packages", Shown::kPlain},
    {"NUMA nodes", "/context/cpu/numa_nodes", Shown::kPlain},
    {"cores", "/context/cpu/cores", Shown::kPlain},
    {"PUs", "/context/cpu/pus", Shown::kPlain},
    {"usable PUs", "/context/cpu/usable_pus", Shown::kCount},
    {"hypervisor", "/context/os/hypervisor", Shown::kHypervisor},
    {"governor", "/context/os/governor", Shown::kPlain},
    {"boost", "/context/os/boost", Shown::kOnOff},
    {"kernel", "/context/os/kernel", Shown::kPlain},
    {"build type", "/tool/build_type", Shown::kPlain},
    {"compiler", "/tool/compiler", Shown::kPlain},
    {"compiler flags", "/tool/cxx_flags", Shown::kPlain},
    {"sanitizers", "/tool/sanitizers", Shown::kPlain},
    {"contend version", "/tool/version", Shown::kPlain},
    {"git revision", "/tool/git_revision", Shown::kPlain},
    {"uncommitted changes", "/tool/git_dirty", Shown::kPlain},
};

std::string shown(const json& doc, const Fact& fact) {
  const json::json_pointer pointer(fact.pointer);
  if (!doc.contains(pointer)) return "absent";
  const json& value = doc.at(pointer);
  if (fact.shown == Shown::kHypervisor) {
    if (value.is_null()) return "none (bare metal)";
    return value.is_string() ? value.get<std::string>() : value.dump();
  }
  if (value.is_null()) return "unknown";
  if (fact.shown == Shown::kOnOff && value.is_boolean()) return value.get<bool>() ? "on" : "off";
  if (fact.shown == Shown::kCount && value.is_array()) return std::to_string(value.size());
  if (value.is_string())
    return value.get<std::string>().empty() ? "none" : value.get<std::string>();
  return value.dump();
}

}  // namespace

std::vector<ContextDifference> context_differences(const std::vector<const ResultsFile*>& files) {
  std::vector<ContextDifference> all;
  std::vector<json> docs;
  for (const auto* file : files) docs.push_back({{"tool", file->tool}, {"context", file->context}});
  for (const Fact& fact : kFacts) {
    ContextDifference diff{fact.what, {}};
    for (const auto& doc : docs) diff.values.push_back(shown(doc, fact));
    all.push_back(std::move(diff));
  }
  std::vector<std::string> settings;
  for (const auto* file : files) {
    for (const auto& [name, value] : file->settings) {
      if (std::find(settings.begin(), settings.end(), name) == settings.end()) {
        settings.push_back(name);
      }
    }
  }
  for (const auto& name : settings) {
    ContextDifference diff{name, {}};
    for (const auto* file : files) {
      const auto it = std::find_if(file->settings.begin(), file->settings.end(),
                                   [&](const auto& s) { return s.first == name; });
      diff.values.push_back(it == file->settings.end() ? "absent" : it->second);
    }
    all.push_back(std::move(diff));
  }
  std::vector<ContextDifference> out;
  for (auto& diff : all) {
    const bool same = std::all_of(diff.values.begin(), diff.values.end(),
                                  [&](const std::string& v) { return v == diff.values.front(); });
    if (!same) out.push_back(std::move(diff));
  }
  return out;
}

}  // namespace contend
