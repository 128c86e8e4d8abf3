// How fast `infergy analyze` is, beside the floor: reading the same file once from the page
// cache. A user points infergy at directories of hundreds of models, some of them gigabytes; the
// loader maps the file and skips weight payloads, so for weight-heavy models the analysis should
// cost about what reading the file costs or less, and for node-heavy graphs grow linearly.
//
//   build/bench/bench_analyze                    (add --benchmark_repetitions=5 for spread)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "infergy/analysis.hpp"
#include "model_generator.hpp"

namespace {

namespace fs = std::filesystem;
using infergy::bench::cached;

const fs::path kCache = INFERGY_BENCH_CACHE;
const fs::path kFixtures = fs::path(INFERGY_SOURCE_DIR) / "tests/fixtures/models";

fs::path full(const char* name) {
  return cached(kCache / (std::string(name) + "-full.onnx"), [&](const fs::path& out) {
    infergy::bench::inflate_weights(kFixtures / (std::string(name) + ".onnx"), out);
  });
}

fs::path chain(std::size_t nodes) {
  return cached(kCache / ("chain-" + std::to_string(nodes) + ".onnx"),
                [&](const fs::path& out) { infergy::bench::write_chain_model(nodes / 4, out); });
}

// The floor: read every byte of the file once (it is in the page cache after the first pass).
std::size_t read_file(const fs::path& path, std::vector<char>& buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string());
  std::size_t total = 0;
  ssize_t n;
  while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) total += static_cast<std::size_t>(n);
  ::close(fd);
  return total;
}

void read_floor(benchmark::State& state, const fs::path& path) {
  std::vector<char> buffer(1 << 20);
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = read_file(path, buffer);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["file_MB"] = static_cast<double>(bytes) / 1e6;
}

void analyze(benchmark::State& state, const fs::path& path, const infergy::DimBindings& b) {
  std::int64_t nodes = 0;
  for (auto _ : state) {
    const infergy::Analysis a = infergy::analyze_file(path, b);
    nodes = static_cast<std::int64_t>(a.node_count);
    benchmark::DoNotOptimize(a.totals.flops);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fs::file_size(path)));
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["nodes_per_s"] =
      benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ReadFloor_ResNet50(benchmark::State& s) {
  read_floor(s, full("resnet50"));
}
void BM_Analyze_ResNet50(benchmark::State& s) {
  analyze(s, full("resnet50"), {});
}
void BM_ReadFloor_ViT_B_16(benchmark::State& s) {
  read_floor(s, full("vit_b_16"));
}
void BM_Analyze_ViT_B_16(benchmark::State& s) {
  analyze(s, full("vit_b_16"), {});
}
void BM_ReadFloor_Chain(benchmark::State& s) {
  read_floor(s, chain(static_cast<std::size_t>(s.range(0))));
}
void BM_Analyze_Chain(benchmark::State& s) {
  analyze(s, chain(static_cast<std::size_t>(s.range(0))), {});
  s.SetComplexityN(s.range(0));
}

// Small models, many calls: the C++ side of the Python module's call overhead
// (bench/python_bench.py times infergy.analyze on the same files). The _Json variants add the
// JSON rendering, which the module does on every call.
void analyze_json(benchmark::State& state, const fs::path& path) {
  for (auto _ : state) {
    const std::string json = infergy::render(
        infergy::analyze_file(path, {}), {.format = infergy::OutputFormat::json, .per_node = true});
    benchmark::DoNotOptimize(json.data());
  }
}
void BM_Analyze_AlexNet(benchmark::State& s) {
  analyze(s, kFixtures / "alexnet.onnx", {});
}
void BM_AnalyzeJson_AlexNet(benchmark::State& s) {
  analyze_json(s, kFixtures / "alexnet.onnx");
}
void BM_Analyze_ResNet18(benchmark::State& s) {
  analyze(s, kFixtures / "resnet18.onnx", {});
}
void BM_AnalyzeJson_ResNet18(benchmark::State& s) {
  analyze_json(s, kFixtures / "resnet18.onnx");
}

BENCHMARK(BM_Analyze_AlexNet)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalyzeJson_AlexNet)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyze_ResNet18)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalyzeJson_ResNet18)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadFloor_ResNet50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze_ResNet50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadFloor_ViT_B_16)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze_ViT_B_16)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadFloor_Chain)
    ->Arg(10'000)
    ->Arg(30'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze_Chain)
    ->Arg(10'000)
    ->Arg(30'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

}  // namespace

BENCHMARK_MAIN();
