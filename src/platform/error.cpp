#include "platform/error.hpp"

#include <fmt/format.h>

#include <cstring>

namespace contend {

std::string excerpt(std::string_view text) {
  if (text.size() <= kExcerptChars) return std::string(text);
  return fmt::format("{}... ({} characters)", text.substr(0, kExcerptChars), text.size());
}

std::string os_error(const std::string& what, int err) {
  return what + ": " + std::strerror(err);
}

}  // namespace contend
