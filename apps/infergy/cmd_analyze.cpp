// infergy analyze MODEL.onnx: MACs, FLOPs, parameters and bytes of one forward pass.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "args.hpp"
#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/error.hpp"

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

// Expands directories (with --recursive) into the .onnx files under them, sorted.
std::vector<std::filesystem::path> expand_paths(const AnalyzeArgs& args) {
  std::vector<std::filesystem::path> out;
  for (const auto& m : args.models) {
    std::error_code ec;
    if (!std::filesystem::is_directory(m, ec)) {
      out.emplace_back(m);
      continue;
    }
    if (!args.recursive) {
      throw no_input_error(fmt::format(
          "{}: is a directory, not a model file (pass --recursive to analyze every .onnx file "
          "under it)",
          m));
    }
    std::vector<std::filesystem::path> found;
    for (auto it = std::filesystem::recursive_directory_iterator(
             m, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".onnx") found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

// One row per model, for directories of models. A model that fails gets its error in the row;
// the command then exits with the first failure's code.
void analyze_many(const std::vector<std::filesystem::path>& paths, const AnalyzeArgs& args,
                  const DimBindings& bindings, const AnalyzeOptions& options) {
  std::vector<ModelOutcome> outcomes;
  std::optional<ErrorKind> first_failure;
  for (const auto& p : paths) {
    if (stderr_is_terminal()) {
      fmt::print(stderr, "\r[{}/{}] {}\x1b[K", outcomes.size() + 1, paths.size(), p.string());
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
  const auto paths = expand_paths(args);
  if (paths.empty()) throw no_input_error("no .onnx files found");
  if (paths.size() > 1 || args.recursive) {
    analyze_many(paths, args, bindings, options);
    return;
  }
  const Analysis a = analyze_file(paths.front(), bindings, options);
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
