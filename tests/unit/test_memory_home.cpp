// Memory home and fresh shared state: parsing, the checks against the NUMA nodes, what each
// workload declares as shared, and that every repetition gets state of its own.
#include <gtest/gtest.h>

#include <set>

#include "contract/batched_loop.hpp"
#include "platform/error.hpp"
#include "platform/layout.hpp"
#include "report/results_json.hpp"
#include "test_support.hpp"
#include "topology/memory_home.hpp"

namespace contend {
namespace {

using testing::machine;

TEST(MemoryHome, ParsesWhatItWrites) {
  for (const char* text : {"first", "interleave", "node:0", "node:7"}) {
    EXPECT_EQ(MemoryHome::parse(text, "--home").to_text(), text);
  }
  EXPECT_EQ(MemoryHome::parse("node:12", "--home"), (MemoryHome{MemoryHome::Kind::kNode, 12}));
  EXPECT_EQ(MemoryHome{}.to_text(), "first");
}

TEST(MemoryHome, RefusesAnythingElseNamingTheFlag) {
  for (const char* text :
       {"", "node", "node:", "node:x", "node:-1", "Node:1", "local", "node:1x"}) {
    try {
      MemoryHome::parse(text, "--home");
      ADD_FAILURE() << "'" << text << "' accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--home", 0), 0u) << e.what();
    }
  }
}

TEST(MemoryHome, NodesComeFromTheTopology) {
  EXPECT_EQ(numa_nodes(Topology::load_synthetic("pack:2 numa:2 core:2 pu:2")),
            (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(numa_nodes(Topology::load_synthetic("pack:8 numa:1 core:16 pu:2")).size(), 8u);
  EXPECT_EQ(numa_nodes(Topology::load_synthetic("pack:1 core:2 pu:1")), (std::vector<int>{0}));
}

TEST(MemoryHome, ANodeOutsideTheMachineIsRefused) {
  const auto eight = Topology::load_synthetic("pack:2 numa:4 core:4 pu:2");  // 64 PUs, 8 nodes
  EXPECT_NO_THROW(check_memory_home(eight, {MemoryHome::Kind::kNode, 7}, "--home"));
  EXPECT_NO_THROW(check_memory_home(eight, {MemoryHome::Kind::kInterleave, -1}, "--home"));
  try {
    check_memory_home(eight, {MemoryHome::Kind::kNode, 8}, "--home");
    FAIL() << "node 8 of 8 accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--home: NUMA node 8 does not exist here (this machine has nodes 0, 1, 2, 3, 4, 5, "
              "6, 7)");
  }
  const auto one = Topology::load_synthetic("pack:1 core:2 pu:1");
  EXPECT_THROW(check_memory_home(one, {MemoryHome::Kind::kNode, 1}, "x"), InputError);
  EXPECT_NO_THROW(check_memory_home(one, {MemoryHome::Kind::kNode, 0}, "x"));
}

TEST(MemoryHome, ASyntheticMachineIsNeverBound) {
  // Its nodes do not exist: nothing may be bound to them, and where pages are is unknown.
  const auto synthetic = Topology::load_synthetic("pack:2 numa:2 core:2 pu:1");
  const std::uint64_t word = 0;
  const MemoryArea areas[] = {area_of(word)};
  const HomePlacement placed =
      place_shared_state(synthetic, {MemoryHome::Kind::kNode, 3}, 0, areas);
  EXPECT_TRUE(placed.error.empty()) << placed.error;
  EXPECT_TRUE(placed.nodes.empty());
}

TEST(MemoryHome, OnThisMachineThePagesAreFound) {
  const std::vector<std::uint64_t> words(1024);
  const MemoryArea areas[] = {std::as_bytes(std::span(words))};
  const HomePlacement placed = place_shared_state(machine(), {}, 0, areas);
  if (numa_nodes(machine()).size() > 1 && !placed.error.empty()) {
    GTEST_SKIP() << "binding refused here: " << placed.error;
  }
  EXPECT_TRUE(placed.error.empty()) << placed.error;
  if (numa_nodes(machine()).size() == 1) {
    EXPECT_EQ(placed.nodes, numa_nodes(machine()));
  }
}

// Workloads whose threads share nothing: per-thread state only.
const std::set<std::string> kNothingShared = {
    "empty", "sharded", "seq_counter", "seq_window", "seq_multiword", "seq_config", "seq_handoff"};

TEST(SharedState, EveryWorkloadWithSharedStateDeclaresIt) {
  std::set<std::string> undeclared;
  for (const auto& info : workload_registry()) {
    const MeasurementPoint point = testing::fixed_point(info.name, 2);
    const auto workload = info.create(point.params);
    workload->reset(2);
    const std::vector<MemoryArea> areas = workload->shared_state();
    std::size_t bytes = 0;
    for (const MemoryArea& area : areas) {
      EXPECT_NE(area.data(), nullptr) << info.name;
      bytes += area.size();
    }
    if (bytes == 0) undeclared.insert(info.name);
  }
  EXPECT_EQ(undeclared, kNothingShared);
}

// A workload that notes where each instance's state lives.
std::vector<const void*> g_states;

class Noting final : public Workload {
 public:
  Noting() { g_states.push_back(&word_); }
  void reset(int) override { word_.value = 0; }
  void run(WorkerContext& ctx) noexcept override {
    run_batched(ctx, [this] { word_.value.fetch_add(1, std::memory_order_relaxed); });
  }
  Verification verify(std::span<const ThreadCounters>) const override { return {}; }
  std::vector<MemoryArea> shared_state() const override { return {area_of(word_)}; }

 private:
  PaddedCounter word_;
};

TEST(SharedState, EachRepetitionGetsStateOfItsOwnAndRecordsIt) {
  g_states.clear();
  WorkloadInfo info;
  info.name = "noting";
  info.create = [](const Params&) -> std::unique_ptr<Workload> {
    return std::make_unique<Noting>();
  };
  MeasurementPoint point = testing::fixed_point("atomic_add", 1);
  point.workload = &info;
  point.params = {};
  point.repetitions = 4;
  PointOptions options;
  options.op_limit = 1000;
  const PointResult result = run_point(point, machine(), options);
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(g_states.size(), 4u);
  // Each created while the one before still existed: never the previous repetition's address
  // (the allocator may hand back an older one).
  for (std::size_t i = 1; i < g_states.size(); ++i) EXPECT_NE(g_states[i], g_states[i - 1]) << i;
  EXPECT_EQ(result.state_bytes, sizeof(PaddedCounter));
  if (numa_nodes(machine()).size() == 1) {
    EXPECT_EQ(result.state_nodes, numa_nodes(machine()));
    for (const auto& rep : result.repetitions) EXPECT_EQ(rep.state_nodes, numa_nodes(machine()));
  }
  const nlohmann::json written = point_json(result, 0);
  EXPECT_EQ(written["shared_state"]["home"], "first");
  EXPECT_EQ(written["shared_state"]["fresh_per_repetition"], true);
  EXPECT_EQ(written["shared_state"]["bytes"], sizeof(PaddedCounter));
}

}  // namespace
}  // namespace contend
