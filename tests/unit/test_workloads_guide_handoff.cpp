// Hand-off: producers pass numbered items through a bounded queue to consumers. Every item is
// consumed exactly once and in order per producer, for every split of the threads; a queue that
// drops an item is caught. Also the sequential references' own invariants.
#include <gtest/gtest.h>

#include "test_workloads_guide_support.hpp"
#include "workloads/handoff.hpp"

namespace contend {
namespace {

using testing::run_ops;

// Producers do `ops` items each; consumers take them all between them.
void expect_handed_off(const PointResult& r, std::uint64_t ops, int producers, int consumers) {
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_FALSE(r.repetitions.empty());
  EXPECT_EQ(r.failed_repetitions, 0);
  for (const auto& rep : r.repetitions) {
    EXPECT_TRUE(rep.verified) << rep.message;
    const double items = static_cast<double>(ops) * producers;
    // One operation per item enqueued and one per item dequeued (a lone thread does both in one).
    EXPECT_EQ(rep.metrics.at("total_ops"), consumers == 0 ? items : 2 * items);
    EXPECT_NEAR(rep.metrics.at("items_per_sec") * rep.duration_s, items, 1e-6 * items);
  }
}

class HandoffInvariant
    : public ::testing::TestWithParam<std::tuple<std::string, int, std::int64_t>> {};

TEST_P(HandoffInvariant, EveryItemOnceInOrder) {
  const auto& [workload, threads, producers] = GetParam();
  const PointResult r =
      run_ops(workload, threads, {{"producers", producers}, {"capacity", std::int64_t{8}}}, 5000);
  const int p = threads == 1 ? 1 : producers == 0 ? std::max(1, threads / 2) : producers;
  expect_handed_off(r, 5000, p, threads == 1 ? 0 : threads - p);
  if (threads > 1) {
    EXPECT_EQ(r.repetitions.front().metrics.at("producers"), p);
    EXPECT_EQ(r.repetitions.front().metrics.at("consumers"), threads - p);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Queues, HandoffInvariant,
    ::testing::Values(std::make_tuple("handoff_mutex", 1, 0), std::make_tuple("handoff_spsc", 1, 0),
                      std::make_tuple("handoff_mpmc", 1, 0), std::make_tuple("handoff_mutex", 2, 0),
                      std::make_tuple("handoff_spsc", 2, 0), std::make_tuple("handoff_mpmc", 2, 0),
                      std::make_tuple("handoff_mutex", 3, 2), std::make_tuple("handoff_spsc", 3, 2),
                      std::make_tuple("handoff_mpmc", 3, 2), std::make_tuple("handoff_mutex", 3, 1),
                      std::make_tuple("handoff_spsc", 3, 1),
                      std::make_tuple("handoff_mpmc", 3, 1)));

// Time-bounded: producers stop at the flag while consumers may be waiting; the last producer
// wakes them and the run ends, verified, well inside the stop timeout.
TEST(Handoff, StopsCleanlyOnTheStopFlag) {
  for (const char* workload : {"handoff_mutex", "handoff_spsc", "handoff_mpmc"}) {
    MeasurementPoint point = testing::fixed_point(workload, 3, {{"producers", std::int64_t{1}}});
    point.duration_s = 0.02;
    point.repetitions = 2;
    PointOptions options;
    options.pin = testing::can_pin(3);
    const PointResult r = run_point(point, testing::machine(), options);
    ASSERT_TRUE(r.error.empty()) << workload << ": " << r.error;
    EXPECT_EQ(r.failed_repetitions, 0) << workload;
    for (const auto& rep : r.repetitions) EXPECT_TRUE(rep.verified) << rep.message;
  }
}

// The injected fault: a queue that loses one item of producer 0's stream.
template <typename Queue>
class Dropping {
 public:
  Dropping(const Roles& roles, std::size_t capacity) : queue_(roles, capacity) {}
  void push(int p, const Item& item) noexcept {
    if (p == 0 && item.seq() == 100) return;
    queue_.push(p, item);
  }
  bool try_pop(int c, Item& item) noexcept { return queue_.try_pop(c, item); }
  bool pop(int c, Item& item) noexcept { return queue_.pop(c, item); }
  void producer_done(int p) noexcept { queue_.producer_done(p); }
  void add_areas(std::vector<MemoryArea>& out) const { queue_.add_areas(out); }

 private:
  Queue queue_;
};

template <typename Queue>
void expect_drop_caught(int threads) {
  auto faulty = std::make_shared<Handoff<Dropping<Queue>>>(0, 16);
  const RepetitionRun run = testing::run_workload(faulty, threads, 5000);
  ASSERT_TRUE(run.error.empty()) << run.error;
  const Verification v = faulty->verify(testing::counters_of(run));
  EXPECT_FALSE(v.passed) << "a dropped item went unnoticed";
  EXPECT_NE(v.message.find("producer 0 enqueued 5000 items but consumers took 4999"),
            std::string::npos)
      << v.message;
}

TEST(Handoff, DroppedItemIsCaught) {
  for (int threads : {1, 2, 3}) {
    expect_drop_caught<MutexCvQueue>(threads);
    expect_drop_caught<Spinning<SpscMesh>>(threads);
    expect_drop_caught<Spinning<MpmcQueue>>(threads);
  }
}

TEST(Handoff, VerifyNoticesAConsumerCountingAnItemItNeverTook) {
  testing::DirectRun d = testing::run_once("handoff_mpmc", 2, {}, 3000);
  ASSERT_TRUE(d.run.error.empty()) << d.run.error;
  EXPECT_TRUE(d.workload->verify(d.counters).passed);
  d.counters[1].ops += 1;
  const Verification v = d.workload->verify(d.counters);
  EXPECT_FALSE(v.passed);
  EXPECT_NE(v.message.find("consumers counted 3001 operations for 3000 items"), std::string::npos)
      << v.message;
}

class SequentialReference : public ::testing::TestWithParam<std::string> {};

TEST_P(SequentialReference, PlainLoopKeepsItsInvariant) {
  for (int threads : {1, 2}) {
    const PointResult r = run_ops(GetParam(), threads, {}, 10000);
    testing::expect_verified(r, 10000, threads);
  }
  testing::expect_verify_notices_extra_op(GetParam(), {});
}

INSTANTIATE_TEST_SUITE_P(Families, SequentialReference,
                         ::testing::Values("seq_counter", "seq_window", "seq_handoff"));

TEST(SequentialReference, ReadWriteReferencesCountWrites) {
  for (const char* workload : {"seq_multiword", "seq_config"}) {
    const PointResult r = run_ops(workload, 2, {{"write_every", std::int64_t{3}}}, 9000);
    testing::expect_verified(r, 9000, 2);
    EXPECT_EQ(find_workload(workload, "test").role, WorkloadRole::kReference);
  }
}

}  // namespace
}  // namespace contend

namespace contend {
namespace {

// The queue's plain reference is ranked like the queues: one item per operation.
TEST(SequentialReference, PlainQueueReportsItemsPerSecond) {
  const PointResult r = testing::run_ops("seq_handoff", 1, {}, 4000);
  ASSERT_TRUE(r.ok()) << r.error;
  for (const auto& rep : r.repetitions) {
    ASSERT_TRUE(rep.metrics.count("items_per_sec"));
    EXPECT_NEAR(rep.metrics.at("items_per_sec") * rep.duration_s, 4000, 1e-6 * 4000);
  }
}

}  // namespace
}  // namespace contend
