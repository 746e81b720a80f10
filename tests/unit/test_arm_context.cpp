// Architecture facts that need no Arm machine to check: the cache-line fallback chain, MIDR
// decoding and names, which atomic instructions a build executes, emulator and VM detection,
// and compare listing an atomics difference.
#include <gtest/gtest.h>

#include "compare/comparison.hpp"
#include "platform/cache_line.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"
#include "report/context.hpp"
#include "runner/cpu_identity.hpp"
#include "runner/system_probe.hpp"
#include "runner/warning_policy.hpp"
#include "test_compare_fixture.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

TEST(CacheLine, FirstPlausibleSourceWins) {
  EXPECT_EQ(resolve_cache_line(64, 128, "256").source, "hwloc");
  EXPECT_EQ(resolve_cache_line(0, 128, "64").bytes, 128);
  EXPECT_EQ(resolve_cache_line(0, 128, "64").source, "sysconf");
  EXPECT_EQ(resolve_cache_line(0, 0, "128").bytes, 128);
  EXPECT_EQ(resolve_cache_line(0, 0, "128").source, "sysfs");
  EXPECT_EQ(resolve_cache_line(0, -1, "").source, "default");
  EXPECT_EQ(resolve_cache_line(0, -1, "").bytes, kDefaultCacheLineBytes);
}

TEST(CacheLine, ImplausibleValuesAreSkipped) {
  EXPECT_EQ(resolve_cache_line(0, 48, "junk").source, "default");  // not a power of two
  EXPECT_EQ(resolve_cache_line(8, 0, "64 ").source, "sysfs");       // too small for a line
  EXPECT_EQ(resolve_cache_line(0, 0, "64x").source, "default");
}

TEST(CacheLine, TheSystemTopologyAlwaysNamesOne) {
  const CacheLine line = cache_line_of(testing::machine());
  EXPECT_GE(line.bytes, 16);
  EXPECT_FALSE(line.source.empty());
}

TEST(CacheLine, ASyntheticTopologyWithoutCachesFallsToTheDefault) {
  const Topology synthetic = Topology::load_synthetic("pack:1 core:2 pu:1");
  const CacheLine line = cache_line_of(synthetic);
  EXPECT_EQ(line.bytes, kDefaultCacheLineBytes);
  EXPECT_EQ(line.source, "default");
}

TEST(Layout, OwnLinePaddingCoversWideLines) {
  EXPECT_GE(kCacheLineBytes, 128u);
  EXPECT_EQ(sizeof(PaddedCounter), kCacheLineBytes);
}

TEST(ArmCpu, MidrFromSysfsDecodes) {
  const auto id = parse_midr("0x00000000410fd0c1");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->implementer, 0x41u);
  EXPECT_EQ(id->part, 0xd0cu);
  EXPECT_EQ(id->variant, 0u);
  EXPECT_EQ(id->revision, 1u);
  EXPECT_EQ(arm_cpu_name(*id), "ARM Neoverse N1");
  EXPECT_EQ(midr_text(*id), "0x00000000410fd0c1");
  EXPECT_FALSE(parse_midr("").has_value());
  EXPECT_FALSE(parse_midr("not hex").has_value());
}

TEST(ArmCpu, CpuinfoKeysDecode) {
  const std::map<std::string, std::string> info = {{"CPU implementer", "0x41"},
                                                   {"CPU architecture", "8"},
                                                   {"CPU variant", "0x1"},
                                                   {"CPU part", "0xd40"},
                                                   {"CPU revision", "1"}};
  const auto id = arm_id_from_cpuinfo(info);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(arm_cpu_name(*id), "ARM Neoverse V1");
  EXPECT_EQ(id->variant, 1u);
  EXPECT_FALSE(arm_id_from_cpuinfo({{"vendor_id", "GenuineIntel"}}).has_value());
}

TEST(ArmCpu, KnownAndUnknownParts) {
  EXPECT_EQ(arm_cpu_name({0x41, 0, 0xd4f, 0}), "ARM Neoverse V2");
  EXPECT_EQ(arm_cpu_name({0x61, 0, 0x023, 0}), "Apple M1 Firestorm");
  EXPECT_EQ(arm_cpu_name({0xc0, 0, 0xac3, 0}), "Ampere AmpereOne");
  EXPECT_EQ(arm_cpu_name({0x41, 0, 0xfff, 0}), "ARM part 0xfff");
  EXPECT_EQ(arm_implementer_name(0x5a), "implementer 0x5a");
}

TEST(Atomics, ExecutedFollowsTheBuildAndTheCpu) {
  EXPECT_EQ(executed_atomics("lse", true, "aarch64"), "lse");
  EXPECT_EQ(executed_atomics("llsc", true, "aarch64"), "llsc");
  EXPECT_EQ(executed_atomics("outline", true, "aarch64"), "lse (outline helpers)");
  EXPECT_EQ(executed_atomics("outline", false, "aarch64"), "llsc (outline helpers)");
  EXPECT_EQ(executed_atomics("", std::nullopt, "x86_64"), "x86 lock");
}

