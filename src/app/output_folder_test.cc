// --out DIR: checked before the work, written whole or not at all.
#include "output_folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "trilink/core/error.h"

namespace trilink::app {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class OutputFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("trilink-output-folder-test-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Path(const std::string& relative) const { return (root_ / relative).string(); }
  // Names in root_, sorted, hidden ones included.
  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(root_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path root_;
};

std::string ErrorOf(const std::string& directory) {
  try {
    OutputFolder out(directory, "--out");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST_F(OutputFolderTest, WritesEverythingOnCommitAndNothingBefore) {
  {
    OutputFolder out(Path("run/"), "--out");  // a trailing separator names the same folder
    out.Write("summary.json", "{}\n");
    out.Write("cap/0001-x.xml", "<alert/>");
    EXPECT_FALSE(fs::exists(Path("run")));
    out.Commit();
  }
  EXPECT_EQ(Entries(), std::vector<std::string>{"run"});
  std::ifstream in(Path("run/cap/0001-x.xml"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "<alert/>");
}

TEST_F(OutputFolderTest, ReplacesAnEarlierOutputWhole) {
  {
    OutputFolder out(Path("run"), "--out");
    out.Write("stale.txt", "old");
    out.Commit();
  }
  {
    OutputFolder out(Path("run"), "--out");
    out.Write("new.txt", "new");
    out.Commit();
  }
  EXPECT_FALSE(fs::exists(Path("run/stale.txt")));
  EXPECT_TRUE(fs::exists(Path("run/new.txt")));
  EXPECT_EQ(Entries(), std::vector<std::string>{"run"});
}

TEST_F(OutputFolderTest, AnErrorBeforeCommitLeavesNothingBehind) {
  {
    OutputFolder out(Path("new/parent/run"), "--out");
    out.Write("a.txt", "a");
    // No Commit: the run failed.
  }
  EXPECT_TRUE(Entries().empty());
}

TEST_F(OutputFolderTest, RefusesPathsThatCannotBeAFolderOfItsOwn) {
  for (const std::string& path : {std::string("."), std::string(".."), std::string("/"), Path("."),
                                  Path("run/.."), Path("run/../")}) {
    EXPECT_THAT(ErrorOf(path), HasSubstr("expected the path of a folder to create or replace"))
        << path;
  }
  EXPECT_THAT(ErrorOf(""), HasSubstr("--out '': an empty path"));
}

TEST_F(OutputFolderTest, NeverReplacesAFolderTrilinkDidNotWrite) {
  fs::create_directories(Path("work"));
  std::ofstream(Path("work/notes.txt")) << "precious";
  EXPECT_THAT(ErrorOf(Path("work")), HasSubstr("exists and was not written by trilink"));
  EXPECT_TRUE(fs::exists(Path("work/notes.txt")));
  fs::create_directories(Path("empty"));
  EXPECT_EQ(ErrorOf(Path("empty")), "no error");
}

// A folder that something else fills while the run works is not replaced at
// the end either; the results stay in the temporary folder, named.
TEST_F(OutputFolderTest, CommitChecksTheFolderAgain) {
  std::string error;
  {
    OutputFolder out(Path("run"), "--out");
    out.Write("summary.json", "{}\n");
    fs::create_directories(Path("run"));
    std::ofstream(Path("run/notes.txt")) << "precious";
    try {
      out.Commit();
    } catch (const InputError& e) {
      error = e.what();
    }
  }
  EXPECT_THAT(error, HasSubstr("was filled by something else during the run; nothing was "
                               "replaced, the results are in"));
  EXPECT_TRUE(fs::exists(Path("run/notes.txt")));
  EXPECT_FALSE(fs::exists(Path("run/summary.json")));
  // The results are where the message says.
  const std::string kept = error.substr(error.rfind(" in '") + 5);
  EXPECT_TRUE(fs::exists(fs::path(kept.substr(0, kept.size() - 1)) / "summary.json")) << error;
}

TEST_F(OutputFolderTest, RefusesAFileOrAPathUnderAFile) {
  std::ofstream(Path("file")) << "x";
  EXPECT_EQ(ErrorOf(Path("file")), "--out '" + Path("file") + "': exists and is not a folder");
  EXPECT_THAT(ErrorOf(Path("file/run")),
              HasSubstr("cannot create the folder: '" + Path("file") + "' is not a folder"));
  EXPECT_EQ(Entries(), std::vector<std::string>{"file"});
}

TEST_F(OutputFolderTest, WriteErrorsNameTheFileAsTheUserWillSeeIt) {
  OutputFolder out(Path("run"), "--out");
  // A file where the folder "cap" should be: writing cap/x.xml fails.
  out.Write("cap", "not a folder");
  try {
    out.Write("cap/x.xml", "x");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(Path("run/cap")));
    EXPECT_THAT(error.what(), Not(HasSubstr(".partial")));
  }
}

TEST_F(OutputFolderTest, RequireSpaceRefusesMoreThanTheDiskHolds) {
  OutputFolder out(Path("run"), "--out");
  EXPECT_NO_THROW(out.RequireSpace(1));
  try {
    out.RequireSpace(~std::uintmax_t{0} / 2);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("GB are free there"));
  }
}

}  // namespace
}  // namespace trilink::app

namespace trilink::app {
namespace {

TEST_F(OutputFolderTest, RemovesWhatAKilledRunLeftBehind) {
  // A process that has ended: its pid names the stale folders.
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  ASSERT_GT(dead, 0);
  waitpid(dead, nullptr, 0);
  const std::string stale = Path(".run.partial." + std::to_string(dead));
  fs::create_directories(stale);
  std::ofstream(stale + "/detections.csv") << "half";
  // Another folder's leftovers and a live process's are not touched.
  const std::string other = Path(".other.partial." + std::to_string(dead));
  const std::string live = Path(".run.partial." + std::to_string(getppid()));
  fs::create_directories(other);
  fs::create_directories(live);
  {
    OutputFolder out(Path("run"), "--out");
    out.Commit();
  }
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::exists(live));
}

TEST_F(OutputFolderTest, AnUnwritablePlaceIsFoundBeforeTheWork) {
  // /proc looks like a folder but nothing can be made in it.
  EXPECT_THAT(ErrorOf("/proc/trilink-test-out"), HasSubstr("--out '/proc/trilink-test-out'"));
}

}  // namespace
}  // namespace trilink::app
