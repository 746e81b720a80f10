// Helpers for JSON text that users hand us (scenario files, results files to compare), before
// and after nlohmann parses it: positions people can find, and a bound on nesting.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

namespace contend {

// Deeper than any scenario or results file (they nest fewer than ten levels).
inline constexpr int kMaxJsonDepth = 64;

// All of `in`, up to `max_bytes`: more throws InputError "NAME: larger than N MiB; expected
// WHAT". Bounded so that /dev/zero, or a log given by mistake, fails instead of filling the
// memory; a stream rather than a file name so that pipes (/dev/stdin) still work.
std::string read_bounded(std::istream& in, std::size_t max_bytes, const std::string& name,
                         const std::string& what);

// "line L, column C" (both from 1) of the character at 0-based `offset` of `text`.
std::string line_column(std::string_view text, std::size_t offset);

// Throws InputError naming `name` and the position when arrays and objects nest deeper than
// kMaxJsonDepth. Checked before parsing: a file of a hundred thousand '[' parses, but printing
// or walking it recurses once per level and overflows the stack.
void check_json_depth(std::string_view text, const std::string& name);

}  // namespace contend
