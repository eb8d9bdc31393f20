#include "trilink/core/input_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "trilink/core/error.h"

namespace trilink {

std::string ReadInputFile(const std::string& path, std::string_view what, std::size_t max_bytes) {
  auto fail = [&](const std::string& reason) -> InputError {
    return InputError(path + ": cannot read the " + std::string(what) + ": " + reason);
  };
  if (path.empty()) throw InputError("an empty path was given for the " + std::string(what));
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) throw fail("no such file");
  if (status.type() == std::filesystem::file_type::directory)
    throw fail("it is a folder; expected a file");
  // A regular file, or a pipe (`<(...)` in a shell); not a device such as
  // /dev/zero, which would be read until the size limit.
  if (status.type() != std::filesystem::file_type::regular &&
      status.type() != std::filesystem::file_type::fifo) {
    throw fail("not a regular file");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
  if (!stream) throw fail(std::strerror(errno));
  return ReadInputStream(stream.get(), path, what, max_bytes);
}

std::string ReadInputStream(std::FILE* stream, const std::string& name, std::string_view what,
                            std::size_t max_bytes) {
  auto fail = [&](const std::string& reason) -> InputError {
    return InputError(name + ": cannot read the " + std::string(what) + ": " + reason);
  };
  std::string text;
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, stream)) > 0) {
    if (text.size() + read > max_bytes) {
      throw fail(max_bytes >= (1 << 20)
                     ? "larger than " + std::to_string(max_bytes >> 20) + " MiB"
                     : "larger than " + std::to_string(max_bytes >> 10) + " KiB");
    }
    // Every file trilink reads is text: a NUL byte means a binary file.
    if (const void* nul = std::memchr(buffer, '\0', read); nul != nullptr) {
      throw fail("a NUL byte at byte " +
                 std::to_string(text.size() +
                                static_cast<size_t>(static_cast<const char*>(nul) - buffer) + 1) +
                 "; expected a text file");
    }
    text.append(buffer, read);
  }
  if (std::ferror(stream)) throw fail(std::strerror(errno));
  return text;
}

std::string_view StripByteOrderMark(std::string_view text) {
  constexpr std::string_view kMark = "\xEF\xBB\xBF";
  if (text.substr(0, kMark.size()) == kMark) text.remove_prefix(kMark.size());
  return text;
}

}  // namespace trilink
