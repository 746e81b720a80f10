#include "runner/cpu_identity.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "build_info.hpp"

#if defined(__aarch64__)
#include <sys/auxv.h>
#endif

namespace contend {

namespace {

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
  // Device-tree strings end in NUL; DMI strings may end in spaces.
  while (!line.empty() && (line.back() == '\0' || line.back() == ' ')) line.pop_back();
  return line;
}

std::optional<unsigned long long> parse_hex(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 16);
  if (end == text.c_str()) return std::nullopt;
  for (; *end != '\0'; ++end) {
    if (*end != ' ' && *end != '\t' && *end != '\n') return std::nullopt;
  }
  return value;
}

struct PartName {
  unsigned implementer;
  unsigned part;
  const char* name;
};

// Linux's arch/arm64/include/asm/cputype.h and the vendors' manuals. Cloud parts: Graviton2 and
// Ampere Altra are Neoverse N1, Graviton3 Neoverse V1, Graviton4 and NVIDIA Grace Neoverse V2,
// Azure Cobalt 100 a Neoverse N2 under Microsoft's implementer code.
constexpr PartName kParts[] = {
    {0x41, 0xd03, "Cortex-A53"},
    {0x41, 0xd04, "Cortex-A35"},
    {0x41, 0xd05, "Cortex-A55"},
    {0x41, 0xd07, "Cortex-A57"},
    {0x41, 0xd08, "Cortex-A72"},
    {0x41, 0xd09, "Cortex-A73"},
    {0x41, 0xd0a, "Cortex-A75"},
    {0x41, 0xd0b, "Cortex-A76"},
    {0x41, 0xd0c, "Neoverse N1"},
    {0x41, 0xd0d, "Cortex-A77"},
    {0x41, 0xd40, "Neoverse V1"},
    {0x41, 0xd41, "Cortex-A78"},
    {0x41, 0xd44, "Cortex-X1"},
    {0x41, 0xd46, "Cortex-A510"},
    {0x41, 0xd47, "Cortex-A710"},
    {0x41, 0xd48, "Cortex-X2"},
    {0x41, 0xd49, "Neoverse N2"},
    {0x41, 0xd4a, "Neoverse E1"},
    {0x41, 0xd4b, "Cortex-A78C"},
    {0x41, 0xd4d, "Cortex-A715"},
    {0x41, 0xd4e, "Cortex-X3"},
    {0x41, 0xd4f, "Neoverse V2"},
    {0x41, 0xd80, "Cortex-A520"},
    {0x41, 0xd81, "Cortex-A720"},
    {0x41, 0xd82, "Cortex-X4"},
    {0x41, 0xd84, "Neoverse V3"},
    {0x41, 0xd8e, "Neoverse N3"},
    {0x43, 0x0a1, "ThunderX"},
    {0x43, 0x0af, "ThunderX2"},
    {0x46, 0x001, "A64FX"},
    {0x48, 0xd01, "Kunpeng 920"},
    {0x4e, 0x004, "Carmel"},
    {0x50, 0x000, "X-Gene"},
    {0x51, 0xc00, "Falkor"},
    {0x51, 0x001, "Oryon"},
    {0x61, 0x022, "M1 Icestorm"},
    {0x61, 0x023, "M1 Firestorm"},
    {0x61, 0x024, "M1 Pro Icestorm"},
    {0x61, 0x025, "M1 Pro Firestorm"},
    {0x61, 0x028, "M1 Max Icestorm"},
    {0x61, 0x029, "M1 Max Firestorm"},
    {0x61, 0x032, "M2 Blizzard"},
    {0x61, 0x033, "M2 Avalanche"},
    {0x61, 0x034, "M2 Pro Blizzard"},
    {0x61, 0x035, "M2 Pro Avalanche"},
    {0x61, 0x038, "M2 Max Blizzard"},
    {0x61, 0x039, "M2 Max Avalanche"},
    {0x6d, 0xd49, "Azure Cobalt 100"},
    {0xc0, 0xac3, "AmpereOne"},
    {0xc0, 0xac4, "AmpereOne AC04"},
};

}  // namespace

