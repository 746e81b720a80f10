// JSON text that users hand us (scenario files, results files to compare): reading it with a
// bound, parsing it into one clear error line, positions people can find, a bound on nesting.
#pragma once

#include <cstddef>
#include <istream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace contend {

// Deeper than any scenario or results file (they nest fewer than ten levels).
inline constexpr int kMaxJsonDepth = 64;

// All of `in`, up to `max_bytes`: more throws InputError "NAME: larger than N MiB; expected
// WHAT". Bounded so that /dev/zero, or a log given by mistake, fails instead of filling the
// memory; a stream rather than a file name so that pipes (/dev/stdin) still work. Read in
// chunks, so a generous bound costs nothing for a small file.
std::string read_bounded(std::istream& in, std::size_t max_bytes, const std::string& name,
                         const std::string& what);

// The content of the file at `path`. Throws InputError naming `path` for a directory ("is a
// directory; expected WHAT"), a file that cannot be opened or read ("cannot read: <OS error>"),
// one larger than `max_bytes` (a regular file refused by its size, before reading it; a pipe or
// device at the bound) and binary data ("binary data, not JSON text (a NUL byte at offset N)";
// after a NUL byte nothing is kept, so /dev/zero costs no memory). `what` is "a scenario file".
std::string read_user_file(const std::string& path, std::size_t max_bytes, const std::string& what);

// Parses `text` (after check_json_depth). Every refusal is an InputError of one line naming
// `name`: "the file ends too early (truncated?) at line L, column C", "malformed JSON at line
// L, column C: <reason>", anything else the parser refuses (a number
// such as 1e400 that overflows a double) with nlohmann's reason, its "[json.exception...]"
// prefix removed.
nlohmann::json parse_user_json(const std::string& text, const std::string& name);

// "line L, column C" (both from 1) of the character at 0-based `offset` of `text`.
std::string line_column(std::string_view text, std::size_t offset);

// Throws InputError naming `name` and the position when arrays and objects nest deeper than
// kMaxJsonDepth. Checked before parsing: a file of a hundred thousand '[' parses, but printing
// or walking it recurses once per level and overflows the stack.
void check_json_depth(std::string_view text, const std::string& name);

}  // namespace contend
