#include "util/error.hpp"

#include <cstring>

namespace contend {

std::string os_error(const std::string& what, int err) {
  return what + ": " + std::strerror(err);
}

}  // namespace contend
