#include "trilink/core/input_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "trilink/core/error.h"
#include "trilink/core/spelling.h"

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
  const std::string text = std::string("a\r\nb\0c", 6) + std::string(200'000, 'x');
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