std::optional<ArmCpuId> parse_midr(const std::string& text) {
  const auto value = parse_hex(text);
  if (!value || *value == 0 || *value > 0xffffffffull) return std::nullopt;
  ArmCpuId id;
  id.implementer = static_cast<unsigned>((*value >> 24) & 0xff);
  id.variant = static_cast<unsigned>((*value >> 20) & 0xf);
  id.part = static_cast<unsigned>((*value >> 4) & 0xfff);
  id.revision = static_cast<unsigned>(*value & 0xf);
  return id;
}

std::optional<ArmCpuId> arm_id_from_cpuinfo(const std::map<std::string, std::string>& cpuinfo) {
  const auto field = [&cpuinfo](const char* key) -> std::optional<unsigned long long> {
    const auto it = cpuinfo.find(key);
    if (it == cpuinfo.end()) return std::nullopt;
    return parse_hex(it->second);
  };
  const auto implementer = field("CPU implementer");
  const auto part = field("CPU part");
  if (!implementer || !part) return std::nullopt;
  ArmCpuId id;
  id.implementer = static_cast<unsigned>(*implementer & 0xff);
  id.part = static_cast<unsigned>(*part & 0xfff);
  id.variant = static_cast<unsigned>(field("CPU variant").value_or(0) & 0xf);
  // "CPU revision" is decimal in /proc/cpuinfo; only 0-9 read the same either way.
  if (const auto it = cpuinfo.find("CPU revision"); it != cpuinfo.end()) {
    id.revision = static_cast<unsigned>(std::strtoul(it->second.c_str(), nullptr, 10) & 0xf);
  }
  return id;
}

std::string arm_implementer_name(unsigned implementer) {
  switch (implementer) {
    case 0x41:
      return "ARM";
    case 0x42:
      return "Broadcom";
    case 0x43:
      return "Cavium";
    case 0x46:
      return "Fujitsu";
    case 0x48:
      return "HiSilicon";
    case 0x4e:
      return "NVIDIA";
    case 0x50:
      return "APM";
    case 0x51:
      return "Qualcomm";
    case 0x53:
      return "Samsung";
    case 0x56:
      return "Marvell";
    case 0x61:
      return "Apple";
    case 0x69:
      return "Intel";
    case 0x6d:
      return "Microsoft";
    case 0xc0:
      return "Ampere";
    default:
      return fmt::format("implementer {:#04x}", implementer);
  }
}

std::string arm_cpu_name(const ArmCpuId& id) {
  for (const auto& p : kParts) {
    if (p.implementer == id.implementer && p.part == id.part) {
      return fmt::format("{} {}", arm_implementer_name(id.implementer), p.name);
    }
  }
  return fmt::format("{} part {:#05x}", arm_implementer_name(id.implementer), id.part);
}

std::string midr_text(const ArmCpuId& id) {
  const unsigned long long value = (static_cast<unsigned long long>(id.implementer) << 24) |
                                   (id.variant << 20) | (0xfu << 16) | (id.part << 4) | id.revision;
  return fmt::format("{:#018x}", value);
}

std::optional<ArmCpuId> arm_cpu_id(const std::map<std::string, std::string>& cpuinfo) {
#if defined(__aarch64__)
  const char* kMidr = "/sys/devices/system/cpu/cpu0/regs/identification/midr_el1";
  if (auto id = parse_midr(first_line(kMidr))) return id;
  return arm_id_from_cpuinfo(cpuinfo);
#else
  (void)cpuinfo;
  return std::nullopt;
#endif
}

#if defined(__aarch64__)
namespace {
// <asm/hwcap.h> values, spelled out so an old libc's headers cannot hide them.
constexpr unsigned long kHwcapAtomics = 1ul << 8;  // HWCAP_ATOMICS: LSE (ARMv8.1)
constexpr unsigned long kHwcapSve = 1ul << 22;     // HWCAP_SVE
}  // namespace
#endif

