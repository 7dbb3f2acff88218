// Result<T>: a value or an Error. The library reports every failure this way;
// programs decide whether to print, retry or exit.
#pragma once

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <variant>

namespace sockscope {

struct Error {
  std::string message;  // says what failed and names the bad value
  int err = 0;          // errno captured at the failing call, 0 when not a syscall

  static Error from_errno(std::string what, int saved_errno) {
    return Error{std::move(what), saved_errno};
  }
  // "what: strerror(err)" when an errno is attached.
  std::string describe() const {
    if (err == 0) return message;
    return message + ": " + std::strerror(err);
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Error make_error(std::string message) { return Error{std::move(message), 0}; }

}  // namespace sockscope
