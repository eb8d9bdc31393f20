// Reading an input file whole, with the errors a user can act on.
//
// Every reader of a user's file (scenario, detections and truth CSV, track
// JSON, areas GeoJSON, places table) goes through ReadInputFile, so that a
// missing file, a folder given as a file, an unreadable or oversized file is
// reported the same way, naming the path; and through StripByteOrderMark, so
// that a UTF-8 byte-order mark written by some editors is not taken as part
// of the first field.
//
// Usage:
//   const std::string text = ReadInputFile(path, "scenario");  // throws InputError
//   std::string_view body = StripByteOrderMark(text);
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace trilink {

// The largest input file trilink reads (bytes), unless a reader sets its
// own, smaller bound: a parsed file takes several times its size in memory
// (up to about ten times for a CSV file of one-character numbers), so the
// readers bound what they read by what their format needs (the scenario,
// track and places readers well below this).
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{512} << 20;  // 512 MiB

// Reads the file at `path`. `what` names the kind of file in messages
// ("scenario", "detections file"). Throws InputError
// "PATH: cannot read the WHAT: REASON" when the file is missing, is a folder
// or a device, cannot be read, is larger than kMaxInputFileBytes or holds a
// NUL byte (it is not text).
std::string ReadInputFile(const std::string& path, std::string_view what,
                          std::size_t max_bytes = kMaxInputFileBytes);

// The same for an open stream (standard input): `name` names it in messages.
std::string ReadInputStream(std::FILE* stream, const std::string& name, std::string_view what,
                            std::size_t max_bytes = kMaxInputFileBytes);

// `text` without a leading UTF-8 byte-order mark (EF BB BF), if it has one.
std::string_view StripByteOrderMark(std::string_view text);

}  // namespace trilink
