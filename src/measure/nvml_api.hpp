// The few NVML declarations infergy needs, written from NVIDIA's public NVML API reference
// (https://docs.nvidia.com/deploy/nvml-api/): "Initialization and Cleanup" (nvmlInit_v2,
// nvmlShutdown), "Device Queries" (nvmlDeviceGetCount_v2, nvmlDeviceGetHandleByIndex_v2,
// nvmlDeviceGetName, nvmlDeviceGetTotalEnergyConsumption in mJ for Volta and newer,
// nvmlDeviceGetPowerUsage in mW for Fermi and newer, nvmlDeviceGetPowerManagementLimitConstraints
// in mW), "Error reporting" (nvmlErrorString) and
// the nvmlReturn_t values. NVML is loaded with dlopen at run time, so there is no header or link
// dependency on the driver.
#pragma once

namespace infergy::measure::nvml {

// nvmlReturn_t is a C enum, passed and returned as an int.
using Return = int;
inline constexpr Return kSuccess = 0;
inline constexpr Return kErrorNotSupported = 3;

// nvmlDevice_t: an opaque pointer.
struct DeviceStruct;
using Device = DeviceStruct*;

// NVML_DEVICE_NAME_V2_BUFFER_SIZE: the buffer size NVML recommends for nvmlDeviceGetName.
inline constexpr unsigned kDeviceNameBufferSize = 96;

extern "C" {
using InitFn = Return (*)();
using ShutdownFn = Return (*)();
using GetCountFn = Return (*)(unsigned int* count);
using GetHandleByIndexFn = Return (*)(unsigned int index, Device* device);
using GetNameFn = Return (*)(Device device, char* name, unsigned int length);
using GetTotalEnergyFn = Return (*)(Device device, unsigned long long* energy_mj);
using GetPowerUsageFn = Return (*)(Device device, unsigned int* power_mw);
using ErrorStringFn = const char* (*)(Return result);
// nvmlDeviceGetPowerManagementLimitConstraints: the range the power limit can be set to, in mW.
using GetPowerLimitConstraintsFn = Return (*)(Device device, unsigned int* min_mw,
                                              unsigned int* max_mw);
}

}  // namespace infergy::measure::nvml
