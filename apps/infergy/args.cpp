#include "args.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/hw_detect.hpp"
#include "infergy/measure.hpp"
#include "infergy/text.hpp"

namespace infergy::cli {

// ---------------------------------------------------------------------------------------------
// Numbers

namespace {

std::optional<std::int64_t> whole(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 1) return std::nullopt;
  return v;
}

std::optional<double> finite(std::string_view text) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

const CLI::Validator& finite_number() {
  static const CLI::Validator v(
      [](std::string& text) -> std::string {
        return finite(trim(text)) ? "" : fmt::format("'{}' is not a finite number", text);
      },
      "NUMBER");
  return v;
}

const CLI::Validator& whole_number() {
  static const CLI::Validator v(
      [](std::string& text) -> std::string {
        return whole(trim(text)) ? "" : fmt::format("'{}' is not a whole number >= 1", text);
      },
      "N");
  return v;
}

std::int64_t parse_whole(std::string_view text, std::string_view flag, std::string_view all) {
  if (auto v = whole(trim(text))) return *v;
  throw usage_error(fmt::format("{} {}: '{}' is not a whole number >= 1", flag, all, trim(text)));
}

double parse_finite(std::string_view text, std::string_view flag, std::string_view all) {
  if (auto v = finite(trim(text))) return *v;
  throw usage_error(fmt::format("{} {}: '{}' is not a finite number", flag, all, trim(text)));
}

// ---------------------------------------------------------------------------------------------
// Shapes

namespace {

// "NAME=VALUE" -> (NAME, VALUE), both trimmed and non-empty.
std::pair<std::string, std::string> name_value(const std::string& item, std::string_view flag,
                                               std::string_view form) {
  const auto eq = item.rfind('=');
  const std::string name(eq == std::string::npos ? "" : trim(std::string_view(item).substr(0, eq)));
  const std::string value(eq == std::string::npos ? ""
                                                  : trim(std::string_view(item).substr(eq + 1)));
  if (name.empty() || value.empty()) {
    throw usage_error(fmt::format("{} '{}': expected {}", flag, item, form));
  }
  return {name, value};
}

}  // namespace

DimBindings ShapeArgs::bindings() const {
  DimBindings b;
  for (const auto& d : dims) {
    const auto [name, value] = name_value(d, "--dim", "NAME=VALUE, e.g. --dim sequence=128");
    if (b.dims.contains(name)) throw usage_error(fmt::format("--dim {} is given twice", name));
    b.dims[name] = parse_whole(value, "--dim", d);
  }
  for (const auto& in : inputs) {
    const auto [name, value] =
        name_value(in, "--input", "NAME=D0xD1x..., e.g. --input images=8x3x224x224");
    if (b.inputs.contains(name)) throw usage_error(fmt::format("--input {} is given twice", name));
    std::vector<std::int64_t> shape;
    for (const auto& d : split(value, 'x')) shape.push_back(parse_whole(d, "--input", in));
    b.inputs[name] = std::move(shape);
  }
  for (const auto& p : pins) {
    const auto [name, value] = name_value(p, "--pin", "NAME=VALUE, e.g. --pin nms_0=100");
    if (b.pins.contains(name)) throw usage_error(fmt::format("--pin {} is given twice", name));
    // 0 is a legal count of detections; parse_whole takes 1 and up.
    b.pins[name] = value == "0" ? 0 : parse_whole(value, "--pin", p);
  }
  b.batch = batch;
  return b;
}

void add_shape_options(CLI::App& cmd, ShapeArgs& args) {
  cmd.add_option("--dim", args.dims,
                 "Bind a symbolic input dim: NAME=VALUE (repeatable); an unnamed dim is "
                 "INPUT:AXIS=VALUE");
  cmd.add_option("--input", args.inputs,
                 "Set an input's whole shape: NAME=D0xD1x... (repeatable), e.g. "
                 "images=8x3x224x224")
      ->type_name("NAME=SHAPE");
  cmd.add_option("--batch", args.batch,
                 "Inferences per pass: the value of every batch dim (named like batch, or a "
                 "leading dim the file fixes at 1); default 1")
      ->check(whole_number());
  cmd.add_option("--pin", args.pins,
                 "Fix a data-dependent dim (detections kept by NonMaxSuppression, ...): NAME=N "
                 "(repeatable), NAME as the analysis lists them (nms_0, nonzero_0, topk_0, ...)")
      ->type_name("NAME=N");
}

// ---------------------------------------------------------------------------------------------
// Precision

std::optional<Precision> PrecisionArg::get() const {
  const std::string& t = text.empty() ? fallback : text;
  if (t.empty()) return std::nullopt;
  if (allow_stored && (t == "model" || t == "stored")) return std::nullopt;
  if (auto p = parse_precision(t)) return p;
  std::vector<std::string> names;
  for (Precision p : all_precisions()) names.emplace_back(to_string(p));
  throw usage_error(fmt::format("--precision '{}': use {}{}", t, fmt::join(names, ", "),
                                allow_stored ? " (or 'stored')" : ""));
}

Precision PrecisionArg::value() const {
  if (auto p = get()) return *p;
  throw internal_error("--precision has no value and no fallback");
}

void add_precision_option(CLI::App& cmd, PrecisionArg& arg, const std::string& help) {
  std::vector<std::string> names;
  for (Precision p : all_precisions()) names.emplace_back(to_string(p));
  const std::string default_text = arg.fallback.empty()
                                       ? (arg.allow_stored ? " (default: as stored)" : "")
                                       : fmt::format(" (default: {})", arg.fallback);
  cmd.add_option("--precision", arg.text,
                 fmt::format("{}: {}{}", help, fmt::join(names, ", "), default_text));
}

// ---------------------------------------------------------------------------------------------
// Hardware

namespace {

// A row named like a reserved id could never be chosen by that name.
void refuse_reserved_names(const hw::Catalogue& user) {
  for (const auto& row : user.all()) {
    for (const auto& name : row.names()) {
      for (std::string_view reserved : kReservedHardwareIds) {
        if (to_lower(name) != reserved) continue;
        throw usage_error(
            fmt::format("{}: '{}' is reserved (--hw {} means something else); "
                        "name the row otherwise",
                        row.origin.to_string(), name, reserved));
      }
    }
  }
}

}  // namespace

hw::Catalogue HardwareArgs::catalogue() const {
  auto c = hw::Catalogue::builtin(data_dir());
  if (!hardware_file.empty()) {
    const auto user = hw::Catalogue::load(hardware_file);
    refuse_reserved_names(user);
    c.merge(user);
  }
  return c;
}

bool HardwareArgs::ranks_all() const {
  return choice == HardwareChoice::one_or_all && to_lower(hw) == "all";
}

hw::HardwareSpec HardwareArgs::device(const hw::Catalogue& catalogue) const {
  if (hw.empty()) {
    throw usage_error(
        fmt::format("--hw is required (a catalogue id or alias{}; see `infergy hw "
                    "list`)",
                    choice == HardwareChoice::one_or_all ? ", or 'all'" : ""));
  }
  if (to_lower(hw) == "all") {
    throw usage_error(
        "--hw all ranks the whole catalogue, which this command does not do: name "
        "one device (see `infergy hw list`)");
  }
  return hardware_row(catalogue, hw);
}

hw::LocalSystem local_system(bool with_gpus) {
  const char* root = std::getenv("INFERGY_SYSTEM_ROOT");
  hw::LocalSystem sys = hw::read_local_system(root && *root ? root : "/");
  if (with_gpus) {
    std::string why_none;
    sys.gpu_names =
        measure::nvml_gpu_names(measure::sensor_options_from_environment().nvml_library, why_none);
    if (sys.gpu_names.empty()) sys.notes.push_back("no GPU through NVML: " + why_none);
  }
  return sys;
}

hw::HardwareSpec hardware_row(const hw::Catalogue& catalogue, std::string_view id) {
  if (iequals(id, "local")) {
    const hw::Detection d = hw::detect(local_system(false), catalogue);
    if (d.cpu.row) return *d.cpu.row;
    throw input_error(fmt::format(
        "--hw local: this machine's CPU '{}' has no catalogue row; `infergy hw detect` prints "
        "the row it would need: complete its release_date, tdp_w and memory_bw_gbs from the "
        "datasheet and pass it with --hardware-file, or name a row with --hw",
        d.cpu.reported));
  }
  if (iequals(id, "local-gpu")) {
    const hw::LocalSystem sys = local_system(true);
    const hw::Detection d = hw::detect(sys, catalogue);
    if (d.gpus.empty()) {
      throw input_error(
          fmt::format("--hw local-gpu: this machine has no GPU that NVML reports ({})",
                      fmt::join(sys.notes, "; ")));
    }
    if (d.gpus.front().row) return *d.gpus.front().row;
    throw input_error(fmt::format(
        "--hw local-gpu: this machine's GPU '{}' has no catalogue row; add one with "
        "--hardware-file (columns of data/hardware.csv, data/README.md) naming '{}' as an alias",
        d.gpus.front().reported, d.gpus.front().reported));
  }
  return catalogue.get(id);
}

void add_hardware_options(CLI::App& cmd, HardwareArgs& args, HardwareChoice choice,
                          const std::string& what) {
  args.choice = choice;
  if (choice != HardwareChoice::none) {
    cmd.add_option(
        "--hw", args.hw,
        fmt::format("Hardware id or alias from `infergy hw list`{}{}",
                    choice == HardwareChoice::one_or_all ? ", or 'all' for a ranking" : "", what));
  }
  cmd.add_option("--hardware-file", args.hardware_file,
                 "Merge your own rows into the catalogue (columns of data/hardware.csv)");
}

// ---------------------------------------------------------------------------------------------
// Footprint

energy::FootprintParams FootprintArgs::params() const {
  auto p = energy::footprint_defaults(data_dir());
  if (grid) p.grid_g_co2e_per_kwh = *grid;
  if (price) p.price_per_kwh = *price;
  if (pue) p.pue = *pue;
  if (currency) p.currency = *currency;
  energy::check_footprint(p, per_day);
  return p;
}

void add_footprint_options(CLI::App& cmd, FootprintArgs& args, const std::string& per) {
  std::string units = per + "s";
  if (!units.empty())
    units[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(units[0])));
  cmd.add_option("--per-day", args.per_day,
                 fmt::format("{} per day: yearly energy, carbon and cost", units))
      ->check(finite_number());
  cmd.add_option("--grid", args.grid,
                 "Grid carbon intensity, g CO2e/kWh (default: world 2023, Ember)")
      ->check(finite_number());
  cmd.add_option("--price", args.price,
                 "Electricity price per kWh (default: US commercial 2023, EIA)")
      ->check(finite_number());
  cmd.add_option("--currency", args.currency, "Currency of --price (default: USD)");
  cmd.add_option("--pue", args.pue,
                 "Power usage effectiveness (default: 2024 industry average, Uptime)")
      ->check(finite_number());
}

