// Results files: written atomically, never clobbered, write errors reported (never a
// truncated file), no temporary file left behind, and a fallback place when the first fails.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/atomic_file.hpp"
#include "platform/error.hpp"
#include "platform/interrupt.hpp"
#include "test_files_support.hpp"

namespace contend {
namespace {

namespace fs = std::filesystem;

using testing::fresh_dir;
using testing::names_in;
using testing::read;

TEST(AtomicFile, WritesTheWholeContentAndLeavesNoTemporaryFile) {
  const fs::path dir = fresh_dir("write");
  const std::string content(100000, 'x');
  write_file_atomically(dir / "r.json", content, false);
  EXPECT_EQ(read(dir / "r.json"), content);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"r.json"});
  fs::remove_all(dir);
}

TEST(AtomicFile, RefusesToReplaceAnExistingFileUnlessAsked) {
  const fs::path dir = fresh_dir("clobber");
  write_file_atomically(dir / "r.json", "first", false);
  try {
    write_file_atomically(dir / "r.json", "second", false);
    ADD_FAILURE() << "replaced an existing file";
  } catch (const SetupError& e) {
    EXPECT_NE(std::string(e.what()).find("already exists; pass --force"), std::string::npos);
  }
  EXPECT_EQ(read(dir / "r.json"), "first");
  write_file_atomically(dir / "r.json", "third", true);
  EXPECT_EQ(read(dir / "r.json"), "third");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"r.json"});
  fs::remove_all(dir);
}

// RLIMIT_FSIZE makes write() fail with EFBIG past the limit: a full disk, without root.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // else the process is killed
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

TEST(AtomicFile, AWriteErrorIsReportedAndNoTruncatedFileIsLeft) {
  const fs::path dir = fresh_dir("full");
  std::string message;
  {
    const FileSizeLimit limit(4096);
    try {
      write_file_atomically(dir / "r.json", std::string(100000, 'x'), false);
    } catch (const SetupError& e) {
      message = e.what();
    }
  }
  EXPECT_NE(message.find("writing " + (dir / "r.json").string()), std::string::npos) << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_TRUE(names_in(dir).empty());  // neither the file nor its temporary
  fs::remove_all(dir);
}

TEST(AtomicFile, AWriteErrorKeepsTheEarlierFileIntact) {
  const fs::path dir = fresh_dir("keep");
  write_file_atomically(dir / "r.json", "earlier results", false);
  {
    const FileSizeLimit limit(4096);
    EXPECT_THROW(write_file_atomically(dir / "r.json", std::string(100000, 'x'), true), SetupError);
  }
  EXPECT_EQ(read(dir / "r.json"), "earlier results");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"r.json"});
  fs::remove_all(dir);
}

TEST(AtomicFile, FallsBackToAFreshNameWhenTheNameWasTakenMeanwhile) {
  const fs::path dir = fresh_dir("taken");
  write_file_atomically(dir / "r.json", "someone else's", false);
  const WriteOutcome outcome = write_file_or_elsewhere(dir / "r.json", "ours", false);
  EXPECT_EQ(outcome.path, dir / "r-2.json");
  EXPECT_NE(outcome.error.find("already exists"), std::string::npos) << outcome.error;
  EXPECT_EQ(read(dir / "r.json"), "someone else's");
  EXPECT_EQ(read(dir / "r-2.json"), "ours");
  fs::remove_all(dir);
}

TEST(AtomicFile, FallsBackToTheTempDirectoryWhenTheDirectoryIsGone) {
  const fs::path dir = fresh_dir("gone");
  fs::remove_all(dir);
  const std::string stem = fmt::format("contend-unit-fallback-{}", ::getpid());
  const WriteOutcome outcome = write_file_or_elsewhere(dir / (stem + ".json"), "ours", false);
  EXPECT_EQ(outcome.path.parent_path(), fs::temp_directory_path());
  EXPECT_EQ(outcome.path.filename(), stem + ".json");
  EXPECT_FALSE(outcome.error.empty());
  EXPECT_EQ(read(outcome.path), "ours");
  fs::remove(outcome.path);
}

TEST(AtomicFile, WritingSucceedsWhereItCanWithoutAFallback) {
  const fs::path dir = fresh_dir("plain");
  const WriteOutcome outcome = write_file_or_elsewhere(dir / "r.json", "ours", false);
  EXPECT_EQ(outcome.path, dir / "r.json");
  EXPECT_TRUE(outcome.error.empty());
  fs::remove_all(dir);
}

TEST(AtomicFile, FreshPathNeverNamesAnExistingFile) {
  const fs::path dir = fresh_dir("fresh");
  EXPECT_EQ(fresh_path(dir, "r"), dir / "r.json");
  write_file_atomically(dir / "r.json", "1", false);
  write_file_atomically(dir / "r-2.json", "2", false);
  EXPECT_EQ(fresh_path(dir, "r"), dir / "r-3.json");
  fs::remove_all(dir);
}

TEST(WritableDir, MissingNotADirectoryAndUnwritableAreInputErrors) {
  const fs::path dir = fresh_dir("check");
  const auto message = [](const fs::path& path) {
    return testing::input_error_of([&] { check_writable_dir(path, "--out"); });
  };
  EXPECT_EQ(message(dir / "missing"),
            fmt::format("--out: directory {} does not exist", (dir / "missing").string()));
  write_file_atomically(dir / "file", "x", false);
  EXPECT_EQ(message(dir / "file"),
            fmt::format("--out: {} is not a directory", (dir / "file").string()));
  // /proc refuses new files even to root, unlike a chmod 0500 directory.
  EXPECT_NE(message("/proc").find("--out: cannot create files in /proc"), std::string::npos);
  EXPECT_NO_THROW(check_writable_dir(dir, "--out"));
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"file"});  // the probe is gone
  fs::remove_all(dir);
}

TEST(TemporaryFileName, RegistersOneNameAtATimeAndFallsBackForTheSecond) {
  const TemporaryFileName first("/tmp/.a.XXXXXX");
  const TemporaryFileName second("/tmp/.b.XXXXXX");
  EXPECT_STREQ(first.c_str(), "/tmp/.a.XXXXXX");
  EXPECT_STREQ(second.c_str(), "/tmp/.b.XXXXXX");
  EXPECT_NE(first.c_str(), second.c_str());
}

}  // namespace
}  // namespace contend
