#include "util/console.hpp"

namespace contend {

void write_text(std::FILE* stream, std::string_view text) noexcept {
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size() || std::fflush(stream) != 0) {
    std::clearerr(stream);  // so that a later write, after a transient failure, may succeed
  }
}

}  // namespace contend