// ---------------------------------------------------------------------------------------------
// Workload

void add_workload_number_options(CLI::App& cmd, WorkloadArgs& args) {
  cmd.add_option("--gflops", args.gflops, "GFLOPs per inference, when there is no model file")
      ->check(finite_number());
  cmd.add_option("--gmacs", args.gmacs, "GMACs per inference (FLOPs = 2 x MACs)")
      ->check(finite_number());
  cmd.add_option("--params-m", args.params_m, "Parameters in millions (roofline weight bytes)")
      ->check(finite_number());
  cmd.add_option("--activations-m", args.activations_m, "Activations per inference in millions")
      ->check(finite_number());
  cmd.add_option("--name", args.name, "Name of a model given by numbers");
}

LoadedWorkload load_workload(const WorkloadArgs& a, Precision precision) {
  if (!a.model.empty()) {
    if (a.gflops || a.gmacs) throw usage_error("give a model file or --gflops/--gmacs, not both");
    const Analysis analysis = analyze_file(a.model, a.shape.bindings(), {.precision = precision});
    if (!analysis.uncounted.empty()) {
      fmt::print(stderr, "infergy: warning: {}: {} op type(s) not counted; see `infergy analyze`\n",
                 a.model, analysis.uncounted.size());
    }
    return {energy::workload_from_analysis(analysis), analysis.totals.params};
  }
  if (a.gflops && a.gmacs) throw usage_error("give --gflops or --gmacs, not both");
  if (!a.gflops && !a.gmacs) throw usage_error("give a model file, --gflops or --gmacs");
  if (!a.shape.dims.empty() || !a.shape.inputs.empty()) {
    throw usage_error(
        "--dim and --input shape a model file; a model given by --gflops/--gmacs "
        "has only --batch");
  }
  const double gflops = a.gflops ? *a.gflops : 2 * *a.gmacs;
  return {energy::workload_from_numbers(a.name.empty() ? "model" : a.name, gflops, a.params_m,
                                        a.activations_m, a.shape.batch.value_or(1), precision),
          std::nullopt};
}

