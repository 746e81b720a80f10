// Error kinds that decide the exit code: bad input (2) versus a failure while measuring.
#pragma once

#include <stdexcept>
#include <string>

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

// "what: strerror(err)" for an errno value.
std::string os_error(const std::string& what, int err);

}  // namespace contend
