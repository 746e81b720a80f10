// The results document of `contend c2c`: the run envelope every results file has, an empty
// "points" list and the "c2c" object (docs/results-format.md, section c2c).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "c2c/analysis.hpp"
#include "report/context.hpp"
#include "report/results_json.hpp"

namespace contend {

nlohmann::json c2c_json(const C2cRun& run);

nlohmann::json c2c_document(const RunInfo& info, const SystemFacts& facts, const C2cRun& run,
                            const Warnings& warnings);

}  // namespace contend