std::optional<bool> cpu_has_lse() {
#if defined(__aarch64__)
  return (getauxval(AT_HWCAP) & kHwcapAtomics) != 0;
#else
  return std::nullopt;
#endif
}

std::optional<bool> cpu_has_sve() {
#if defined(__aarch64__)
  return (getauxval(AT_HWCAP) & kHwcapSve) != 0;
#else
  return std::nullopt;
#endif
}

std::string arm_atomics_build() {
  return build_info::kArmAtomics;
}

std::string executed_atomics(const std::string& build, std::optional<bool> has_lse,
                             const std::string& arch) {
  if (build == "lse" || build == "llsc") return build;
  if (build == "outline") {
    if (!has_lse) return "outline helpers";
    // libgcc's helpers test HWCAP_ATOMICS once and then run LSE or LL/SC accordingly.
    return *has_lse ? "lse (outline helpers)" : "llsc (outline helpers)";
  }
  if (arch == "x86_64" || arch == "i686" || arch == "i386") return "x86 lock";
  return "unknown";
}

std::string user_mode_emulator(const std::map<std::string, std::string>& cpuinfo,
                               const std::string& arch) {
  const bool x86_cpuinfo = cpuinfo.count("vendor_id") > 0 && cpuinfo.count("flags") > 0;
  const bool arm_cpuinfo = cpuinfo.count("CPU implementer") > 0;
  const bool x86 = arch == "x86_64" || arch == "i686" || arch == "i386";
  if ((!x86 && x86_cpuinfo) || (x86 && arm_cpuinfo)) return "qemu-user";
  return "";
}

std::string hypervisor_from_dmi(const std::string& sys_vendor, const std::string& product_name) {
  const auto has = [](const std::string& text, const char* word) {
    return text.find(word) != std::string::npos;
  };
  if (has(sys_vendor, "Amazon EC2")) {
    // Nitro bare-metal instances (*.metal) run on the host itself.
    const bool metal =
        product_name.size() >= 6 && product_name.compare(product_name.size() - 6, 6, ".metal") == 0;
    return metal ? "" : "AWS Nitro";
  }
  if (has(sys_vendor, "QEMU") || has(product_name, "KVM") || has(product_name, "QEMU")) {
    return "KVM";
  }
  if (has(sys_vendor, "Google")) return "KVM (Google Compute Engine)";
  if (has(sys_vendor, "Microsoft") && has(product_name, "Virtual Machine")) return "Hyper-V";
  if (has(sys_vendor, "VMware")) return "VMware";
  if (has(sys_vendor, "innotek") || has(product_name, "VirtualBox")) return "VirtualBox";
  if (has(sys_vendor, "Xen")) return "Xen";
  if (has(sys_vendor, "Alibaba") || has(product_name, "OpenStack")) return "KVM";
  if (has(sys_vendor, "Parallels")) return "Parallels";
  return "";
}

std::string hypervisor_from_firmware() {
  if (std::string xen = first_line("/sys/hypervisor/type"); !xen.empty()) return xen;
  // Arm guests: the device tree names the hypervisor node (Xen, KVM's PV time), or the machine
  // is QEMU's "virt" board.
  const std::string dt_hypervisor = first_line("/proc/device-tree/hypervisor/compatible");
  if (dt_hypervisor.rfind("xen", 0) == 0) return "Xen";
  if (!dt_hypervisor.empty()) return dt_hypervisor;
  if (first_line("/proc/device-tree/compatible").find("linux,dummy-virt") != std::string::npos) {
    return "KVM";
  }
  return hypervisor_from_dmi(first_line("/sys/class/dmi/id/sys_vendor"),
                             first_line("/sys/class/dmi/id/product_name"));
}

}  // namespace contend
