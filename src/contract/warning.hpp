// A condition that distorts or qualifies figures. Files carry the code so that tools can match
// on it, the text for people, and the numbers the text cites.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace contend {

struct Warning {
  std::string code;  // stable snake_case identifier: "oversubscribed", "noisy", "vm", ...
  std::string text;  // one sentence that cites its figures
  std::map<std::string, double> figures;
};

using Warnings = std::vector<Warning>;

}  // namespace contend
