// infergy analyze MODEL.onnx: MACs, FLOPs, parameters and bytes of one forward pass.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

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
  bool strict = false;
  unsigned jobs = 0;  // 0: one per hardware thread
  std::string shard;  // "I/N", 0-based I
  OutputOptions output;
};

// "--shard I/N": part I (0-based) of N. Indexes count from 0 like a Kubernetes indexed Job's
// JOB_COMPLETION_INDEX; a Slurm array runs --array=0-(N-1) and passes $SLURM_ARRAY_TASK_ID.
Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto number = [&](std::string_view part) -> std::optional<std::size_t> {
    if (part.empty() || part.size() > 9 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    return static_cast<std::size_t>(std::stoul(std::string(part)));
  };
  const auto index = slash == std::string::npos ? std::nullopt : number(text.substr(0, slash));
  const auto count = slash == std::string::npos ? std::nullopt : number(text.substr(slash + 1));
  if (!index || !count || *count < 1 || *index >= *count) {
    throw usage_error(fmt::format(
        "--shard {}: expected I/N with 0 <= I < N (part I of N, counted from 0), e.g. --shard 0/4",
        text));
  }
  return {*index, *count};
}

// "[ 412/1000]  41%  38.2 models/s  ETA 0:15", redrawn in place on a terminal only.
class ProgressBar {
 public:
  explicit ProgressBar(bool shown) : shown_(shown), start_(Clock::now()), last_(start_) {}
  void update(std::size_t done, std::size_t total) {
    if (!shown_) return;
    const auto now = Clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const auto eta = rate > 0 ? static_cast<long>(static_cast<double>(total - done) / rate) : 0L;
    constexpr std::size_t kWidth = 24;
    const std::size_t filled = total ? kWidth * done / total : kWidth;
    fmt::print(stderr, "\r[{}{}] {}/{} {:3}%  {:.1f} models/s  ETA {}:{:02}\x1b[K",
               std::string(filled, '#'), std::string(kWidth - filled, '.'), done, total,
               total ? 100 * done / total : 100, rate, eta / 60, eta % 60);
    std::fflush(stderr);
  }
  ~ProgressBar() {
    if (shown_) fmt::print(stderr, "\r\x1b[K");
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool shown_;
  Clock::time_point start_, last_;
};

// Exactly one line on stderr when a total leaves nodes out: a warning, or with --strict the
// error that ends the command (after its output was written) with exit code 3.
void report_incomplete(const std::string& what, bool strict) {
  if (strict) {
    throw Error(ErrorKind::incomplete, what + " (--strict)");
  }
  fmt::print(stderr, "infergy: warning: {} (--strict makes this exit {})\n", visible(what),
             static_cast<int>(ExitCode::incomplete));
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
  const Shard shard = args.shard.empty() ? Shard{} : parse_shard(args.shard);
  // The list a shard is cut from: unreadable entries first, then the files, as given (each
  // directory's files sorted), so every shard of one command line sees the same list.
  std::vector<ModelOutcome> outcomes;
  std::vector<std::filesystem::path> files;
  std::size_t position = 0;
  for (const auto& e : models.errors) {
    if (shard.holds(position++)) {
      outcomes.push_back({e.path.string(), std::nullopt, e.message, ErrorKind::no_input});
    }
  }
  for (const auto& p : models.files) {
    if (shard.holds(position++)) files.push_back(p);
  }
  const unsigned jobs =
      args.jobs > 0 ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<ModelOutcome> analyzed;
  {
    ProgressBar bar(stderr_is_terminal());
    analyzed = analyze_files(
        files, bindings, options,
        {.jobs = jobs,
         .progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); }});
  }
  std::optional<ErrorKind> first_failure;
  std::size_t incomplete = 0, counted = 0;
  for (auto& o : analyzed) outcomes.push_back(std::move(o));
  for (const auto& o : outcomes) {
    if (!o.analysis) {
      if (!first_failure) first_failure = o.error_kind;
      continue;
    }
    ++counted;
    if (!is_complete(*o.analysis)) ++incomplete;
  }
  args.output.write(render_summary(outcomes, args.output.format()));
  if (first_failure) set_exit_status(static_cast<int>(exit_code_for(*first_failure)));
  if (incomplete > 0) {
    const std::string what = fmt::format(
        "{} of {} models analyzed are incomplete: their totals leave nodes out (column "
        "'complete'; analyze one alone for the list)",
        incomplete, counted);
    if (first_failure && args.strict) {
      fmt::print(stderr, "infergy: error: {} (--strict)\n", what);  // the failure's code wins
      return;
    }
    report_incomplete(what, args.strict);
  }
}

void run(const AnalyzeArgs& args) {
  const DimBindings bindings = args.shape.bindings();
  const AnalyzeOptions options{.precision = args.precision.get()};
  if (!args.shard.empty()) parse_shard(args.shard);  // a usage error before any work
  args.output.check();
  const ModelPaths models = expand_paths(args);
  if (models.files.empty() && models.errors.empty()) throw no_input_error("no .onnx files found");
  if (models.files.size() + models.errors.size() > 1 || args.recursive || !args.shard.empty()) {
    analyze_many(models, args, bindings, options);
    return;
  }
  const Analysis a = analyze_file(models.files.front(), bindings, options);
  args.output.write(render(a, {.format = args.output.format(),
                               .per_node = args.per_node,
                               .by_op = args.by_op,
                               .explain = args.explain}));
  if (const Completeness c = completeness(a); !c.complete) {
    report_incomplete(fmt::format("{}: incomplete: {}", a.model, c.summary), args.strict);
  }
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
  cmd->add_flag("--strict", args->strict,
                "Exit 3 (after writing the output) when a total leaves nodes out: no cost rule, "
                "a shape unknown, a loop of unknown trip count");
  cmd->add_option("-j,--jobs", args->jobs,
                  "Models analyzed at once over many files (default: one per hardware thread)")
      ->check(CLI::Range(1u, 4096u));
  cmd->add_option("--shard", args->shard,
                  "Analyze only part I of N (0-based I) of the model list: the files at positions "
                  "I, I+N, I+2N, ... (README, Many models)")
      ->type_name("I/N");
  add_output_options(*cmd, args->output);
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(10, setup);

}  // namespace

}  // namespace infergy::cli
