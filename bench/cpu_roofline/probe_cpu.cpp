// Measures the two physical numbers a CPU row of the catalogue needs and a guest or an unknown
// part does not state: the clock its cores sustain under the vector FMAs inference kernels run
// (from the FMA throughput of each core), and the memory bandwidth one core and all cores read.
//
// Build and run (on the machine measured; -march=native picks AVX-512 where the CPU has it):
//   g++ -O2 -march=native -pthread bench/cpu_roofline/probe_cpu.cpp -o /tmp/probe_cpu
//   /tmp/probe_cpu THREADS FP32_FLOPS_PER_CYCLE
//
// The FMA loop keeps 12 independent accumulators in flight, more than the FMA latency (4 cycles)
// times the pipes (2) needs, so each core runs at its FMA throughput; the implied clock is that
// throughput divided by the core's FP32 FLOPs per cycle, which the microarchitecture sets and the
// caller gives (the row's ops_per_cycle: 32 for two 256-bit FMA pipes, AVX2 anywhere and AVX-512
// on Zen 4; 64 for two 512-bit pipes). Time is each thread's CPU time, so a core shared with
// other work still reads its own clock. Bandwidth reads a 1 GiB buffer (far above any last-level
// cache) with wide loads; it is wall time, so run it on a quiet machine.
#include <immintrin.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

#if defined(__AVX512F__)
using Vec = __m512;
constexpr int kLanes = 16;
const char* const kIsa = "AVX-512";
Vec splat(float x) {
  return _mm512_set1_ps(x);
}
Vec fma(Vec a, Vec b, Vec c) {
  return _mm512_fmadd_ps(a, b, c);
}
Vec add(Vec a, Vec b) {
  return _mm512_add_ps(a, b);
}
Vec load(const float* p) {
  return _mm512_loadu_ps(p);
}
void store(float* p, Vec v) {
  _mm512_storeu_ps(p, v);
}
#else
using Vec = __m256;
constexpr int kLanes = 8;
const char* const kIsa = "AVX2";
Vec splat(float x) {
  return _mm256_set1_ps(x);
}
Vec fma(Vec a, Vec b, Vec c) {
  return _mm256_fmadd_ps(a, b, c);
}
Vec add(Vec a, Vec b) {
  return _mm256_add_ps(a, b);
}
Vec load(const float* p) {
  return _mm256_loadu_ps(p);
}
void store(float* p, Vec v) {
  _mm256_storeu_ps(p, v);
}
#endif

// By a store, not _mm512_reduce_add_ps, which trips g++ 12's -Wuninitialized.
float sum(Vec v) {
  float lanes[kLanes];
  store(lanes, v);
  float s = 0;
  for (float f : lanes) s += f;
  return s;
}

constexpr int kAccumulators = 12;
constexpr long kIterations = 100'000'000;

double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// FLOP/s of one thread over kIterations rounds of kAccumulators FMAs; `seed` defeats folding.
double fma_rate(float seed, float* sink) {
  Vec acc[kAccumulators];
  for (int i = 0; i < kAccumulators; ++i) acc[i] = splat(seed + static_cast<float>(i));
  const Vec b = splat(1.0000001f), c = splat(1e-7f);
  const double t0 = thread_seconds();
  for (long k = 0; k < kIterations; ++k) {
    // Unrolled so the accumulators live in registers (a loop over the array spills them).
#pragma GCC unroll 12
    for (int i = 0; i < kAccumulators; ++i) acc[i] = fma(acc[i], b, c);
  }
  const double seconds = thread_seconds() - t0;
  Vec total = acc[0];
  for (int i = 1; i < kAccumulators; ++i) total = add(total, acc[i]);
  *sink += sum(total);
  return static_cast<double>(kIterations) * kAccumulators * kLanes * 2 / seconds;
}

// Bytes/s read by `threads` threads splitting `data`; the best of `repeats` passes.
double read_rate(const std::vector<float>& data, int threads, int repeats, float* sink) {
  double best = 0;
  const std::size_t n = data.size(), parts = static_cast<std::size_t>(threads);
  for (int r = 0; r < repeats; ++r) {
    std::vector<float> partial(parts);
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < parts; ++t) {
      pool.emplace_back([&, t] {
        const std::size_t lo = n * t / parts, hi = n * (t + 1) / parts;
        Vec s0 = splat(0), s1 = s0, s2 = s0, s3 = s0;
        for (std::size_t i = lo; i + 4 * kLanes <= hi; i += 4 * kLanes) {
          s0 = add(s0, load(&data[i]));
          s1 = add(s1, load(&data[i + kLanes]));
          s2 = add(s2, load(&data[i + 2 * kLanes]));
          s3 = add(s3, load(&data[i + 3 * kLanes]));
        }
        partial[t] = sum(add(add(s0, s1), add(s2, s3)));
      });
    }
    for (auto& th : pool) th.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, static_cast<double>(n * sizeof(float)) / seconds);
    for (float p : partial) *sink += p;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 0;
  const double per_cycle = argc > 2 ? std::atof(argv[2]) : 0;
  if (argc != 3 || threads < 1 || threads > 4096 || !(per_cycle > 0) || per_cycle > 1024) {
    std::fprintf(stderr,
                 "usage: probe_cpu THREADS FP32_FLOPS_PER_CYCLE (THREADS 1..4096; FLOPs per "
                 "cycle per core, e.g. 32 for two 256-bit FMA pipes)\n");
    return 64;
  }
  float sink = 0;
  std::printf("isa %s (%d FP32 lanes), %g FP32 FLOPs per cycle per core assumed\n", kIsa, kLanes,
              per_cycle);
  double best = 0;
  for (int r = 0; r < 5; ++r) best = std::max(best, fma_rate(1.0f + static_cast<float>(r), &sink));
  std::printf("fma 1 thread: %.1f GFLOPS, sustained clock %.3f GHz\n", best / 1e9,
              best / per_cycle / 1e9);
  std::vector<double> per(static_cast<std::size_t>(threads));
  std::vector<float> sinks(per.size());
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < per.size(); ++t) {
    pool.emplace_back([&, t] { per[t] = fma_rate(2.0f + static_cast<float>(t), &sinks[t]); });
  }
  for (auto& th : pool) th.join();
  double all = 0, slowest = per[0];
  for (double p : per) {
    all += p;
    slowest = std::min(slowest, p);
  }
  std::printf("fma %d threads: %.1f GFLOPS in all, slowest core at %.3f GHz\n", threads, all / 1e9,
              slowest / per_cycle / 1e9);
  const std::vector<float> data(std::size_t{1} << 28, 1.0f);  // 1 GiB
  std::printf("read 1 thread: %.2f GB/s\n", read_rate(data, 1, 5, &sink) / 1e9);
  std::printf("read %d threads: %.2f GB/s\n", threads, read_rate(data, threads, 5, &sink) / 1e9);
  for (float s : sinks) sink += s;
  return sink == 12345.0f ? 1 : 0;  // uses the sums, so no loop is optimised away
}
