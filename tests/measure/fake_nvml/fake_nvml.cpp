// A stand-in for libnvidia-ml.so.1 that the measure tests load through INFERGY_NVML_LIBRARY /
// SensorOptions::nvml_library. It implements only the entry points infergy calls, with the
// signatures of NVIDIA's NVML API reference (https://docs.nvidia.com/deploy/nvml-api/), declared
// here independently of src/measure/nvml_api.hpp so a mistake there is not mirrored here.
//
// Behaviour comes from environment variables, read at every call:
//   FAKE_NVML_INIT=N            nvmlInit_v2 returns N (default 0, success)
//   FAKE_NVML_COUNT=K | errN    K devices (default 1), or nvmlDeviceGetCount_v2 returns N
//   FAKE_NVML_HANDLE<i>=N       nvmlDeviceGetHandleByIndex_v2(i) returns N
//   FAKE_NVML_NAME<i>=text|errN the device name, or nvmlDeviceGetName returns N
//   FAKE_NVML_ENERGY<i>=a,b,... successive nvmlDeviceGetTotalEnergyConsumption results in mJ;
//                               a token errN makes that call return N; after the list the last
//                               token repeats; unset: every call returns NOT_SUPPORTED (3)
//   FAKE_NVML_POWER<i>=a,b,...  the same for nvmlDeviceGetPowerUsage in mW
// Call positions restart at every nvmlInit_v2. fake_nvml_calls("init"|"shutdown"|"energy<i>"|
// "power<i>") lets a test check what was called.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

using Return = int;
constexpr Return kSuccess = 0;
constexpr Return kNotSupported = 3;
constexpr Return kInvalidArgument = 2;
constexpr Return kInsufficientSize = 7;

struct FakeDevice {
  unsigned index;
};
FakeDevice g_devices[16] = {{0}, {1}, {2},  {3},  {4},  {5},  {6},  {7},
                            {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}};

std::map<std::string, int>& calls() {
  static std::map<std::string, int> c;
  return c;
}

const char* env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  return v && *v ? v : nullptr;
}

bool parse_error_token(const std::string& token, Return& code) {
  if (token.rfind("err", 0) != 0) return false;
  code = std::atoi(token.c_str() + 3);
  return true;
}

std::vector<std::string> tokens(const char* list) {
  std::vector<std::string> out;
  std::string current;
  for (const char* p = list; *p; ++p) {
    if (*p == ',') {
      out.push_back(current);
      current.clear();
    } else {
      current += *p;
    }
  }
  out.push_back(current);
  return out;
}

/// The token for this call of a series, advancing the series' position.
const char* next_token(const std::string& series, std::string& storage) {
  const char* list = env("FAKE_NVML_" + series);
  const int position = calls()[series]++;
  if (!list) return nullptr;
  const std::vector<std::string> t = tokens(list);
  storage = t[static_cast<std::size_t>(position) < t.size() ? static_cast<std::size_t>(position)
                                                            : t.size() - 1];
  return storage.c_str();
}

std::string upper(const char* s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

}  // namespace

extern "C" {

struct nvmlDevice_st;
typedef struct nvmlDevice_st* nvmlDevice_t;

__attribute__((visibility("default"))) int fake_nvml_calls(const char* what) {
  const auto it = calls().find(upper(what));
  return it == calls().end() ? 0 : it->second;
}

__attribute__((visibility("default"))) Return nvmlInit_v2(void) {
  const int shutdowns = calls()["SHUTDOWN"];
  const int inits = calls()["INIT"];
  calls().clear();
  calls()["SHUTDOWN"] = shutdowns;
  calls()["INIT"] = inits + 1;
  const char* v = env("FAKE_NVML_INIT");
  return v ? std::atoi(v) : kSuccess;
}

__attribute__((visibility("default"))) Return nvmlShutdown(void) {
  ++calls()["SHUTDOWN"];
  return kSuccess;
}

__attribute__((visibility("default"))) const char* nvmlErrorString(Return result) {
  switch (result) {
    case 0:
      return "Success";
    case 1:
      return "Uninitialized";
    case 2:
      return "Invalid Argument";
    case 3:
      return "Not Supported";
    case 4:
      return "Insufficient Permissions";
    case 9:
      return "Driver Not Loaded";
    case 15:
      return "GPU is lost";
    default:
      return "Unknown Error";
  }
}

__attribute__((visibility("default"))) Return nvmlDeviceGetCount_v2(unsigned int* count) {
  if (!count) return kInvalidArgument;
  const char* v = env("FAKE_NVML_COUNT");
  Return code = 0;
  if (v && parse_error_token(v, code)) return code;
  *count = v ? static_cast<unsigned>(std::atoi(v)) : 1u;
  return kSuccess;
}

__attribute__((visibility("default"))) Return nvmlDeviceGetHandleByIndex_v2(unsigned int index,
                                                                            nvmlDevice_t* device) {
  if (!device || index >= 16) return kInvalidArgument;
  if (const char* v = env("FAKE_NVML_HANDLE" + std::to_string(index))) return std::atoi(v);
  *device = reinterpret_cast<nvmlDevice_t>(&g_devices[index]);
  return kSuccess;
}

__attribute__((visibility("default"))) Return nvmlDeviceGetName(nvmlDevice_t device, char* name,
                                                                unsigned int length) {
  if (!device || !name) return kInvalidArgument;
  const unsigned index = reinterpret_cast<FakeDevice*>(device)->index;
  const char* v = env("FAKE_NVML_NAME" + std::to_string(index));
  Return code = 0;
  if (v && parse_error_token(v, code)) return code;
  const std::string text = v ? v : "Fake GPU " + std::to_string(index);
  if (text.size() + 1 > length) return kInsufficientSize;
  std::memcpy(name, text.c_str(), text.size() + 1);
  return kSuccess;
}

__attribute__((visibility("default"))) Return nvmlDeviceGetTotalEnergyConsumption(
    nvmlDevice_t device, unsigned long long* energy) {
  if (!device || !energy) return kInvalidArgument;
  const unsigned index = reinterpret_cast<FakeDevice*>(device)->index;
  std::string storage;
  const char* token = next_token("ENERGY" + std::to_string(index), storage);
  if (!token) return kNotSupported;
  Return code = 0;
  if (parse_error_token(token, code)) return code;
  *energy = std::strtoull(token, nullptr, 10);
  return kSuccess;
}

__attribute__((visibility("default"))) Return nvmlDeviceGetPowerUsage(nvmlDevice_t device,
                                                                      unsigned int* power) {
  if (!device || !power) return kInvalidArgument;
  const unsigned index = reinterpret_cast<FakeDevice*>(device)->index;
  std::string storage;
  const char* token = next_token("POWER" + std::to_string(index), storage);
  if (!token) return kNotSupported;
  Return code = 0;
  if (parse_error_token(token, code)) return code;
  *power = static_cast<unsigned>(std::strtoul(token, nullptr, 10));
  return kSuccess;
}

}  // extern "C"
