// The options that several subcommands take, parsed one way everywhere.
//
// Each group is a struct of the raw values CLI11 fills, an add_*_options() that registers the
// group's flags on a subcommand, and a member that turns the raw values into the library's type.
// A subcommand keeps the groups it takes in its own argument struct and converts them in its
// callback:
//
//   struct LlmArgs { ShapeArgs shape; PrecisionArg precision{"fp16"}; HardwareArgs hardware;
//                    FootprintArgs footprint; OutputOptions output; };
//   auto a = std::make_shared<LlmArgs>();
//   add_precision_option(*cmd, a->precision, "Precision of weights and arithmetic");
//   add_hardware_options(*cmd, a->hardware, HardwareChoice::one_or_all);
//   add_footprint_options(*cmd, a->footprint, "token");
//   cmd->callback([a] {
//     const Precision p = a->precision.value();
//     const hw::Catalogue catalogue = a->hardware.catalogue();
//     const hw::HardwareSpec device = a->hardware.device(catalogue);  // or .ranks_all()
//     const energy::FootprintParams fp = a->footprint.params();
//     ...
//   });
//
// The same strictness in every subcommand (usage errors, exit 64, naming the flag):
// - whole numbers (--batch, --dim values, --input dims) are decimal digits and at least 1:
//   "12.9", "12abc", "0x10", "0", "-3" and values past 2^63 are refused;
// - real numbers are finite: CLI11 reads "nan" and "inf" as numbers and its range checks let NaN
//   through, so every floating-point option is registered with finite_number();
// - an option that takes one value, given twice, is refused (CLI11's default, kept);
//   `--dim NAME=...` or `--input NAME=...` twice for one NAME is refused here;
// - the batch given two ways that disagree (--batch 8 --dim batch=2) is refused by bind_inputs;
// - the reserved hardware ids (kReservedHardwareIds) cannot be names of --hardware-file rows.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/energy.hpp"
#include "infergy/hw.hpp"
#include "infergy/precision.hpp"
#include "infergy/shapes.hpp"
#include "infergy/trends.hpp"

namespace infergy::hw {
struct LocalSystem;  // infergy/hw_detect.hpp
}

namespace infergy::cli {

// ---------------------------------------------------------------------------------------------
// Numbers

/// CLI11 check: a finite real number (refuses nan, inf and overflowing values like 1e400).
const CLI::Validator& finite_number();
/// CLI11 check: a whole decimal number of at least 1.
const CLI::Validator& whole_number();
/// A whole decimal number >= 1 inside a larger value ("sequence=128", "1x3x224x224"); usage
/// error naming `flag` and `text` otherwise.
std::int64_t parse_whole(std::string_view text, std::string_view flag, std::string_view whole);
/// A finite real number inside a larger value ("0.3,0.5,0.8"); usage error otherwise.
double parse_finite(std::string_view text, std::string_view flag, std::string_view whole);

// ---------------------------------------------------------------------------------------------
// The model's inputs: --dim NAME=VALUE, --input NAME=D0xD1x..., --batch N (shapes.hpp has what
// they mean, the batch rules included).

struct ShapeArgs {
  std::vector<std::string> dims;    // NAME=VALUE
  std::vector<std::string> inputs;  // NAME=D0xD1x...
  std::optional<std::int64_t> batch;
  std::vector<std::string> pins;  // NAME=VALUE: a data-dependent dim (Analysis::data_dims)

  /// Parsed and checked: repeated names and malformed values are usage errors.
  DimBindings bindings() const;
  /// Whether any of the three was given.
  bool given() const {
    return !dims.empty() || !inputs.empty() || batch.has_value() || !pins.empty();
  }
};
void add_shape_options(CLI::App& cmd, ShapeArgs& args);

// ---------------------------------------------------------------------------------------------
// --precision

struct PrecisionArg {
  std::string text;               // as given; empty: not given
  std::string fallback = "fp32";  // used when not given ("" for none: value() is then nullopt)
  bool allow_stored = false;      // "model" / "stored" mean nullopt (analyze: bytes as stored)

