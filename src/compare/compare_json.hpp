// The comparison as a JSON document ("kind": "compare") for scripts: the method, the sides and
// their runs, the context differences (one value per file, in "files" order), one flat row
// per (baseline point, candidate) and per point only a candidate has, the per-family
// summaries, the verdict counts and the exit code --fail-on gives. Numbers are null wherever
// nothing was compared.
#pragma once

#include <nlohmann/json.hpp>

#include "compare/comparison.hpp"

namespace contend {

inline constexpr int kCompareSchemaVersion = 2;

nlohmann::json comparison_json(const Comparison& comparison);

}  // namespace contend
