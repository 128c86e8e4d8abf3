// infergy analyze MODEL.onnx: MACs, FLOPs, parameters and bytes of one forward pass.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "args.hpp"
#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/files.hpp"

namespace infergy::cli {

namespace {

struct AnalyzeArgs {
  std::vector<std::string> models;
  ShapeArgs shape;
  PrecisionArg precision{"", "", true};
  bool per_node = false;
  bool by_op = false;
  bool explain = false;
  bool recursive = false;
  OutputOptions output;
};

// The model files to analyze: each path as given, a directory (with --recursive) as the .onnx
// files under it; what could not be read under a directory comes back as an error row.
struct ModelPaths {
  std::vector<std::filesystem::path> files;
  std::vector<DirectoryEntryError> errors;
};

ModelPaths expand_paths(const AnalyzeArgs& args) {
  ModelPaths out;
  for (const auto& m : args.models) {
    std::error_code ec;
    if (!std::filesystem::is_directory(m, ec)) {
      out.files.emplace_back(m);
      continue;
    }
    if (!args.recursive) {
      throw no_input_error(fmt::format(
          "{}: is a directory, not a model file (pass --recursive to analyze every .onnx file "
          "under it)",
          m));
    }
    FoundFiles found = find_files(m, ".onnx");
    out.files.insert(out.files.end(), found.files.begin(), found.files.end());
    out.errors.insert(out.errors.end(), found.errors.begin(), found.errors.end());
  }
  return out;
}

// One row per model, for directories of models. A model that fails gets its error in the row;
// the command then exits with the first failure's code.
void analyze_many(const ModelPaths& models, const AnalyzeArgs& args, const DimBindings& bindings,
                  const AnalyzeOptions& options) {
  std::vector<ModelOutcome> outcomes;
  std::optional<ErrorKind> first_failure;
  for (const auto& e : models.errors) {
    if (!first_failure) first_failure = ErrorKind::no_input;
    outcomes.push_back({e.path.string(), std::nullopt, e.message});
  }
  std::size_t done = 0;
  for (const auto& p : models.files) {
    if (stderr_is_terminal()) {
      fmt::print(stderr, "\r[{}/{}] {}\x1b[K", ++done, models.files.size(), visible(p.string()));
    }
    try {
      outcomes.push_back({p.string(), analyze_file(p, bindings, options), ""});
    } catch (const Error& e) {
      if (!first_failure) first_failure = e.kind();
      outcomes.push_back({p.string(), std::nullopt, e.what()});
    }
  }
  if (stderr_is_terminal()) fmt::print(stderr, "\r\x1b[K");
  args.output.write(render_summary(outcomes, args.output.format()));
  if (first_failure) set_exit_status(static_cast<int>(exit_code_for(*first_failure)));
}

void run(const AnalyzeArgs& args) {
  const DimBindings bindings = args.shape.bindings();
  const AnalyzeOptions options{.precision = args.precision.get()};
  args.output.check();
  const ModelPaths models = expand_paths(args);
  if (models.files.empty() && models.errors.empty()) throw no_input_error("no .onnx files found");
  if (models.files.size() + models.errors.size() > 1 || args.recursive) {
    analyze_many(models, args, bindings, options);
    return;
  }
  const Analysis a = analyze_file(models.files.front(), bindings, options);
  args.output.write(render(a, {.format = args.output.format(),
                               .per_node = args.per_node,
                               .by_op = args.by_op,
                               .explain = args.explain}));
}

void setup(CLI::App& root) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = root.add_subcommand(
      "analyze", "MACs, FLOPs, parameters and bytes of one forward pass of an ONNX model");
  cmd->add_option("model", args->models, "ONNX model file(s), or directories with --recursive")
      ->required();
  add_shape_options(*cmd, args->shape);
  add_precision_option(*cmd, args->precision, "Element size for bytes of floating-point tensors");
  cmd->add_flag("--by-op", args->by_op, "Break the totals down by op type");
  cmd->add_flag("--per-node", args->per_node, "One row per node");
  cmd->add_flag("--explain", args->explain, "Show the cost rule of each op type");
  cmd->add_flag("-r,--recursive", args->recursive,
                "Analyze every .onnx file under the given directories (one row each)");
  add_output_options(*cmd, args->output);
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(10, setup);

}  // namespace

}  // namespace infergy::cli
