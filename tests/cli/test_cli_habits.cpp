// The habits of the field (issue 17): comma lists, streaming output without escape codes when
// not on a terminal, units on durations, defaults in --help, errors naming the subcommand's
// help, --out -, JSON from list and topo, exports other tools read, and every README command.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_runner.hpp"

namespace contend {
namespace {

using nlohmann::json;
using testing::run_contend;
using testing::run_shell;
using testing::shell_quote;
using testing::slurp;
using testing::temp_dir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Display columns of a UTF-8 line (continuation bytes take none).
std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return n;
}

// A short fixed run: one repetition of 20ms per point, no warm-up.
std::vector<std::string> short_run(std::vector<std::string> extra) {
  std::vector<std::string> args{"run",  "--workload", "atomic_add", "--threads", "1", "--duration",
                                "20ms", "-r",         "1",          "--warmup",  "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(CliHabits, PlacementTakesACommaListAndSaysWhenTwoPickTheSamePus) {
  const auto r = run_contend({"run", "--workload", "atomic_add", "--threads", "1", "--placement",
                              "compact,cores", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // For one thread both pick the first PU: measured once, and said so.
  EXPECT_TRUE(contains(r.err, "--placement compact and cores pick the same PUs")) << r.err;
  EXPECT_TRUE(contains(r.out, "1 points")) << r.out;
}

TEST(CliHabits, PlacementPuListStaysOneListBetweenNames) {
  const auto r = run_contend(
      {"run", "--workload", "atomic_add", "--threads", "1", "--placement", "0,scatter", "-n"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto bad = run_contend({"run", "--workload", "atomic_add", "--placement", "compact,nope"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--placement")) << bad.err;
}

TEST(CliHabits, DurationWithoutUnitIsRefusedWithAHintAndTheSubcommandsHelp) {
  const auto r = run_contend({"run", "--workload", "atomic_add", "--duration", "100"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(testing::line_count(r.err), 1) << r.err;
  EXPECT_TRUE(contains(r.err, "--duration: '100' has no unit")) << r.err;
  EXPECT_TRUE(contains(r.err, "100ms or 100s")) << r.err;
  EXPECT_TRUE(contains(r.err, "see contend run --help")) << r.err;
  const auto flag = run_contend({"run", "--no-such-flag"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_TRUE(contains(flag.err, "see contend run --help")) << flag.err;
}

TEST(CliHabits, RunHelpShowsTheDefaults) {
  const auto r = run_contend({"run", "--help"});
  ASSERT_EQ(r.exit_code, 0);
  for (const char* shown : {"200ms", "50ms", "pow2", "compact", "--wide", "--out"}) {
    EXPECT_TRUE(contains(r.out, shown)) << shown << "\n" << r.out;
  }
}

TEST(CliHabits, StderrToAFileGetsOneProgressLinePerPointAndNoEscapeCodes) {
  const auto dir = temp_dir("habits-stream");
  const auto r = run_contend(
      short_run({"--placement", "0", "--param", "order=relaxed,seq_cst", "--out", "r.json"}), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "[1/2] ")) << r.err;
  EXPECT_TRUE(contains(r.err, "[2/2] ")) << r.err;
  EXPECT_FALSE(contains(r.err, "\x1b")) << r.err;
  EXPECT_FALSE(contains(r.out, "\x1b")) << r.out;
  EXPECT_EQ(r.out.rfind("workload", 0), 0u) << r.out;  // the header first, then the rows
}

TEST(CliHabits, DefaultTableFitsOneHundredColumnsAndWideShowsParameters) {
  const auto dir = temp_dir("habits-width");
  const std::vector<std::string> limiter{
      "run", "--workload", "fetch_add_limiter", "--threads", "1",     "--duration", "20ms",
      "-r",  "1",          "--warmup",          "0",         "--out", "narrow.json"};
  const auto r = run_contend(limiter, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(columns(line), 100u) << line;
  }
  auto wide_args = limiter;
  wide_args.back() = "wide.json";
  wide_args.push_back("--wide");
  const auto wide = run_contend(wide_args, dir);
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  EXPECT_TRUE(contains(wide.out.substr(0, wide.out.find('\n', wide.out.find('\n') + 1)),
                       "fetch_add_limiter "))
      << wide.out;
}

TEST(CliHabits, OutDashWritesResultsToStdoutAndTheTableToStderr) {
  const auto r = run_contend(short_run({"--out", "-"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["kind"], "run");
  EXPECT_EQ(doc["points"].size(), 1u);
  EXPECT_TRUE(contains(r.err, "workload")) << r.err;
  EXPECT_TRUE(contains(r.err, "results: stdout")) << r.err;
}

TEST(CliHabits, ListAndTopoSpeakJson) {
  const auto list = run_contend({"list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json workloads = json::parse(list.out)["workloads"];
  ASSERT_FALSE(workloads.empty());
  EXPECT_TRUE(workloads[0].contains("params"));
  EXPECT_TRUE(workloads[0].contains("role"));
  const auto topo = run_contend({"topo", "--json", "--synthetic", "pack:2 core:2 pu:2"});
  ASSERT_EQ(topo.exit_code, 0) << topo.err;
  const json t = json::parse(topo.out);
  EXPECT_EQ(t["pus"], 8);
  EXPECT_EQ(t["placements"]["compact"].size(), 8u);
}

TEST(CliHabits, ExportWritesCsvGbenchAndMarkdown) {
  const auto dir = temp_dir("habits-export");
  auto three_reps = short_run({"--out", "r.json"});
  three_reps[std::find(three_reps.begin(), three_reps.end(), "-r") - three_reps.begin() + 1] = "3";
  ASSERT_EQ(run_contend(three_reps, dir).exit_code, 0);

  const auto csv = run_contend({"export", "r.json", "--to", "csv"}, dir);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("point,workload,role,params,threads,placement,status,metric", 0), 0u);
  EXPECT_TRUE(contains(csv.out, ",ops_per_sec,")) << csv.out;

  const auto gb = run_contend({"export", "r.json", "--to", "gbench", "-o", "gb.json"}, dir);
  ASSERT_EQ(gb.exit_code, 0) << gb.err;
  const json g = json::parse(slurp(dir / "gb.json"));
  ASSERT_TRUE(g["context"].is_object());
  ASSERT_EQ(g["benchmarks"].size(), 3u + 4u);  // three repetitions, four aggregates
  for (const auto& b : g["benchmarks"]) {
    EXPECT_TRUE(b["name"].is_string() && b["run_name"].is_string());
    EXPECT_TRUE(b["real_time"].is_number() && b["cpu_time"].is_number());
    EXPECT_EQ(b["time_unit"], "ns");
    EXPECT_TRUE(b["iterations"].is_number_integer());
    EXPECT_EQ(b["repetitions"], 3);
    EXPECT_EQ(b["threads"], 1);
  }
  EXPECT_EQ(g["benchmarks"][0]["run_type"], "iteration");
  EXPECT_EQ(g["benchmarks"][4]["aggregate_name"], "median");
  // An existing file is kept unless --force.
  EXPECT_EQ(run_contend({"export", "r.json", "--to", "gbench", "-o", "gb.json"}, dir).exit_code, 2);

  const auto md = run_contend({"export", "r.json", "--to", "markdown"}, dir);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_TRUE(contains(md.out, "| # | workload |")) << md.out;

  const auto bad = run_contend({"export", "r.json", "--to", "xml"}, dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--to: expected csv, gbench or markdown")) << bad.err;
  EXPECT_TRUE(contains(bad.err, "see contend export --help")) << bad.err;
}

// Every `contend ...` line in the README's code blocks runs as written, in a form that measures
// nothing: runs get --dry-run; compare and export (which need results files the README names
// only as placeholders) must at least be subcommands that answer --help.
TEST(CliHabits, ReadmeCommandsRunAsWritten) {
  std::ifstream readme(std::string(CONTEND_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(readme) << "README.md";
  const std::regex command(R"(^(?:\$ )?contend(?:\s|$).*)");
  // Relative scenario paths as in the source tree; anything the lines write lands here.
  const auto dir = temp_dir("habits-readme");
  std::filesystem::create_directory_symlink(std::string(CONTEND_SOURCE_DIR) + "/scenarios",
                                            dir / "scenarios");
  bool in_code = false;
  int checked = 0;
  for (std::string line; std::getline(readme, line);) {
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      continue;
    }
    if (!in_code || !std::regex_match(line, command)) continue;
    if (line.rfind("$ ", 0) == 0) line = line.substr(2);
    if (const auto hash = line.find(" #"); hash != std::string::npos) line = line.substr(0, hash);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::istringstream words(line);
    std::vector<std::string> args;
    for (std::string w; words >> w;) args.push_back(w);
    args.erase(args.begin());  // "contend"
    const std::string sub = args.empty() ? "run" : args.front();
    std::string shell;
    if (sub == "compare" || sub == "export" || contains(line, "[")) {
      shell = shell_quote(CONTEND_BINARY) + " " + sub + " --help";
    } else {
      if (args.empty()) args.push_back("run");
      shell = shell_quote(CONTEND_BINARY);
      for (const auto& a : args) shell += " " + a;  // as written: the README's quoting
      if ((sub == "run" || sub == "c2c") && !contains(line, "--dry-run")) shell += " --dry-run";
    }
    const auto r = run_shell(shell, dir);
    EXPECT_EQ(r.exit_code, 0) << line << "\n" << r.err;
    ++checked;
  }
  EXPECT_GT(checked, 5);
}

}  // namespace
}  // namespace contend
