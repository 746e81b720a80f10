// Placement strategies on synthetic hwloc topologies: deterministic, machine-independent.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "topology/placement.hpp"
#include "platform/error.hpp"

namespace contend {
namespace {

// 2 packages x 2 L3 x 4 cores x 2 PUs = 32 PUs; synthetic OS indices follow logical order,
// so core c holds PUs 2c and 2c+1, L3 domain d holds PUs 8d..8d+7, package p 16p..16p+15.
const char* const kBig = "pack:2 l3:2 core:4 pu:2";

std::vector<int> pick(const Topology& topology, const std::string& strategy, int threads) {
  return place(topology, PlacementSpec::parse(strategy, "placement"), threads, false).pus;
}

TEST(Placement, CompactFillsACoreThenTheNext) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(pick(t, "compact", 4), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(place(t, PlacementSpec::parse("compact", "p"), 2, false).shared_level,
            SharedLevel::kCore);
}

TEST(Placement, CoresTakesOnePuPerCoreBeforeAnySibling) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(pick(t, "cores", 4), (std::vector<int>{0, 2, 4, 6}));
  const auto all = pick(t, "cores", 32);
  EXPECT_EQ(all[16], 1);  // siblings only after all 16 cores
  EXPECT_EQ(place(t, PlacementSpec::parse("cores", "p"), 2, false).shared_level, SharedLevel::kL3);
}

TEST(Placement, ScatterAlternatesPackagesThenL3ThenCores) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(pick(t, "scatter", 4), (std::vector<int>{0, 16, 8, 24}));
  EXPECT_EQ(pick(t, "scatter", 8), (std::vector<int>{0, 16, 8, 24, 2, 18, 10, 26}));
  EXPECT_EQ(place(t, PlacementSpec::parse("scatter", "p"), 2, false).shared_level,
            SharedLevel::kMachine);
  // No sibling is used until every core has a thread.
  const auto first16 = pick(t, "scatter", 16);
  EXPECT_TRUE(std::all_of(first16.begin(), first16.end(), [](int pu) { return pu % 2 == 0; }));
}

TEST(Placement, SmtTakesSiblingPairs) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(pick(t, "smt", 4), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(place(t, PlacementSpec::parse("smt", "p"), 2, false).shared_level, SharedLevel::kCore);
}

TEST(Placement, SmtWithoutSiblingsIsAnInputError) {
  const auto t = Topology::load_synthetic("pack:1 core:4 pu:1");
  try {
    pick(t, "smt", 2);
    FAIL() << "smt accepted a machine without SMT";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("smt"), std::string::npos);
  }
}

TEST(Placement, EveryStrategyIsAPermutationOfTheUsablePus) {
  const auto t = Topology::load_synthetic(kBig);
  for (const char* strategy : {"compact", "cores", "scatter", "smt"}) {
    auto order = placement_order(t, PlacementSpec::parse(strategy, "p"));
    std::sort(order.begin(), order.end());
    std::vector<int> all(32);
    for (int i = 0; i < 32; ++i) all[static_cast<std::size_t>(i)] = i;
    EXPECT_EQ(order, all) << strategy;
  }
}

TEST(Placement, ExplicitListKeepsOrderAndChecksPus) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(pick(t, "3,17", 2), (std::vector<int>{3, 17}));
  EXPECT_EQ(pick(t, "list:4-5", 2), (std::vector<int>{4, 5}));
  try {
    pick(t, "0,99", 2);
    FAIL() << "accepted a PU that does not exist";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("PU 99 does not exist"), std::string::npos) << e.what();
  }
}

TEST(Placement, MoreThreadsThanPusNeedsOversubscribe) {
  const auto t = Topology::load_synthetic("pack:1 core:2 pu:1");
  const auto spec = PlacementSpec::parse("compact", "p");
  EXPECT_THROW(place(t, spec, 3, false), InputError);
  const Placement p = place(t, spec, 5, true);
  EXPECT_TRUE(p.oversubscribed);
  EXPECT_EQ(p.pus, (std::vector<int>{0, 1, 0, 1, 0}));
}

TEST(Placement, UnknownStrategyNamesTheFlag) {
  try {
    PlacementSpec::parse("spread", "--placement");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--placement"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("spread"), std::string::npos);
  }
}

TEST(SharedLevel, TightestCommonLevel) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(t.shared_level({5}), SharedLevel::kPu);
  EXPECT_EQ(t.shared_level({4, 5}), SharedLevel::kCore);
  EXPECT_EQ(t.shared_level({0, 7}), SharedLevel::kL3);
  EXPECT_EQ(t.shared_level({0, 8}), SharedLevel::kPackage);
  EXPECT_EQ(t.shared_level({0, 16}), SharedLevel::kMachine);
}

TEST(SharedLevel, L2AndSubPackageNuma) {
  const auto l2 = Topology::load_synthetic("pack:1 l3:1 l2:2 core:2 pu:1");
  EXPECT_EQ(l2.shared_level({0, 1}), SharedLevel::kL2);
  EXPECT_EQ(l2.shared_level({0, 2}), SharedLevel::kL3);
  const auto numa = Topology::load_synthetic("pack:1 numa:2 core:2 pu:1");
  EXPECT_EQ(numa.shared_level({0, 1}), SharedLevel::kNuma);
  EXPECT_EQ(numa.shared_level({0, 2}), SharedLevel::kPackage);
}

TEST(Topology, CountsOnSyntheticMachine) {
  const auto t = Topology::load_synthetic(kBig);
  EXPECT_EQ(t.package_count(), 2);
  EXPECT_EQ(t.l3_count(), 4);
  EXPECT_EQ(t.core_count(), 16);
  EXPECT_EQ(t.pus().size(), 32u);
  EXPECT_TRUE(t.smt());
  EXPECT_FALSE(Topology::load_synthetic("pack:1 core:2 pu:1").smt());
}

TEST(Topology, SystemTopologyHasUsablePus) {
  const auto t = Topology::load_system();
  EXPECT_FALSE(t.usable_pus().empty());
  EXPECT_GE(t.core_count(), 1);
}

}  // namespace
}  // namespace contend
