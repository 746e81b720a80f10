// Every default a user can change from the command line or a scenario file, in one place, so
// that the code, the results and `--help` (CLI11's default capture) agree.
#pragma once

#include <cstdint>

namespace contend::defaults {

inline constexpr double kDuration_s = 0.2;         // measured time per repetition
inline constexpr double kWarmup_s = 0.05;          // before the repetitions of each point
inline constexpr int kRepetitions = 5;             // per point
inline constexpr double kNoiseThreshold_pct = 5.0; // ops/s MdAPE above this: the point is noisy
inline constexpr int kMaxRepetitions = 30;         // --until-stable's cap
// Latency sampling: fixed-count runs time one op per this many batches (0 would be none).
inline constexpr std::uint64_t kSampleEveryBatches = 4;
// The bootstrap behind every confidence interval (contend compare, the report's advice).
inline constexpr double kBootstrapConfidence = 0.95;
inline constexpr int kBootstrapResamples = 2000;
inline constexpr std::uint64_t kBootstrapSeed = 1;

}  // namespace contend::defaults
