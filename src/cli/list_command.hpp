// `contend list`: every workload with its parameters, and the scenario files found.
#pragma once

#include <CLI/CLI.hpp>

namespace contend {

struct ListOptions {
  bool json = false;  // workloads, parameters and scenario files as one JSON document
};

CLI::App* add_list_command(CLI::App& app, ListOptions& options);
int run_list_command(const ListOptions& options);

}  // namespace contend
