// Signal: one thread wakes another that waits for it. Every primitive keeps its invariant for
// paired and unpaired threads, in fixed-count and time-bounded runs; a wrongly numbered signal
// is caught by verification.
#include <gtest/gtest.h>

#include "test_workloads_guide_support.hpp"
#include "workloads/signal.hpp"

namespace contend {
namespace {

using testing::run_ops;

const char* const kSignals[] = {"signal_cv", "signal_futex", "signal_spin"};

TEST(Signal, EveryPrimitiveCountsEachWakeUpOnBothSides) {
  for (const char* workload : kSignals) {
    for (int threads : {1, 2, 3}) {
      SCOPED_TRACE(std::string(workload) + " x" + std::to_string(threads));
      const PointResult r = run_ops(workload, threads, {}, 2000);
      testing::expect_verified(r, 2000, threads);
    }
    testing::expect_verify_notices_extra_op(workload, {});
  }
}

TEST(Signal, StopsCleanlyOnTheStopFlag) {
  for (const char* workload : kSignals) {
    for (int threads : {2, 3}) {
      MeasurementPoint point = testing::fixed_point(workload, threads);
      point.duration_s = 0.02;
      PointOptions options;
      options.pin = testing::can_pin(threads);
      const PointResult r = run_point(point, testing::machine(), options);
      ASSERT_TRUE(r.error.empty()) << workload << ": " << r.error;
      EXPECT_EQ(r.failed_repetitions, 0) << workload;
      for (const auto& rep : r.repetitions) {
        EXPECT_TRUE(rep.verified) << rep.message;
        // A round trip is two wake-ups, one on each side of the pair.
        EXPECT_EQ(rep.threads[0].counters.ops, rep.threads[1].counters.ops);
      }
    }
  }
}

// The injected fault: signal 100 goes out numbered 101.
template <typename Primitive>
struct Misnumbered {
  static void send(SignalChannel& c, std::uint32_t n) noexcept {
    Primitive::send(c, n == 100 ? 101 : n);
  }
  static std::uint32_t wait(SignalChannel& c, std::uint32_t n,
                            const std::atomic<bool>& gone) noexcept {
    return Primitive::wait(c, n, gone);
  }
  static void wake(SignalChannel& c) noexcept { Primitive::wake(c); }
};

template <typename Primitive>
void expect_misnumbering_caught(int threads) {
  auto faulty = std::make_shared<Signal<Misnumbered<Primitive>>>();
  const RepetitionRun run = testing::run_workload(faulty, threads, 1000);
  ASSERT_TRUE(run.error.empty()) << run.error;
  const Verification v = faulty->verify(testing::counters_of(run));
  EXPECT_FALSE(v.passed) << "a wrongly numbered signal went unnoticed";
  EXPECT_NE(v.message.find("not each of 1..1000 once, in order"), std::string::npos) << v.message;
}

TEST(Signal, AWronglyNumberedSignalIsCaught) {
  for (int threads : {1, 2}) {
    expect_misnumbering_caught<CvSignal>(threads);
    expect_misnumbering_caught<FutexSignal>(threads);
    expect_misnumbering_caught<SpinSignal>(threads);
  }
}

}  // namespace
}  // namespace contend
