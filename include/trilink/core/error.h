// Errors in trilink.
//
// Three kinds, as STYLE.md asks:
//  - programmer errors: TRILINK_CHECK(cond) << "message" aborts with file:line;
//  - input and configuration errors (a scenario file, a CLI flag): InputError,
//    an exception whose message names the place (file:line:column, field or
//    flag), what was found and what was expected;
//  - numerical failure on a hot path: a returned status (see the `Summary`
//    structs of each solver), never an exception.
//
// Usage:
//   TRILINK_CHECK(dt_s > 0.0) << "step must be positive, got " << dt_s;
//   throw InputError("seed.toml:12:3: field 'launch.range_km': expected a number > 0");
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace trilink {

// Bad input from outside the program: its message is meant for the user as is.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// For validity checks `bool IsValid(std::string* error) const`: stores
// `message` in *error when error is not null and returns false, so a check
// reads `if (!(gate_sigma > 0.0)) return Invalid(error, "gate_sigma must be > 0");`.
inline bool Invalid(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

namespace internal {

// Collects a message with operator<< and aborts when destroyed.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  [[noreturn]] ~CheckFailure();
  template <typename T>
  CheckFailure& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

}  // namespace internal
}  // namespace trilink

namespace trilink::internal {
// Turns the streamed CheckFailure into void, so that TRILINK_CHECK is one
// expression (safe in an unbraced if/else). `&` binds looser than `<<`.
struct Voidify {
  void operator&(const CheckFailure&) {}
};
}  // namespace trilink::internal

#define TRILINK_CHECK(condition)                 \
  (condition) ? static_cast<void>(0)             \
              : ::trilink::internal::Voidify() & \
                    ::trilink::internal::CheckFailure(__FILE__, __LINE__, #condition)
