// infergy analyze MODEL.onnx: MACs, FLOPs, parameters and bytes of one forward pass.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/files.hpp"
#include "infergy/json_text.hpp"
#include "infergy/onnx.hpp"
#include "infergy/text.hpp"

namespace infergy::cli {

namespace {

struct AnalyzeArgs {
  std::vector<std::string> models;
  std::vector<std::string> dims;
  std::int64_t batch = 0;
  std::string precision;
  bool per_node = false;
  bool by_op = false;
  bool explain = false;
  bool recursive = false;
  OutputOptions output;
};

DimBindings parse_bindings(const AnalyzeArgs& args) {
  DimBindings b;
  for (const auto& d : args.dims) {
    const auto eq = d.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      throw usage_error(fmt::format("--dim '{}': expected NAME=VALUE, e.g. --dim sequence=128", d));
    }
    const std::string name(trim(std::string_view(d).substr(0, eq)));
    const std::string_view text = trim(std::string_view(d).substr(eq + 1));
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      throw usage_error(fmt::format("--dim {}: '{}' is not an integer", name, text));
    }
    b.dims[name] = value;
  }
  if (args.batch != 0) b.batch = args.batch;
  return b;
}

std::optional<Precision> parse_precision_flag(const std::string& text) {
  if (text.empty() || text == "model" || text == "stored") return std::nullopt;
  const auto p = parse_precision(text);
  if (!p) {
    throw usage_error(fmt::format(
        "--precision '{}': use fp32, fp16, bf16, int8 (or fp64, tf32, fp8, int4)", text));
  }
  return p;
}

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
    if (std::filesystem::is_directory(m, ec)) {
      if (!args.recursive) {
        throw no_input_error(fmt::format(
            "{}: is a directory, not a model file (pass --recursive to analyze every .onnx "
            "file under it)",
            m));
      }
      FoundFiles found = find_files(m, ".onnx");
      out.files.insert(out.files.end(), found.files.begin(), found.files.end());
      out.errors.insert(out.errors.end(), found.errors.begin(), found.errors.end());
    } else {
      out.files.emplace_back(m);
    }
  }
  return out;
}

// One row per model, for directories of models. A model that fails gets its error in the row
// (and on stderr); the command then exits with the first failure's code.
void analyze_many(const ModelPaths& models, const AnalyzeArgs& args, const DimBindings& bindings,
                  const AnalyzeOptions& options) {
  const auto& paths = models.files;
  Table t({{"model", Align::left},
           {"MACs", Align::right},
           {"FLOPs", Align::right},
           {"params", Align::right},
           {"bytes read", Align::right},
           {"bytes written", Align::right},
           {"nodes", Align::right},
           {"uncounted", Align::left},
           {"error", Align::left}});
  const OutputFormat format = args.output.format();
  const bool exact = format == OutputFormat::csv || format == OutputFormat::json;
  const auto count = [&](std::int64_t v) {
    return exact ? std::to_string(v) : format_si(static_cast<double>(v));
  };
  std::optional<ErrorKind> first_failure;
  nlohmann::json json_rows = nlohmann::json::array();
  const auto json_count = [](std::int64_t v) { return nlohmann::json(v); };
  for (const auto& e : models.errors) {
    if (!first_failure) first_failure = ErrorKind::no_input;
    t.add_row({e.path.string(), "", "", "", "", "", "", "", e.message});
    json_rows.push_back({{"model", e.path.string()}, {"error", e.message}});
  }
  std::size_t done = 0;
  for (const auto& p : paths) {
    if (stderr_is_terminal()) {
      fmt::print(stderr, "\r[{}/{}] {}\x1b[K", ++done, paths.size(), visible(p.string()));
    }
    try {
      const Analysis a = analyze_file(p, bindings, options);
      std::vector<std::string> uncounted;
      for (const auto& u : a.uncounted)
        uncounted.push_back(fmt::format("{}:{}", u.op_type, u.nodes));
      t.add_row({p.string(), count(a.totals.macs), count(a.totals.flops), count(a.totals.params),
                 count(a.totals.bytes_read), count(a.totals.bytes_written),
                 fmt::format("{}/{}", a.counted_nodes, a.node_count),
                 fmt::format("{}", fmt::join(uncounted, " ")), ""});
      json_rows.push_back({{"model", p.string()},
                           {"macs", json_count(a.totals.macs)},
                           {"flops", json_count(a.totals.flops)},
                           {"params", json_count(a.totals.params)},
                           {"bytes_read", json_count(a.totals.bytes_read)},
                           {"bytes_written", json_count(a.totals.bytes_written)},
                           {"nodes", a.node_count},
                           {"nodes_counted", a.counted_nodes},
                           {"uncounted", uncounted},
                           {"error", nullptr}});
    } catch (const Error& e) {
      if (!first_failure) first_failure = e.kind();
      t.add_row({p.string(), "", "", "", "", "", "", "", e.what()});
      json_rows.push_back({{"model", p.string()}, {"error", e.what()}});
    }
  }
  if (stderr_is_terminal()) fmt::print(stderr, "\r\x1b[K");
  std::string out;
  switch (format) {
    case OutputFormat::table:
      out = t.to_text();
      break;
    case OutputFormat::markdown:
      out = t.to_markdown();
      break;
    case OutputFormat::csv:
      out = "# " + counting_convention() + "\n" + t.to_csv();
      break;
    case OutputFormat::json:
      out = to_json_text(json_rows);
      break;
  }
  args.output.write(out);
  if (first_failure) {
    set_exit_status(static_cast<int>(exit_code_for(*first_failure)));
  }
}

void run(const AnalyzeArgs& args) {
  const DimBindings bindings = parse_bindings(args);
  AnalyzeOptions options;
  options.precision = parse_precision_flag(args.precision);
  args.output.check();
  const ModelPaths models = expand_paths(args);
  if (models.files.empty() && models.errors.empty()) {
    throw no_input_error("no .onnx files found");
  }
  if (models.files.size() + models.errors.size() > 1 || args.recursive) {
    analyze_many(models, args, bindings, options);
    return;
  }
  const Analysis a = analyze_file(models.files.front(), bindings, options);
  RenderOptions render_options;
  render_options.format = args.output.format();
  render_options.per_node = args.per_node;
  render_options.by_op = args.by_op;
  render_options.explain = args.explain;
  args.output.write(render(a, render_options));
}

void setup(CLI::App& root) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = root.add_subcommand(
      "analyze", "MACs, FLOPs, parameters and bytes of one forward pass of an ONNX model");
  cmd->add_option("model", args->models, "ONNX model file(s), or directories with --recursive")
      ->required();
  cmd->add_option("--dim", args->dims,
                  "Bind a symbolic input dim: NAME=VALUE (repeatable); an unnamed dim is "
                  "INPUT:AXIS=VALUE");
  cmd->add_option("--batch", args->batch,
                  "Value of every batch-like dim (batch, batch_size, N, ...); default 1");
  cmd->add_option("--precision", args->precision,
                  "Element size for bytes of floating-point tensors: fp32, fp16, bf16, int8 "
                  "(default: as stored)");
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
