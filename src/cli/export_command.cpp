#include "cli/export_command.hpp"

#include <fmt/format.h>

#include "compare/load.hpp"
#include "platform/atomic_file.hpp"
#include "platform/error.hpp"
#include "report/export_results.hpp"
#include "report/results_json.hpp"
#include "session/output.hpp"
#include "util/console.hpp"
#include "util/json_text.hpp"

namespace contend {

CLI::App* add_export_command(CLI::App& app, ExportOptions& o) {
  auto* cmd = app.add_subcommand(
      "export", "Write a results file as CSV, Google Benchmark JSON or a markdown table");
  cmd->add_option("results", o.results, "A results file of contend run")->required();
  cmd->add_option("--to", o.to,
                  "csv (a row per point and metric), gbench (Google Benchmark JSON, for its "
                  "compare.py and CI trackers) or markdown")
      ->required();
  cmd->add_option("-o,--out", o.out, "Output file")->default_str("- (stdout)");
  cmd->add_flag("-f,--force", o.force, "Replace an existing --out file");
  return cmd;
}

int run_export_command(const ExportOptions& o) {
  if (o.to != "csv" && o.to != "gbench" && o.to != "markdown") {
    throw InputError(
        fmt::format("--to: expected csv, gbench or markdown, got '{}'", excerpt(o.to)));
  }
  const bool to_stdout = o.out.empty() || o.out == "-";
  if (!to_stdout) check_output_file(o.out, o.force, "--out");
  const nlohmann::json document =
      parse_user_json(read_user_file(o.results, kMaxResultsBytes, "a results file"), o.results);
  check_run_document(document, o.results);
  std::string text;
  if (o.to == "csv") text = export_csv(document);
  if (o.to == "gbench") text = document_text(export_gbench(document));
  if (o.to == "markdown") text = export_markdown(document);
  if (to_stdout) {
    write_text(stdout, text);
    return 0;
  }
  const WriteOutcome outcome = write_file_or_elsewhere(o.out, text, o.force);
  if (!outcome.error.empty()) {
    throw std::runtime_error(fmt::format("{}; written to {} instead", outcome.error,
                                         outcome.path.string()));
  }
  return 0;
}

}  // namespace contend
