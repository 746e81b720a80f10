// Parsing of the small textual values users type: durations, counts, PU lists.
// Each function throws InputError naming `what` (a flag or key) and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace contend {

// "100ms", "2s", "1.5s", "500us", "250000ns", "1min"; must be > 0. A bare number is refused
// with a hint ("'100' has no unit; expected a duration such as 100ms or 100s").
double parse_duration_s(std::string_view text, const std::string& what);

// True, with the value in `out`, when all of `text` is a finite decimal number ("1.5", "2e-3"):
// no spaces, no sign '+', no hex, no "inf" or "nan", whatever the locale (unlike strtod).
bool parse_double(std::string_view text, double& out);

// A whole number in [min, max].
std::int64_t parse_int(std::string_view text, const std::string& what, std::int64_t min,
                       std::int64_t max);

// "0-3,8,10-11" -> {0,1,2,3,8,10,11}; order kept, duplicates rejected.
std::vector<int> parse_pu_list(std::string_view text, const std::string& what);

// Splits on `sep`, trimming spaces; empty items are kept so callers can reject them.
std::vector<std::string> split(std::string_view text, char sep);

// Formats seconds as the shortest of "150ms", "2s", "1.5s".
std::string format_duration(double seconds);

}  // namespace contend