  /// The precision given, else the fallback; nullopt for "stored" or no fallback.
  std::optional<Precision> get() const;
  /// get(), which must be a precision (an internal error otherwise: a command with no fallback
  /// calls get()).
  Precision value() const;
};
void add_precision_option(CLI::App& cmd, PrecisionArg& arg, const std::string& help);

// ---------------------------------------------------------------------------------------------
// The hardware catalogue: --hw ID|all and --hardware-file FILE

/// Ids that name no row: `all` (rank the whole catalogue), `local` (this machine's CPU, found by
/// `infergy hw detect`), `local-gpu` (its first NVML GPU). A --hardware-file row may not use
/// them as id, name or alias.
inline const std::vector<std::string_view> kReservedHardwareIds = {"all", "local", "local-gpu"};

enum class HardwareChoice {
  none,        // --hardware-file only (hw list)
  one,         // --hw names one device
  one_or_all,  // --hw ID, or --hw all for a ranking
};

struct HardwareArgs {
  std::string hw;
  std::string hardware_file;
  HardwareChoice choice = HardwareChoice::one;

  /// The shipped catalogue with the --hardware-file rows merged (reserved names refused).
  hw::Catalogue catalogue() const;
  /// --hw all was given (only where the choice allows it).
  bool ranks_all() const;
  /// The one device --hw names (usage error when --hw is missing or is 'all').
  hw::HardwareSpec device(const hw::Catalogue& catalogue) const;
};
/// Adds --hw (unless choice is none) and --hardware-file; `what` completes the --hw help text.
void add_hardware_options(CLI::App& cmd, HardwareArgs& args, HardwareChoice choice,
                          const std::string& what = "");

/// The one step from a hardware id to a catalogue row, used by every subcommand: an id, name or
/// alias of the catalogue (hw::Catalogue::get; unknown names are input errors with the closest
/// ids). Special ids that stand for no row are resolved here and nowhere else: `local` and
/// `local-gpu` through hw::detect (an input error saying what to add when the machine's device
/// has no row).
hw::HardwareSpec hardware_row(const hw::Catalogue& catalogue, std::string_view id);

/// This machine as hw::detect sees it: files under INFERGY_SYSTEM_ROOT (default "/"), and the
/// NVML GPU names (INFERGY_NVML_LIBRARY picks the library) when `with_gpus`; why NVML gave none
/// goes to `notes`.
hw::LocalSystem local_system(bool with_gpus);

// ---------------------------------------------------------------------------------------------
// The footprint: --per-day, --grid, --price, --currency, --pue

struct FootprintArgs {
  double per_day = 0;
  std::optional<double> grid, price, pue;
  std::optional<std::string> currency;

  /// The sourced defaults (energy::footprint_defaults) with the flags given over them.
  energy::FootprintParams params() const;
};
/// `per` names one unit of work in the help texts: "inference", "token".
void add_footprint_options(CLI::App& cmd, FootprintArgs& args, const std::string& per);

// ---------------------------------------------------------------------------------------------
// A workload: a model file, or a model known by its numbers (--gflops or --gmacs, ...)

struct WorkloadArgs {
  std::string model;  // ONNX file, or empty
  ShapeArgs shape;
  std::optional<double> gflops, gmacs, params_m, activations_m;
  std::string name;

  bool given() const { return !model.empty() || gflops || gmacs; }
};
/// Adds --gflops, --gmacs, --params-m, --activations-m and --name (the model file and the shape
/// options are the command's own, as their help differs).
void add_workload_number_options(CLI::App& cmd, WorkloadArgs& args);

struct LoadedWorkload {
  energy::Workload work;
  std::optional<std::int64_t> params;  // counted in the model file
};
/// Analyzes the model file (a warning on stderr when ops are uncounted) at its bound batch, or
/// builds the work from the numbers at --batch. Usage errors for missing or contradictory inputs.
LoadedWorkload load_workload(const WorkloadArgs& args, Precision precision);

// ---------------------------------------------------------------------------------------------
// The study (trends, report): --models, --replace-models, --strict, --hardware-file and the
// StudyFlags

struct StudyArgs {
  trends::StudyFlags flags;
  std::vector<std::string> model_files;
  bool replace_models = false;
  bool strict = false;
  std::string hardware_file;
};
void add_study_options(CLI::App& cmd, StudyArgs& args);
/// Loads the inputs and runs the study; skipped rows are warnings on stderr.
trends::Study run_study(const StudyArgs& args);

}  // namespace infergy::cli