// ---------------------------------------------------------------------------------------------
// Study

void add_study_options(CLI::App& cmd, StudyArgs& args) {
  cmd.add_option("--models", args.model_files,
                 "Your own model CSV (columns of data/models-imagenet.csv or models-glue.csv); "
                 "repeatable. Rows are added, a row named like a shipped one replaces it");
  cmd.add_flag("--replace-models", args.replace_models,
               "A --models file replaces the shipped file of its kind instead of adding to it");
  cmd.add_flag("--strict", args.strict,
               "A malformed row in a --models file is fatal (default: reported and skipped)");
  cmd.add_option("--hardware-file", args.hardware_file,
                 "Merge your own rows into the hardware catalogue (columns of data/hardware.csv)");
  auto& f = args.flags;
  cmd.add_option("--hw-rule", f.hw_rule,
                 "GFLOPS/W given to a model: best (best GPU released by its date, in its era's "
                 "precision), trend (the fitted GPU trend at its date), fixed:ID[@PATH]")
      ->capture_default_str();
  cmd.add_option("--eras", f.eras,
                 "Precision eras: 'study' (fp32-vector, 2017-06-21:fp16-matrix, "
                 "2020-05-14:tf32-matrix) or your own list in that form")
      ->capture_default_str();
  cmd.add_option("--gpu-kinds", f.gpu_kinds,
                 "Hardware kinds fitted and assigned (server-gpu, desktop-gpu, workstation-gpu, "
                 "gpu, all, ...)")
      ->capture_default_str();
  cmd.add_option("--gpu-vendors", f.gpu_vendors, "Vendors fitted and assigned, or 'any'")
      ->capture_default_str();
  cmd.add_option("--since", f.since, "Only models published on or after DATE (YYYY[-MM[-DD]])");
  cmd.add_option("--until", f.until,
                 "Only models published on or before DATE; a year or month includes all of it");
  cmd.add_option("--confidence", f.confidence, "Confidence level of every interval")
      ->capture_default_str()
      ->check(finite_number());
}

trends::Study run_study(const StudyArgs& a) {
  if (a.replace_models && a.model_files.empty()) {
    throw usage_error("--replace-models replaces the shipped models with --models files: give one");
  }
  trends::InputFiles files;
  files.data_dir = data_dir();
  for (const auto& f : a.model_files) files.model_files.emplace_back(f);
  files.replace_models = a.replace_models;
  files.hardware_file = a.hardware_file;
  files.policy = a.strict ? RowPolicy::fatal : RowPolicy::skip;
  const auto options = trends::parse_study_flags(a.flags);
  LoadReport problems;
  const auto inputs = trends::load_study_inputs(files, &problems);
  for (const auto& p : problems.problems) {
    fmt::print(stderr, "infergy: warning: {} (row skipped; --strict makes this fatal)\n",
               visible(p));
  }
  return trends::run_study(inputs, options);
}

}  // namespace infergy::cli
