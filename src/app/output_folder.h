// An output folder (`--out DIR`) written whole or not at all.
//
// The path is checked when the OutputFolder is made, before any work, so a
// run that cannot write its results fails at once, not after an hour: an
// empty path, ".", ".." or "/" (a folder to replace must have a name of its
// own), a path that is an existing file, or one under a file or in a folder
// that cannot be written to, are refused with a message naming the flag and
// the path; so is an existing DIR that is neither empty nor an earlier
// output (kMarker), which is never replaced. Files are then written into a
// hidden temporary folder beside DIR; Commit() moves it into place,
// replacing an earlier DIR. Until Commit(),
// nothing is visible at DIR: if the program stops with an error, the
// destructor removes the temporary folder and any folders above DIR it made.
// Write errors (a full disk, say) name the file as it will be in DIR, not the
// temporary path. Temporary folders that a killed run left beside DIR are
// removed by the next run that writes DIR.
//
// Usage:
//   OutputFolder out(args.out, "--out");    // throws InputError
//   ... the work ...
//   out.Write("summary.json", text);        // throws InputError
//   out.Commit();
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trilink::app {

class OutputFolder {
 public:
  // The file in every folder trilink writes, by which it knows a folder it
  // may replace.
  static constexpr std::string_view kMarker = ".trilink-output";

  // One file being written, for output too large to build in memory first.
  class File {
   public:
    void Append(std::string_view text);  // throws InputError
    void Close();                        // throws InputError

   private:
    friend class OutputFolder;
    File(std::FILE* stream, std::string shown_path);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream_;
    std::string shown_path_;
  };

  // directory: the folder to create or replace; flag: how the user named it
  // ("--out"), for messages. Throws InputError when it cannot be written.
  OutputFolder(const std::string& directory, std::string flag);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Refuses up front (InputError) to write about `bytes` where less is free.
  void RequireSpace(std::uintmax_t bytes) const;
  // Writes `relative` (e.g. "cap/0001-x.xml"; folders made as needed).
  void Write(std::string_view relative, std::string_view contents);
  File Open(std::string_view relative);
  // Moves the folder into place. Throws InputError if it cannot.
  void Commit();

 private:
  std::filesystem::path Prepare(std::string_view relative);
  std::filesystem::path NearestExisting() const;
  void RemoveStale(const std::filesystem::path& parent) const;
  std::string Shown(std::string_view relative) const;

  std::string directory_;  // as given
  std::string flag_;
  std::filesystem::path target_;                        // normalised, without a trailing separator
  std::filesystem::path temporary_;                     // empty until the first write
  std::vector<std::filesystem::path> created_parents_;  // outermost first
  bool committed_ = false;
};

}  // namespace trilink::app
