#include "output_folder.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "trilink/core/error.h"

namespace trilink::app {
namespace fs = std::filesystem;

OutputFolder::File::File(std::FILE* stream, std::string shown_path)
    : stream_(stream, &std::fclose), shown_path_(std::move(shown_path)) {}

void OutputFolder::File::Append(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stream_.get()) != text.size()) {
    throw InputError(fmt::format("cannot write '{}': {}", shown_path_, std::strerror(errno)));
  }
}

void OutputFolder::File::Close() {
  std::FILE* stream = stream_.release();
  if (stream == nullptr) return;  // closed already
  if (std::fflush(stream) != 0 || std::ferror(stream) != 0) {
    const int error = errno;
    std::fclose(stream);
    throw InputError(fmt::format("cannot write '{}': {}", shown_path_, std::strerror(error)));
  }
  if (std::fclose(stream) != 0) {
    throw InputError(fmt::format("cannot write '{}': {}", shown_path_, std::strerror(errno)));
  }
}

OutputFolder::OutputFolder(const std::string& directory, std::string flag)
    : directory_(directory), flag_(std::move(flag)) {
  auto fail = [&](const std::string& problem) {
    return InputError(fmt::format("{} '{}': {}", flag_, directory_, problem));
  };
  if (directory.empty()) throw fail("an empty path; expected the folder to write");
  // "out/" names the folder "out": strip trailing separators, then the last
  // component must be a name of its own ("run/.." would replace a parent).
  fs::path path(directory);
  while (path.has_relative_path() && path.filename().empty()) path = path.parent_path();
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw fail(
        "expected the path of a folder to create or replace (it may not be the current folder, "
        "a parent or the root)");
  }
  target_ = path.lexically_normal();
  std::error_code ec;
  const fs::file_status status = fs::status(target_, ec);
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw fail("exists and is not a folder");
  }
  // Only an empty folder or one trilink wrote is replaced: a typo must not
  // delete someone's work.
  if (fs::is_directory(status) && !fs::is_empty(target_, ec) &&
      !fs::exists(target_ / kMarker, ec)) {
    throw fail(fmt::format(
        "exists and was not written by trilink (it has no {}); expected a new folder, an empty "
        "one or an earlier output to replace",
        kMarker));
  }
  // The nearest folder above the target that exists must be writable: there
  // the missing folders, the temporary folder and the target are made.
  const fs::path existing = NearestExisting();
  if (!fs::is_directory(existing, ec)) {
    throw fail(fmt::format("cannot create the folder: '{}' is not a folder", existing.string()));
  }
  if (access(existing.c_str(), W_OK | X_OK) != 0) {
    throw fail(fmt::format("cannot create the folder in '{}': {}", existing.string(),
                           std::strerror(errno)));
  }
  // Make the temporary folder now, so that a place that looks writable but
  // is not (/proc, a read-only mount) fails before the work, not after it.
  Prepare("");
}

void OutputFolder::RemoveStale(const fs::path& parent) const {
  // ".NAME.partial.PID" and ".NAME.old.PID" of this target whose process no
  // longer runs: left by a run that was killed before it could clean up.
  const std::string name = target_.filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string entry_name = entry.path().filename().string();
    for (const std::string& prefix : {"." + name + ".partial.", "." + name + ".old."}) {
      if (entry_name.rfind(prefix, 0) != 0) continue;
      const std::string digits = entry_name.substr(prefix.size());
      pid_t pid = 0;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
      if (error != std::errc() || end != digits.data() + digits.size() || pid <= 0) continue;
      if (pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH) {
        std::error_code ignored;
        fs::remove_all(entry.path(), ignored);
      }
    }
  }
}

fs::path OutputFolder::NearestExisting() const {
  std::error_code ec;
  fs::path existing = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  while (!fs::exists(existing, ec) && existing.has_parent_path() &&
         existing.parent_path() != existing) {
    existing = existing.parent_path();
  }
  return fs::exists(existing, ec) ? existing : fs::path(".");
}