TEST(Atomics, ContextRecordsBuildAndSpinHint) {
  const nlohmann::json context = context_json(probe_system(testing::machine()));
  const auto& atomics = context.at("atomics");
  EXPECT_TRUE(atomics.contains("build"));
  EXPECT_TRUE(atomics.contains("cpu_has_lse"));
  EXPECT_FALSE(atomics.at("executed").get<std::string>().empty());
  EXPECT_EQ(context.at("cpu").at("spin_hint"), kSpinHint);
  EXPECT_EQ(context.at("cpu").at("padding_bytes"), static_cast<int>(kCacheLineBytes));
  EXPECT_GE(context.at("cpu").at("cache_line_bytes").get<int>(), 16);
  EXPECT_FALSE(context.at("cpu").at("cache_line_source").get<std::string>().empty());
  EXPECT_TRUE(context.at("os").contains("emulator"));
  EXPECT_GT(context.at("timer").at("frequency_hz").get<double>(), 0);
#if defined(__aarch64__)
  EXPECT_FALSE(atomics.at("build").is_null());
  EXPECT_STREQ(kSpinHint, "isb");
  EXPECT_FALSE(context.at("cpu").at("lse").is_null());
  EXPECT_EQ(context.at("timer").at("source"), "cntvct");
#elif defined(__x86_64__)
  EXPECT_TRUE(atomics.at("build").is_null());
  EXPECT_EQ(atomics.at("executed"), "x86 lock");
  EXPECT_TRUE(context.at("cpu").at("midr").is_null());
#endif
}

bool has_code(const Warnings& warnings, const std::string& code) {
  for (const Warning& w : warnings) {
    if (w.code == code) return true;
  }
  return false;
}

TEST(ArmWarnings, JudgedFromTypedFacts) {
  SystemFacts facts;
  facts.cpu.arch = "aarch64";
  facts.cpu.cache_line_bytes = 256;
  facts.cpu.cache_line_source = "default";
  facts.cpu.padding_bytes = 128;
  facts.os.emulator = "qemu-user";
  facts.timer.ticks.source = "cntvct";
  facts.timer.ticks.ticks_per_ns = 0.025;  // 25 MHz: 40 ns a tick
  facts.timer.ticks.resolution_ticks = 1;
  facts.timer.ticks.nominal_hz = 50e6;     // twice what was measured
  facts.timer.ticks.cut_short = true;
  const Warnings w = system_warnings(facts);
  EXPECT_TRUE(has_code(w, "emulated"));
  EXPECT_TRUE(has_code(w, "cache_line_assumed"));
  EXPECT_TRUE(has_code(w, "cache_line_above_padding"));
  EXPECT_TRUE(has_code(w, "coarse_timer"));
  EXPECT_TRUE(has_code(w, "timer_rate_mismatch"));
  EXPECT_TRUE(has_code(w, "timer_calibration_cut_short"));

  SystemFacts quiet;
  quiet.cpu.cache_line_bytes = 64;
  quiet.cpu.cache_line_source = "hwloc";
  quiet.cpu.padding_bytes = 128;
  quiet.timer.ticks.source = "tsc";
  quiet.timer.ticks.ticks_per_ns = 2.0;
  quiet.timer.ticks.resolution_ticks = 2;
  quiet.timer.ticks.invariant = true;
  const Warnings none = system_warnings(quiet);
  for (const char* code : {"emulated", "cache_line_assumed", "cache_line_above_padding",
                           "coarse_timer", "timer_rate_mismatch", "timer_calibration_cut_short"}) {
    EXPECT_FALSE(has_code(none, code)) << code;
  }
}

TEST(Timer, CalibrationStopsWhenInterrupted) {
  // An interrupt requested from the start: every bounded loop gives up at its first check.
  const TickCalibration c = calibrate_ticks(10.0, [] () noexcept { return true; });
  EXPECT_TRUE(c.cut_short);
  EXPECT_GT(c.ticks_per_ns, 0);
  EXPECT_GT(c.resolution_ticks, 0);
}

TEST(Emulation, ForeignCpuinfoMeansUserModeEmulation) {
  const std::map<std::string, std::string> x86 = {{"vendor_id", "AuthenticAMD"},
                                                  {"flags", "fpu sse2"}};
  const std::map<std::string, std::string> arm = {{"CPU implementer", "0x41"}};
  EXPECT_EQ(user_mode_emulator(x86, "aarch64"), "qemu-user");
  EXPECT_EQ(user_mode_emulator(x86, "x86_64"), "");
  EXPECT_EQ(user_mode_emulator(arm, "aarch64"), "");
  EXPECT_EQ(user_mode_emulator(arm, "x86_64"), "qemu-user");
}

TEST(Hypervisor, DmiNamesCloudGuestsButNotBareMetal) {
  EXPECT_EQ(hypervisor_from_dmi("Amazon EC2", "m7g.large"), "AWS Nitro");
  EXPECT_EQ(hypervisor_from_dmi("Amazon EC2", "c7g.metal"), "");
  EXPECT_EQ(hypervisor_from_dmi("QEMU", "KVM Virtual Machine"), "KVM");
  EXPECT_EQ(hypervisor_from_dmi("Microsoft Corporation", "Virtual Machine"), "Hyper-V");
  EXPECT_EQ(hypervisor_from_dmi("Ampere(R)", "Mt.Jade"), "");
}

TEST(Compare, AtomicsDifferenceIsListed) {
  const std::vector<testing::FakePoint> points(1);
  auto a = testing::fake_results(points, "x86-box", "CPU A");
  auto b = testing::fake_results(points, "arm-box", "CPU B");
  a["context"]["atomics"] = {{"executed", "x86 lock"}};
  b["context"]["atomics"] = {{"executed", "llsc"}};
  const Comparison c = compare_results(
      {parse_results(a.dump(), "a.json"), parse_results(b.dump(), "b.json")}, {});
  bool found = false;
  for (const auto& d : c.context) {
    if (d.what == "atomic instructions") {
      found = true;
      EXPECT_EQ(d.values, (std::vector<std::string>{"x86 lock", "llsc"}));
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace contend
