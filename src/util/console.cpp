#include "util/console.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

namespace contend {

void write_text(std::FILE* stream, std::string_view text) noexcept {
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size() || std::fflush(stream) != 0) {
    std::clearerr(stream);  // so that a later write, after a transient failure, may succeed
  }
}

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

ProgressStyle progress_style() {
  const char* term = std::getenv("TERM");
  const bool plain = std::getenv("NO_COLOR") != nullptr || term == nullptr ||
                     std::string_view(term) == "dumb" || !stderr_is_terminal();
  return plain ? ProgressStyle::kLines : ProgressStyle::kLive;
}

void show_progress(ProgressStyle style, std::string_view text) {
  if (style == ProgressStyle::kLive) {
    write_text(stderr, fmt::format("\r\033[K{}", text));
  } else {
    write_text(stderr, fmt::format("{}\n", text));
  }
}

void clear_progress(ProgressStyle style) {
  if (style == ProgressStyle::kLive) write_text(stderr, "\r\033[K");
}

std::string si_format(double value) {
  static constexpr const char* kSuffix[] = {"", "k", "M", "G", "T"};
  int power = 0;
  while (std::abs(value) >= 1000 && power < 4) {
    value /= 1000;
    ++power;
  }
  return fmt::format("{:.1f}{}", value, kSuffix[power]);
}

}  // namespace contend
