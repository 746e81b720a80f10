// Results files and input files in a hostile environment: a kill in the middle of a write,
// closed standard descriptors, names the tool chose taken by another run, every place full,
// names the filesystem refuses, huge and endless inputs.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "platform/atomic_file.hpp"
#include "platform/error.hpp"
#include "test_files_support.hpp"
#include "util/json_text.hpp"

namespace contend {
namespace {

namespace fs = std::filesystem;

using testing::fresh_dir;
using testing::names_in;
using testing::read;

// Runs `child` in a forked process and returns its wait status.
template <typename Child>
int in_child(Child child) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    child();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// Killed at any moment of a write, the directory holds nothing or the complete file: never a
// hidden temporary one.
TEST(HostileFiles, AKillDuringTheWriteLeavesNoTemporaryFile) {
  const fs::path dir = fresh_dir("kill");
  const std::string content(64 << 20, 'x');
  for (const int delay_us : {0, 2000, 20000}) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      try {
        write_file_atomically(dir / "r.json", content, true);
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    ::usleep(static_cast<useconds_t>(delay_us));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    const auto names = names_in(dir);
    EXPECT_TRUE(names.empty() || names == std::vector<std::string>{"r.json"})
        << fmt::format("{} after {} us", fmt::join(names, ","), delay_us);
    if (!names.empty()) {
      EXPECT_EQ(fs::file_size(dir / "r.json"), content.size());
    }
  }
  fs::remove_all(dir);
}

// With 0-2 closed, the file must not be opened as descriptor 2: what a signal handler writes to
// stderr would land in it.
TEST(HostileFiles, ClosedStandardDescriptorsNeverCarryTheFile) {
  const fs::path dir = fresh_dir("fds");
  const int status = in_child([&] {
    ::close(STDIN_FILENO);
    ::close(STDOUT_FILENO);
    ::close(STDERR_FILENO);
    try {
      write_file_atomically(dir / "r.json", "{\"ok\": true}\n", false);
      write_file_atomically(dir / "r.json", "{\"ok\": 2}\n", true);  // the replacing path too
    } catch (...) {
      ::_exit(1);
    }
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, "note\n", 5);  // a handler's note
  });
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(read(dir / "r.json"), "{\"ok\": 2}\n");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"r.json"});
  fs::remove_all(dir);
}

// A name the tool chose, taken by another run meanwhile: the next one, and no error.
TEST(HostileFiles, ANameTheToolChoseThatWasTakenBecomesTheNextSilently) {
  const fs::path dir = fresh_dir("taken");
  write_file_atomically(dir / "r.json", "another run's", false);
  const WriteOutcome outcome =
      write_file_or_elsewhere(dir / "r.json", "ours", false, NameChoice::kTool);
  EXPECT_EQ(outcome.path, dir / "r-2.json");
  EXPECT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_EQ(read(dir / "r.json"), "another run's");
  EXPECT_EQ(read(dir / "r-2.json"), "ours");
  fs::remove_all(dir);
}

// RLIMIT_FSIZE: every write past a few bytes fails, in every directory.
TEST(HostileFiles, WhenEveryPlaceFailsTheErrorSaysWhereItTried) {
  const fs::path dir = fresh_dir("everywhere");
  std::string message;
  const int status = in_child([&] {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{};
    ::getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = 4096;
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      write_file_or_elsewhere(dir / "r.json", std::string(100000, 'x'), false);
    } catch (const SetupError& e) {
      std::ofstream(dir / "message") << e.what();
      ::_exit(0);
    }
    ::_exit(1);
  });
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  message = read(dir / "message");
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_NE(message.find("also tried"), std::string::npos) << message;
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"message"});  // nothing partial
  fs::remove_all(dir);
}

// The temporary name never lengthens the final one: a legal 250-byte name is written.
TEST(HostileFiles, ALongLegalNameIsWritten) {
  const fs::path dir = fresh_dir("long");
  const std::string name = std::string(245, 'a') + ".json";
  EXPECT_NO_THROW(check_file_name(dir / name, "--out"));
  write_file_atomically(dir / name, "ours", false);
  EXPECT_EQ(read(dir / name), "ours");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{name});
  fs::remove_all(dir);
}

TEST(HostileFiles, NamesTheFilesystemRefusesAreInputErrors) {
  const fs::path dir = fresh_dir("names");
  const auto message = [](const fs::path& path) {
    return testing::input_error_of([&] { check_file_name(path, "--out"); });
  };
  EXPECT_NE(message(dir / (std::string(300, 'b') + ".json")).find("--out: bbbb"),
            std::string::npos);
  EXPECT_NE(message(dir / (std::string(300, 'b') + ".json")).find("too long a file name"),
            std::string::npos);
  fs::create_symlink(dir / "missing" / "x.json", dir / "dangling.json");
  EXPECT_EQ(message(dir / "dangling.json"),
            fmt::format("--out: {} is a symbolic link to {}, which does not exist; expected a "
                        "new file name",
                        (dir / "dangling.json").string(), (dir / "missing" / "x.json").string()));
  EXPECT_EQ(message(dir / "fine.json"), "no error");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"dangling.json"});  // the probe is gone
  // A dangling link is taken for fresh names too: writing there would fail or follow it.
  EXPECT_EQ(fresh_path(dir, "dangling"), dir / "dangling-2.json");
  fs::remove_all(dir);
}

// A regular file says its size: refused before a byte is read.
TEST(HostileFiles, AHugeFileIsRefusedByItsSize) {
  const fs::path dir = fresh_dir("huge");
  { std::ofstream make(dir / "huge.json"); }
  fs::resize_file(dir / "huge.json", std::uintmax_t{4} << 30);  // sparse
  try {
    read_user_file((dir / "huge.json").string(), 16 << 20, "a scenario file");
    FAIL() << "read a 4 GiB file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir / "huge.json").string() + ": larger than 16 MiB; expected a scenario file");
  }
  fs::remove_all(dir);
}

// An endless stream of NUL bytes is counted to the bound, not kept: memory stays small.
TEST(HostileFiles, AnEndlessBinaryStreamIsRefusedWithoutKeepingIt) {
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  constexpr std::size_t kBound = std::size_t{256} << 20;
  try {
    read_user_file("/dev/zero", kBound, "a results file");
    FAIL() << "read /dev/zero";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "/dev/zero: larger than 256 MiB; expected a results file");
  }
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  EXPECT_LT((after.ru_maxrss - before.ru_maxrss) * 1024L, 32L << 20);  // KiB: far below the bound
}

TEST(HostileFiles, BinaryDataIsNotJsonText) {
  const fs::path dir = fresh_dir("binary");
  std::ofstream(dir / "b.json") << std::string("{\"a\0", 4) << "\": 1}";
  try {
    read_user_file((dir / "b.json").string(), 1 << 20, "a scenario file");
    FAIL() << "accepted a NUL byte";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "b.json").string() +
                                         ": binary data, not JSON text (a NUL byte at offset 3); "
                                         "expected a scenario file");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace contend
