// analyze_files: many models on a pool of threads, the outcomes in the order they were given.
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "infergy/analysis.hpp"

namespace infergy {

std::vector<ModelOutcome> analyze_files(const std::vector<std::filesystem::path>& paths,
                                        const DimBindings& bindings, const AnalyzeOptions& options,
                                        const ManyOptions& many) {
  std::vector<ModelOutcome> outcomes(paths.size());
  std::vector<std::exception_ptr> failures(paths.size());
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  // Each worker takes the next unclaimed position and writes only that slot: the order of the
  // outcomes is the order of `paths`, whichever worker finished first.
  const auto work = [&] {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      ModelOutcome& o = outcomes[i];
      o.path = paths[i].string();
      try {
        o.analysis = analyze_file(paths[i], bindings, options);
      } catch (const Error& e) {
        o.error = e.what();
        o.error_kind = e.kind();
      } catch (...) {
        failures[i] = std::current_exception();
      }
      if (many.progress) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        many.progress(++done, paths.size());
      }
    }
  };
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, many.jobs), std::max<std::size_t>(1, paths.size()));
  if (threads == 1) {
    work();
  } else {
    // std::thread, not std::jthread: clang 14's library lacks it.
    std::vector<std::thread> pool;
    pool.reserve(threads);
    try {
      for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
    } catch (const std::system_error&) {
      // Fewer threads than asked (a process limit): those started finish the work.
      if (pool.empty()) work();
    }
    for (auto& t : pool) t.join();
  }
  for (const auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
  return outcomes;
}

}  // namespace infergy
