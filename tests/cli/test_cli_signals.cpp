// Ctrl-C and SIGTERM during a run, as a user sends them: the first signal keeps what was
// measured (a valid file marked interrupted, exit 130); a second one exits at once and still
// leaves no corrupt or temporary file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.hpp"

extern char** environ;

namespace contend {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::slurp;

// A contend run in the background, in `dir`, its output captured in files there.
class BackgroundRun {
 public:
  BackgroundRun(const fs::path& dir, const std::vector<std::string>& args) : dir_(dir) {
    std::vector<std::string> argv{CONTEND_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir / ".stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir / ".stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // Default dispositions and no blocked signals, whatever ctest's shell set up (a background
    // job's SIGINT is ignored, for one).
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGHUP);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    // The child runs in `dir`: chdir here around the spawn (the test is single-threaded).
    const fs::path cwd = fs::current_path();
    fs::current_path(dir);
    const int rc =
        posix_spawn(&pid_, argv[0].c_str(), &actions, &attributes, c_argv.data(), environ);
    fs::current_path(cwd);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = -1;
  }

  ~BackgroundRun() {
    if (pid_ > 0 && exit_code_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }

  // True once the signal handlers are installed, which contend does right before it starts
  // measuring: /proc/PID/status lists the caught signals.
  bool catches_sigint() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("SigCgt:", 0) == 0) {
        const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
        return (mask & (1ull << (SIGINT - 1))) != 0;
      }
    }
    return false;
  }

  // Waits until the run is measuring; false if it ended or took over a minute to start.
  // Emulated (a cross build's tests run contend under qemu-user), SigCgt is qemu's own: it
  // catches every signal from its first instruction, so readiness cannot be seen. There the
  // wait is relaxed to a fixed start-up allowance, several times what contend's start-up takes
  // in qemu (about half a second), and the test then proceeds as natively.
  bool wait_until_measuring() {
    if (CONTEND_EMULATED) {
      for (int i = 0; i < 500; ++i) {  // 5 s
        if (exited()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return true;
    }
    for (int i = 0; i < 6000; ++i) {
      if (catches_sigint()) return true;
      if (exited()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  bool exited() {
    if (exit_code_ >= 0) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }

  // The exit code, waiting at most `limit`; -1 when it is still running then.
  int wait(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exited() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
  }

  std::string err() const { return slurp(dir_ / ".stderr"); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// 100 repetitions of 100 ms: ten seconds if nothing stopped it.
// Far longer than any test waits (10000 x 20 ms, over three minutes): a run that ends within a
// test's deadline was ended by the signal, however slow the machine (sanitizers, shared CI).
const std::vector<std::string> kLongRun{
    "run",      "--workload", "atomic_add", "--threads", "1",     "--duration",  "20ms",
    "--warmup", "0",          "-r",         "10000",     "--out", "results.json"};

// Names in `dir` of files a write left behind: ".results.json.XXXXXX".
std::vector<std::string> temporary_files(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename();
    if (name.rfind(".results.json.", 0) == 0 || name.rfind(".contend-write-test.", 0) == 0) {
      names.push_back(name);
    }
  }
  return names;
}

void expect_interrupted_file(const fs::path& dir) {
  ASSERT_TRUE(fs::exists(dir / "results.json"));
  const json doc = json::parse(slurp(dir / "results.json"));
  EXPECT_TRUE(doc["run"]["interrupted"].get<bool>());
  ASSERT_GE(doc["points"].size(), 1u);
  const auto& point = doc["points"][0];
  EXPECT_EQ(point["status"], "ok");
  EXPECT_GE(point["repetitions"].size(), 1u);
  EXPECT_LT(point["repetitions"].size(), point["repetitions_requested"].get<std::size_t>());
  EXPECT_NE(point["warnings"].dump().find("interrupted"), std::string::npos);
  EXPECT_NE(doc["warnings"].dump().find("interrupted"), std::string::npos);
  // And it is a valid results file, as the Python tools read it.
  const auto v = testing::validate_results(dir, "results.json");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

void interrupt_keeps_results(int signal, const std::string& name) {
  const fs::path dir = testing::temp_dir(name);
  BackgroundRun run(dir, kLongRun);
  ASSERT_GT(run.pid(), 0);
  ASSERT_TRUE(run.wait_until_measuring()) << run.err();
  // Time for dozens of 20 ms repetitions, a sliver of the whole run.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ::kill(run.pid(), signal);
  EXPECT_EQ(run.wait(std::chrono::seconds(60)), 130) << run.err();
  EXPECT_NE(run.err().find("interrupted"), std::string::npos) << run.err();
  expect_interrupted_file(dir);
  EXPECT_TRUE(temporary_files(dir).empty());
  fs::remove_all(dir);
}

TEST(CliSignals, CtrlCKeepsWhatWasMeasuredInAValidMarkedFile) {
  interrupt_keeps_results(SIGINT, "sigint");
}

TEST(CliSignals, SigtermKeepsWhatWasMeasuredInAValidMarkedFile) {
  interrupt_keeps_results(SIGTERM, "sigterm");
}

// A dropped ssh session: the kernel and then the shell each send SIGHUP. Both together are
// still a request to stop and keep the results, not the "quit now" of a second Ctrl-C.
TEST(CliSignals, HangupKeepsWhatWasMeasuredEvenWhenItComesTwice) {
  const fs::path dir = testing::temp_dir("sighup");
  BackgroundRun run(dir, kLongRun);
  ASSERT_GT(run.pid(), 0);
  ASSERT_TRUE(run.wait_until_measuring()) << run.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ::kill(run.pid(), SIGHUP);
  ::kill(run.pid(), SIGHUP);
  EXPECT_EQ(run.wait(std::chrono::seconds(60)), 130) << run.err();
  expect_interrupted_file(dir);
  EXPECT_TRUE(temporary_files(dir).empty());
  fs::remove_all(dir);
}

TEST(CliSignals, ASecondSignalExitsAtOnceAndLeavesNoCorruptFile) {
  const fs::path dir = testing::temp_dir("second-signal");
  BackgroundRun run(dir, kLongRun);
  ASSERT_GT(run.pid(), 0);
  ASSERT_TRUE(run.wait_until_measuring()) << run.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Two different signals: a second SIGINT sent before the first is handled would merge with it
  // (standard signals do not queue), and the run would just stop in order.
  ::kill(run.pid(), SIGINT);
  ::kill(run.pid(), SIGTERM);
  // Long before the minutes the run would take.
  EXPECT_EQ(run.wait(std::chrono::seconds(60)), 130) << run.err();
  // The second signal, not the first one's orderly stop, ended it.
  EXPECT_NE(run.err().find("interrupted again; exiting now without results"), std::string::npos)
      << run.err();
  // Either nothing was written yet, or the whole file was: never a part of one.
  if (fs::exists(dir / "results.json")) {
    EXPECT_TRUE(json::accept(slurp(dir / "results.json")));
  }
  EXPECT_TRUE(temporary_files(dir).empty());
  fs::remove_all(dir);
}

// c2c stops inside a round: the file holds the pairs completed, none of them reported failed for
// a stop the user asked for, and says it was interrupted.
TEST(CliSignals, AnInterruptedC2cKeepsItsCompletedPairsAndFailsNone) {
  const fs::path dir = testing::temp_dir("c2c-sigterm");
  // Hours if nothing stopped it: every round trip is one of 2^20 per sample.
  BackgroundRun run(dir, {"c2c", "--cpus", "0,1", "--samples", "100000", "--round-trips", "1048576",
                          "--out", "results.json"});
  ASSERT_GT(run.pid(), 0);
  ASSERT_TRUE(run.wait_until_measuring()) << run.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(run.pid(), SIGTERM);
  EXPECT_EQ(run.wait(std::chrono::seconds(60)), 130) << run.err();
  ASSERT_TRUE(fs::exists(dir / "results.json")) << run.err();
  const json doc = json::parse(slurp(dir / "results.json"));
  EXPECT_TRUE(doc["run"]["interrupted"].get<bool>());
  for (const auto& pair : doc["c2c"]["pairs"]) EXPECT_EQ(pair["status"], "ok") << pair.dump();
  EXPECT_EQ(doc["warnings"].dump().find("pair_failed"), std::string::npos) << doc["warnings"];
  const auto v = testing::validate_results(dir, "results.json");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  fs::remove_all(dir);
}

TEST(CliSignals, ASignalBeforeMeasuringLeavesNoFile) {
  const fs::path dir = testing::temp_dir("early-signal");
  BackgroundRun run(dir, kLongRun);
  ASSERT_GT(run.pid(), 0);
  ::kill(run.pid(), SIGTERM);  // during start-up: nothing measured, nothing to keep
  EXPECT_NE(run.wait(std::chrono::seconds(60)), 0);
  EXPECT_FALSE(fs::exists(dir / "results.json"));
  EXPECT_TRUE(temporary_files(dir).empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace contend
