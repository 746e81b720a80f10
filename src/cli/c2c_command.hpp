// `contend c2c`: the core-to-core latency matrix. Ping-pongs one cache line between every pair
// of PUs (round-robin rounds of disjoint pairs, or --serial), labels each pair with the level
// hwloc says it shares, clusters the latencies, warns where hwloc's topology does not explain
// them, and writes a results file of kind "c2c".
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "cli/common_options.hpp"

namespace contend {

struct C2cOptions {
  std::optional<std::string> cpus;  // PU list; absent: every usable PU
  std::string mode = "load_store";  // load_store, cas or both
  int samples = 200;                // per pair and mode
  std::int64_t round_trips = 0;     // per sample; 0: auto (a sample lasts >= 20 us)
  bool serial = false;
  bool shared_cores = false;      // --shared-cores: the plain round-robin (pairs may share a core)
  bool sibling_probe = false;     // run the probe on bare metal too
  bool no_sibling_probe = false;  // skip the serial probe for hidden SMT siblings
  bool no_recheck = false;        // skip the serial re-check after a concurrent schedule
  bool dry_run = false;
  std::string out;  // directory, or a .json file name
  bool force = false;
  std::optional<std::string> seed;  // absent: drawn at random (and recorded)
};

CLI::App* add_c2c_command(CLI::App& app, C2cOptions& options);
int run_c2c_command(const C2cOptions& options, const Invocation& invocation);

}  // namespace contend
