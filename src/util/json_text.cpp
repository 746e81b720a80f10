#include "util/json_text.hpp"

#include <fmt/format.h>

#include "util/error.hpp"

namespace contend {

std::string read_bounded(std::istream& in, std::size_t max_bytes, const std::string& name,
                         const std::string& what) {
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_bytes) {
    throw InputError(
        fmt::format("{}: larger than {} MiB; expected {}", name, max_bytes >> 20, what));
  }
  return text;
}

std::string line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

void check_json_depth(std::string_view text, const std::string& name) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        throw InputError(
            fmt::format("{}: nested deeper than {} levels at {}; expected a flat "
                        "document (a scenario or results file)",
                        name, kMaxJsonDepth, line_column(text, i)));
      }
    } else if (c == ']' || c == '}') {
      --depth;  // unbalanced brackets are the parser's to report
    }
  }
}

}  // namespace contend
