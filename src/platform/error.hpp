// Error kinds that decide the exit code: bad input (2) versus a failure while measuring.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace contend {

// Something the user wrote (a flag, a scenario key, a PU list) is wrong. Exit code 2.
// The message names the flag, file or key and says what was expected.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The OS or the library refused something during set-up (pinning, allocation, a write).
// The message names the object and the OS error.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the user gave, for quoting in an error message: a pasted list of a hundred thousand
// values keeps the message one readable line. Text longer than kExcerptChars is cut, and the
// cut says how long it was.
inline constexpr std::size_t kExcerptChars = 60;
std::string excerpt(std::string_view text);

// "what: strerror(err)" for an errno value.
std::string os_error(const std::string& what, int err);

}  // namespace contend