void OutputFolder::RequireSpace(std::uintmax_t bytes) const {
  std::error_code ec;
  const fs::space_info space = fs::space(NearestExisting(), ec);
  if (ec || space.available >= bytes) return;
  throw InputError(fmt::format("{} '{}': needs about {:.1f} GB; {:.1f} GB are free there", flag_,
                               directory_, static_cast<double>(bytes) / 1e9,
                               static_cast<double>(space.available) / 1e9));
}

OutputFolder::~OutputFolder() {
  if (committed_) return;
  std::error_code ec;
  if (!temporary_.empty()) fs::remove_all(temporary_, ec);
  // Folders this object made above the target, innermost first, if empty.
  for (auto it = created_parents_.rbegin(); it != created_parents_.rend(); ++it) {
    fs::remove(*it, ec);  // fails, harmlessly, when not empty
  }
}

std::string OutputFolder::Shown(std::string_view relative) const {
  return (target_ / fs::path(relative)).string();
}

fs::path OutputFolder::Prepare(std::string_view relative) {
  std::error_code ec;
  if (temporary_.empty()) {
    const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    // Make the missing folders above the target, remembering which, so that
    // a failed run leaves none behind.
    std::vector<fs::path> missing;
    for (fs::path p = parent; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
      missing.insert(missing.begin(), p);
      if (p == p.parent_path()) break;
    }
    for (const fs::path& p : missing) {
      if (!fs::create_directory(p, ec)) {
        throw InputError(fmt::format("{} '{}': cannot create the folder '{}': {}", flag_,
                                     directory_, p.string(), ec.message()));
      }
      created_parents_.push_back(p);
    }
    RemoveStale(parent);
    const fs::path temporary =
        parent / fmt::format(".{}.partial.{}", target_.filename().string(), getpid());
    fs::remove_all(temporary, ec);
    if (!fs::create_directory(temporary, ec)) {
      throw InputError(fmt::format("{} '{}': cannot create a folder beside it: {}", flag_,
                                   directory_, ec.message()));
    }
    temporary_ = temporary;
  }
  const fs::path file = temporary_ / fs::path(relative);
  if (file.has_parent_path() && file.parent_path() != temporary_) {
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
      throw InputError(fmt::format("cannot create the folder '{}': {}",
                                   Shown(fs::path(relative).parent_path().string()), ec.message()));
    }
  }
  return file;
}

OutputFolder::File OutputFolder::Open(std::string_view relative) {
  const fs::path file = Prepare(relative);
  std::FILE* stream = std::fopen(file.c_str(), "wb");
  if (stream == nullptr) {
    throw InputError(fmt::format("cannot write '{}': {}", Shown(relative), std::strerror(errno)));
  }
  return File(stream, Shown(relative));
}

void OutputFolder::Write(std::string_view relative, std::string_view contents) {
  File file = Open(relative);
  file.Append(contents);
  file.Close();
}

void OutputFolder::Commit() {
  Write(kMarker, "written by trilink; the folder is replaced whole by the next run\n");
  std::error_code ec;
  // The run may have taken an hour: DIR must still be one it may replace.
  if (fs::is_directory(target_, ec) && !fs::is_empty(target_, ec) &&
      !fs::exists(target_ / kMarker, ec)) {
    committed_ = true;  // the destructor keeps the results where they are
    throw InputError(fmt::format(
        "{} '{}': was filled by something else during the run; nothing was replaced, the "
        "results are in '{}'",
        flag_, directory_, temporary_.string()));
  }
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  const fs::path old = parent / fmt::format(".{}.old.{}", target_.filename().string(), getpid());
  const bool replace = fs::exists(target_, ec);
  if (replace) {
    fs::rename(target_, old, ec);
    if (ec) {
      throw InputError(fmt::format("{} '{}': cannot replace the existing folder: {}", flag_,
                                   directory_, ec.message()));
    }
  }
  fs::rename(temporary_, target_, ec);
  if (ec) {
    const std::string reason = ec.message();
    if (replace) fs::rename(old, target_, ec);
    throw InputError(
        fmt::format("{} '{}': cannot move the results into place: {}", flag_, directory_, reason));
  }
  if (replace) fs::remove_all(old, ec);
  committed_ = true;
}

}  // namespace trilink::app
