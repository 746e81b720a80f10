#include "util/json_text.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "platform/error.hpp"

namespace contend {

namespace {

// Bytes read at a time: a small file costs one small buffer, whatever the bound.
constexpr std::size_t kReadChunkBytes = std::size_t{64} << 10;

// A parser's reason is quoted up to this length: its "last read: '...'" can be a whole line.
constexpr std::size_t kMaxReasonChars = 160;

// "[json.exception.parse_error.101] parse error at line 3, column 1: syntax error ..." ->
// "syntax error ...", "[json.exception.out_of_range.406] number overflow ..." -> "number
// overflow ...": the position is given once, by us.
std::string parser_reason(std::string_view message, bool is_parse_error) {
  if (const auto end = message.find("] "); message.starts_with("[json.") && end != message.npos)
    message.remove_prefix(end + 2);
  if (const auto colon = message.find(": "); is_parse_error && colon != message.npos)
    message.remove_prefix(colon + 2);
  if (message.size() > kMaxReasonChars)
    return std::string(message.substr(0, kMaxReasonChars)) + "...";
  return std::string(message);
}

// Closes the descriptor of a file being read, whatever is thrown.
struct UserFile {
  explicit UserFile(int descriptor) : fd(descriptor) {}
  UserFile(const UserFile&) = delete;
  UserFile& operator=(const UserFile&) = delete;
  ~UserFile() { ::close(fd); }
  int fd;
};

// errno after a failed open or read; EIO when the library left none.
int last_os_error() {
  return errno != 0 ? errno : EIO;
}

}  // namespace

std::string read_bounded(std::istream& in, std::size_t max_bytes, const std::string& name,
                         const std::string& what) {
  std::string text;
  std::vector<char> chunk(kReadChunkBytes);
  while (text.size() <= max_bytes) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    text.append(chunk.data(), got);
    if (got < chunk.size()) break;  // the end, or an error the caller sees in in.bad()
  }
  if (text.size() > max_bytes) {
    throw InputError(
        fmt::format("{}: larger than {} MiB; expected {}", name, max_bytes >> 20, what));
  }
  return text;
}

std::string read_user_file(const std::string& path, std::size_t max_bytes,
                           const std::string& what) {
  const auto cannot_read = [&](int err) {
    return InputError(os_error(fmt::format("{}: cannot read", path), err));
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == EISDIR) {
      throw InputError(fmt::format("{}: is a directory; expected {}", path, what));
    }
    throw cannot_read(last_os_error());
  }
  const UserFile file(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw cannot_read(last_os_error());
  if (S_ISDIR(info.st_mode)) {
    throw InputError(fmt::format("{}: is a directory; expected {}", path, what));
  }
  const auto too_large = [&] {
    return InputError(
        fmt::format("{}: larger than {} MiB; expected {}", path, max_bytes >> 20, what));
  };
  // A regular file says its size: a huge one is refused before reading a byte of it.
  const bool regular = S_ISREG(info.st_mode);
  if (regular && static_cast<std::size_t>(info.st_size) > max_bytes) throw too_large();
  std::string text;
  if (regular) text.reserve(static_cast<std::size_t>(info.st_size));
  // Streams (pipes, devices) are read up to the bound. JSON text never holds a NUL byte: from
  // the first one on (/dev/zero, a binary file) nothing more is kept, only counted.
  std::vector<char> chunk(kReadChunkBytes);
  std::size_t total = 0;
  std::size_t first_nul = std::string::npos;
  for (;;) {
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw cannot_read(last_os_error());
    if (got == 0) break;
    const auto size = static_cast<std::size_t>(got);
    if (first_nul == std::string::npos) {
      if (const void* nul = std::memchr(chunk.data(), '\0', size)) {
        first_nul = total + static_cast<std::size_t>(static_cast<const char*>(nul) - chunk.data());
        std::string().swap(text);
      } else {
        text.append(chunk.data(), size);
      }
    }
    total += size;
    if (total > max_bytes) throw too_large();
  }
  if (first_nul != std::string::npos) {
    throw InputError(fmt::format("{}: binary data, not JSON text (a NUL byte at offset {}); "
                                 "expected {}",
                                 path, first_nul, what));
  }
  return text;
}

nlohmann::json parse_user_json(const std::string& text, const std::string& name) {
  check_json_depth(text, name);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's byte is 1-based: the character it stopped at.
    const std::string where = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    const bool truncated = e.byte >= text.size();
    const std::string reason =
        truncated ? "the file ends too early (truncated?)" : parser_reason(e.what(), true);
    if (truncated) throw InputError(fmt::format("{}: {} at {}", name, reason, where));
    throw InputError(fmt::format("{}: malformed JSON at {}: {}", name, where, reason));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: malformed JSON: {}", name, parser_reason(e.what(), false)));
  }
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
