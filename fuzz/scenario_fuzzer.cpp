// libFuzzer target for scenario files (see scenario_check.hpp for the property). A violation,
// a crash, a sanitizer report or an unexpected exception type aborts; libFuzzer then writes
// the input to fuzz/regressions/, where the unit tests replay it from then on.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "scenario_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem =
      contend::check_scenario_text(std::string(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "scenario_fuzzer: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
