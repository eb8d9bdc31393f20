#include "trilink/core/input_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/spelling.h"
#include "trilink/core/text.h"

namespace trilink {
namespace {

using ::testing::HasSubstr;

// A scratch folder for this test binary, removed at the end of each test.
class InputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process: CTest runs the tests of this binary in parallel.
    folder_ = std::filesystem::temp_directory_path() /
              ("trilink-input-file-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path folder_;
};

std::string MessageOf(const std::string& path) {
  try {
    ReadInputFile(path, "scenario");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST_F(InputFileTest, ReadsTheWholeFileAsIs) {
  const std::string text =
      "a\r\nb\xC3\xA9"
      "c" +
      std::string(200'000, 'x');
  EXPECT_EQ(ReadInputFile(Write("f.toml", text), "scenario"), text);
}

TEST_F(InputFileTest, MissingFileNamesThePathAndTheKindOfFile) {
  const std::string path = (folder_ / "nothing.toml").string();
  EXPECT_EQ(MessageOf(path), path + ": cannot read the scenario: no such file");
}

TEST_F(InputFileTest, AFolderGivenAsAFileIsNamed) {
  EXPECT_EQ(MessageOf(folder_.string()),
            folder_.string() + ": cannot read the scenario: it is a folder; expected a file");
}

TEST_F(InputFileTest, BinaryFilesAndDevicesAreRefused) {
  EXPECT_EQ(MessageOf(Write("nul.toml", std::string("name = 1\0", 9))),
            (folder_ / "nul.toml").string() +
                ": cannot read the scenario: a NUL byte at byte 9; expected a text file");
  EXPECT_EQ(MessageOf("/dev/zero"), "/dev/zero: cannot read the scenario: not a regular file");
}

TEST_F(InputFileTest, AnEmptyPathIsAnError) {
  EXPECT_THAT(MessageOf(""), HasSubstr("an empty path was given for the scenario"));
}

TEST(StripByteOrderMark, RemovesOnlyALeadingUtf8Mark) {
  EXPECT_EQ(StripByteOrderMark("\xEF\xBB\xBFt_s,x_m"), "t_s,x_m");
  EXPECT_EQ(StripByteOrderMark("t_s,x_m"), "t_s,x_m");
  EXPECT_EQ(StripByteOrderMark("a\xEF\xBB\xBF"), "a\xEF\xBB\xBF");
  EXPECT_EQ(StripByteOrderMark("\xEF\xBB"), "\xEF\xBB");
  EXPECT_EQ(StripByteOrderMark(""), "");
}

TEST(EditDistance, CountsSingleCharacterEdits) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("covariance", "covariance"), 0u);
  EXPECT_EQ(EditDistance("covarince", "covariance"), 1u);    // deletion
  EXPECT_EQ(EditDistance("covariancee", "covariance"), 1u);  // insertion
  EXPECT_EQ(EditDistance("covarianse", "covariance"), 1u);   // substitution
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);          // the textbook example
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(NearestName, SuggestsOnlyCloseNames) {
  constexpr std::string_view kNames[] = {"time", "track", "covariance"};
  EXPECT_EQ(NearestName("covarience", kNames), "covariance");
  EXPECT_EQ(NearestName("tim", kNames), "time");
  EXPECT_EQ(NearestName("position", kNames), "");
  EXPECT_EQ(NearestName("trac", kNames, 0), "");
}

}  // namespace
}  // namespace trilink

namespace trilink {
namespace {

TEST(TextProblem, AcceptsPrintableUtf8) {
  EXPECT_EQ(TextProblem(""), "");
  EXPECT_EQ(TextProblem("Japan (land)"), "");
  EXPECT_EQ(TextProblem("北海道 Hokkaidō"), "");
  EXPECT_EQ(TextProblem("\xF0\x9F\x9A\x80"), "");  // U+1F680, four bytes
}

TEST(TextProblem, NamesControlCharactersAndBadSequences) {
  EXPECT_EQ(TextProblem("Bad\x01<"), "a control character U+0001 at byte 4");
  EXPECT_EQ(TextProblem("tab\there"), "a control character U+0009 at byte 4");
  EXPECT_EQ(TextProblem("del\x7F"), "a control character U+007F at byte 4");
  EXPECT_EQ(TextProblem("\xC2\x85"), "a control character U+0085 at byte 1");  // NEL
  EXPECT_EQ(TextProblem("\xEF\xBF\xBF"), "a non-character U+FFFF at byte 1");
  EXPECT_EQ(TextProblem("ab\xFF"), "not valid UTF-8 at byte 3");
  EXPECT_EQ(TextProblem("\xC0\xAF"), "not valid UTF-8 at byte 1");          // overlong '/'
  EXPECT_EQ(TextProblem("\xED\xA0\x80"), "not valid UTF-8 at byte 1");      // a surrogate
  EXPECT_EQ(TextProblem("\xF4\x90\x80\x80"), "not valid UTF-8 at byte 1");  // above U+10FFFF
  EXPECT_EQ(TextProblem("\xE6\x97"), "not valid UTF-8 at byte 1");          // cut short
}

TEST(Printable, EscapesWhatATerminalWouldInterpret) {
  EXPECT_EQ(Printable("plain"), "plain");
  EXPECT_EQ(Printable("\x1b[2J"), "\\x1B[2J");
  EXPECT_EQ(Printable("北"), "北");
  EXPECT_EQ(Printable("\xFF"
                      "a"),
            "\\xFFa");
  EXPECT_EQ(Printable(std::string(100, 'x'), 10), "xxxxxxxxxx...");
}

}  // namespace
}  // namespace trilink
