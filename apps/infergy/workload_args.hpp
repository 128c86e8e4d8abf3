// What `estimate` and `measure --compare` share: turning a model file (or the study's numbers)
// into an energy::Workload, and the hardware catalogue with a user's own rows merged in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infergy/energy.hpp"
#include "infergy/hw.hpp"
#include "infergy/precision.hpp"

namespace infergy::cli {

struct WorkloadArgs {
  std::string model;              // ONNX file, or empty
  std::vector<std::string> dims;  // NAME=VALUE
  std::int64_t batch = 1;
  std::optional<double> gflops, gmacs, params_m, activations_m;
  std::string name;
};

struct LoadedWorkload {
  energy::Workload work;
  std::optional<std::int64_t> params;  // counted in the model file
};

/// Analyzes the model at the batch and precision (warning on stderr when ops are uncounted), or
/// builds the work from --gflops/--gmacs. Usage errors for missing or contradictory inputs.
LoadedWorkload load_workload(const WorkloadArgs& args, Precision precision);

/// Parses --precision (usage error naming the valid spellings).
Precision precision_arg(const std::string& text);

/// The shipped catalogue, with --hardware-file rows merged when given.
hw::Catalogue load_catalogue(const std::string& hardware_file);

}  // namespace infergy::cli
