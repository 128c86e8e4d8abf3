// The sensor families; discover_sensors() (sampler.cpp) asks each in turn.
#pragma once

#include "infergy/measure.hpp"

namespace infergy::measure {

/// NVIDIA GPUs through NVML, loaded with dlopen (nvml.cpp).
void discover_nvml(const SensorOptions& options, SensorDiscovery& out);

/// RAPL zones under <root>/sys/class/powercap (rapl.cpp). Returns true when at least one
/// package zone was found, which makes amd_energy's socket counters redundant.
bool discover_rapl(const SensorOptions& options, SensorDiscovery& out);

/// Socket counters of AMD's amd_energy hwmon driver (rapl.cpp). `packages_covered` says RAPL
/// already measures the packages, so the sockets are not added twice.
void discover_amd_energy(const SensorOptions& options, bool packages_covered, SensorDiscovery& out);

}  // namespace infergy::measure
