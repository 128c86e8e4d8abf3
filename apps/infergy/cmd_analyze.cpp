// infergy analyze MODEL.onnx: MACs, FLOPs, parameters and bytes of one forward pass.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/csv.hpp"
#include "infergy/error.hpp"
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

// Expands directories (with --recursive) into the .onnx files under them, sorted.
std::vector<std::filesystem::path> expand_paths(const AnalyzeArgs& args) {
  std::vector<std::filesystem::path> out;
  for (const auto& m : args.models) {
    std::error_code ec;
    if (std::filesystem::is_directory(m, ec)) {
      if (!args.recursive) {
        throw no_input_error(fmt::format(
            "{}: is a directory, not a model file (pass --recursive to analyze every .onnx "
            "file under it)",
            m));
      }
      std::vector<std::filesystem::path> found;
      for (auto it = std::filesystem::recursive_directory_iterator(
               m, std::filesystem::directory_options::skip_permission_denied, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".onnx") {
          found.push_back(it->path());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.emplace_back(m);
    }
  }
  return out;
}

// One row per model, for directories of models. A model that fails gets its error in the row
// (and on stderr); the command then exits with the first failure's code.
void analyze_many(const std::vector<std::filesystem::path>& paths, const AnalyzeArgs& args,
                  const DimBindings& bindings, const AnalyzeOptions& options) {
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
  std::size_t done = 0;
  for (const auto& p : paths) {
    if (stderr_is_terminal()) {
      fmt::print(stderr, "\r[{}/{}] {}\x1b[K", ++done, paths.size(), p.string());
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
    } catch (const Error& e) {
      if (!first_failure) first_failure = e.kind();
      t.add_row({p.string(), "", "", "", "", "", "", "", e.what()});
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
    case OutputFormat::json: {
      std::string rows;
      for (std::size_t r = 0; r < t.rows().size(); ++r) {
        const auto& row = t.rows()[r];
        rows += fmt::format(
            "{}  {{\"model\": \"{}\", \"macs\": {}, \"flops\": {}, \"params\": {}, "
            "\"bytes_read\": {}, \"bytes_written\": {}, \"error\": \"{}\"}}",
            r ? ",\n" : "", row[0], row[1].empty() ? "null" : row[1],
            row[2].empty() ? "null" : row[2], row[3].empty() ? "null" : row[3],
            row[4].empty() ? "null" : row[4], row[5].empty() ? "null" : row[5], row[8]);
      }
      out = "[\n" + rows + "\n]\n";
      break;
    }
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
  const auto paths = expand_paths(args);
  if (paths.empty()) throw no_input_error("no .onnx files found");
  if (paths.size() > 1 || args.recursive) {
    analyze_many(paths, args, bindings, options);
    return;
  }
  const Analysis a = analyze_file(paths.front(), bindings, options);
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
