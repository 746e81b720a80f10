// The comparison as a JSON document ("kind": "compare") for scripts: the method, the machines,
// the context differences, one flat row per (baseline point, candidate) and per point only a
// candidate has, and the per-family summaries. Numbers are null wherever nothing was compared.
#pragma once

#include <nlohmann/json.hpp>

#include "compare/comparison.hpp"

namespace contend {

inline constexpr int kCompareSchemaVersion = 1;

nlohmann::json comparison_json(const Comparison& comparison);

}  // namespace contend
