// `contend export RESULTS --to csv|gbench|markdown [-o FILE]`: a run's results file in a
// format other tools read (report/export_results.hpp says what each holds).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace contend {

struct ExportOptions {
  std::string results;  // a results file of `contend run`
  std::string to;       // csv, gbench or markdown
  std::string out;      // a file; empty or "-": stdout
  bool force = false;
};

CLI::App* add_export_command(CLI::App& app, ExportOptions& options);
int run_export_command(const ExportOptions& options);

}  // namespace contend
