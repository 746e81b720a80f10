// Helpers for the workload-family tests: fixed-operation-count runs, pinned when the machine
// has a PU per thread (unpinned otherwise, so a 1-PU CI box still runs them), and one
// repetition run directly so a test can hand verify() wrong counts and watch it fail.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runner/runner.hpp"
#include "test_support.hpp"

namespace contend::testing {

using ParamMap = std::map<std::string, ParamValue>;

inline bool can_pin(int threads) {
  return machine().usable_pus().size() >= static_cast<std::size_t>(threads);
}

inline PointResult run_ops(const std::string& workload, int threads, const ParamMap& params,
                           std::uint64_t ops) {
  PointOptions options;
  options.op_limit = ops;
  options.pin = can_pin(threads);
  // A fixed amount of work, not a timing: on a loaded machine (ctest -j, sanitizers, threads
  // sharing PUs) it may take far longer than the 5 s a time-bounded point is given.
  options.stop_timeout_s = 120;
  return run_point(fixed_point(workload, threads, params), machine(), options);
}

// Every repetition ran, verified, and did exactly `ops` operations per thread.
inline void expect_verified(const PointResult& r, std::uint64_t ops, int threads) {
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_FALSE(r.repetitions.empty());
  EXPECT_EQ(r.failed_repetitions, 0);
  for (const auto& rep : r.repetitions) {
    EXPECT_TRUE(rep.verified) << rep.message;
    EXPECT_EQ(rep.metrics.at("total_ops"), static_cast<double>(ops) * threads);
  }
}

struct DirectRun {
  std::shared_ptr<Workload> workload;
  std::vector<ThreadCounters> counters;
  RepetitionRun run;
};

inline DirectRun run_once(const std::string& workload, int threads, const ParamMap& params,
                          std::uint64_t ops) {
  const MeasurementPoint point = fixed_point(workload, threads, params);
  DirectRun direct;
  direct.workload = point.workload->create(point.params);
  RunConfig config;
  config.pus = point.placement.pus;
  config.pin = can_pin(threads);
  config.op_limit = ops;
  direct.run = run_repetition(direct.workload, machine(), config);
  for (const auto& t : direct.run.threads) direct.counters.push_back(t.counters);
  return direct;
}

// verify() passes on what the threads really did and fails when one thread claims an
// operation it never performed: the invariant is really checked.
inline void expect_verify_notices_extra_op(const std::string& workload, const ParamMap& params) {
  DirectRun d = run_once(workload, 2, params, 5000);
  ASSERT_TRUE(d.run.error.empty()) << d.run.error;
  const Verification honest = d.workload->verify(d.counters);
  EXPECT_TRUE(honest.passed) << honest.message;
  d.counters[1].ops += 1;
  const Verification tampered = d.workload->verify(d.counters);
  EXPECT_FALSE(tampered.passed) << workload << " accepted a count it did not perform";
  EXPECT_FALSE(tampered.message.empty());
}

}  // namespace contend::testing
