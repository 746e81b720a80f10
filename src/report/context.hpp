// The results file's "context" and "tool" objects: the probed facts serialised, nothing probed
// here. Everything a reader needs to interpret a figure.
#pragma once

#include <nlohmann/json.hpp>

#include "contract/warning.hpp"
#include "runner/system_probe.hpp"

namespace contend {

// The facts and the warnings judged from them, as a run or c2c session carries them.
struct MachineContext {
  SystemFacts facts;
  Warnings warnings;  // debug build, VM, powersave governor, load, ...
};

nlohmann::json context_json(const SystemFacts& facts);

// The results file's "tool" object: version, git revision and dirty flag, compiler, flags.
nlohmann::json tool_json();

// {"code", "text", "figures"} for each warning.
nlohmann::json warnings_json(const Warnings& warnings);

}  // namespace contend
