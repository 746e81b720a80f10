// Who made the CPU and what it can do, beyond x86's /proc/cpuinfo keys: Arm's MIDR_EL1
// (implementer and part) mapped to names, the LSE/SVE hardware capabilities, which atomic
// instructions the contended loops really execute, and whether we run under a VM or an
// emulator. Pure mappings are separate from the probes, so tests need no Arm machine.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace contend {

struct ArmCpuId {
  unsigned implementer = 0;  // MIDR_EL1[31:24]
  unsigned variant = 0;      // [23:20]
  unsigned part = 0;         // [15:4]
  unsigned revision = 0;     // [3:0]
};

// "0x00000000410fd0c1" (sysfs midr_el1); nullopt when it is not a hex number.
std::optional<ArmCpuId> parse_midr(const std::string& text);
// The "CPU implementer"/"CPU part"/"CPU variant"/"CPU revision" keys of /proc/cpuinfo.
std::optional<ArmCpuId> arm_id_from_cpuinfo(const std::map<std::string, std::string>& cpuinfo);
// "ARM", "Apple", "Ampere", ...; "implementer 0x5a" when unknown.
std::string arm_implementer_name(unsigned implementer);
// "ARM Neoverse N1", "Apple M1 Firestorm"; "<implementer> part 0xd99" when unknown.
std::string arm_cpu_name(const ArmCpuId& id);
// The MIDR_EL1 value as sysfs writes it, "0x00000000410fd0c1".
std::string midr_text(const ArmCpuId& id);

// This CPU, on aarch64: sysfs midr_el1 of cpu0, else /proc/cpuinfo; nullopt elsewhere.
std::optional<ArmCpuId> arm_cpu_id(const std::map<std::string, std::string>& cpuinfo);

// Hardware capabilities from getauxval(AT_HWCAP); nullopt when not on aarch64.
std::optional<bool> cpu_has_lse();
std::optional<bool> cpu_has_sve();

// What -DCONTEND_ARM_ATOMICS chose for this build: "outline", "lse", "llsc"; "" when the build
// is not for Arm.
std::string arm_atomics_build();
// The instructions the contended read-modify-writes execute, from the build's choice and the
// CPU's LSE: "lse", "llsc", "lse (outline helpers)", "llsc (outline helpers)", or
// "x86 lock" / "unknown" off Arm (`build` empty).
std::string executed_atomics(const std::string& build, std::optional<bool> has_lse,
                             const std::string& arch);

// "qemu-user" when /proc/cpuinfo describes another architecture than the one we run as (a
// user-mode emulator passes the host's through); "" otherwise.
std::string user_mode_emulator(const std::map<std::string, std::string>& cpuinfo,
                               const std::string& arch);

// A hypervisor named by firmware tables: Xen's sysfs, the device tree (Arm guests), DMI
// (KVM, Nitro, Hyper-V, VMware, ...). "" when they name none (bare metal, or unreadable).
std::string hypervisor_from_firmware();
// The DMI part of it, pure: sys_vendor and product_name as read.
std::string hypervisor_from_dmi(const std::string& sys_vendor, const std::string& product_name);

}  // namespace contend
