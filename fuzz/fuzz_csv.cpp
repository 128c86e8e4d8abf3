// libFuzzer target over every CSV reader a user's file reaches: the hardware catalogue
// (--hardware-file), the model table (estimate --table), the ImageNet and GLUE model datasets
// (--models) and the references. Each input is given to all of them. Any input must end in a
// result or an infergy::Error, never a crash, a hang, a sanitizer report or another exception.
// What a reader accepts must also render: its names go through every Table rendering, and the
// CSV rendering must parse back as RFC 4180 with one record per row.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "infergy/csv.hpp"
#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/hw.hpp"
#include "infergy/table.hpp"

namespace {

using namespace infergy;

// The renderings of a table of names: the text ones must not throw, and the CSV one must come
// back with as many records and fields.
void render(const std::vector<std::string>& names) {
  Table t({{"name", Align::left}, {"n", Align::right}});
  for (const auto& n : names) t.add_row({n, "1"});
  (void)t.to_text();
  (void)t.to_markdown();
  const CsvTable back = parse_csv(t.to_csv(), "rendered.csv");
  if (back.rows.size() != names.size()) std::abort();
  for (const auto& row : back.rows) {
    if (row.fields.size() != 2) std::abort();
  }
}

template <typename F>
void guarded(F f) {
  try {
    f();
  } catch (const Error&) {
    // Rejected with a message naming the file: the expected outcome for most inputs.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  guarded([&] {
    const CsvTable t = parse_csv(text, "fuzz.csv");
    for (const auto& row : t.rows) {
      for (std::size_t c = 0; c < t.header.size(); ++c) {
        guarded([&] {
          if (const auto v = t.number(row, c); v && !std::isfinite(*v)) std::abort();
        });
        guarded([&] { (void)t.integer(row, c); });
      }
    }
  });
  guarded([&] {
    const auto cat = hw::Catalogue::parse(text, "fuzz.csv");
    std::vector<std::string> names;
    for (const auto& s : cat.all()) names.push_back(s.name);
    render(names);
  });
  guarded([&] {
    const auto rows = parse_model_numbers(text, "fuzz.csv");
    std::vector<std::string> names;
    for (const auto& r : rows) {
      if (!(std::isfinite(r.gflops) && r.gflops > 0)) std::abort();
      const auto work = energy::workload_from_numbers(r, 1, Precision::fp16);
      if (!(std::isfinite(work.flops()) && std::isfinite(work.bytes()))) std::abort();
      names.push_back(r.name);
    }
    render(names);
  });
  for (const auto policy : {RowPolicy::fatal, RowPolicy::skip}) {
    LoadReport report;
    guarded([&] {
      std::vector<std::string> names;
      for (const auto& m : parse_imagenet_models(text, "fuzz.csv", policy, &report)) {
        names.push_back(m.name);
      }
      render(names);
    });
    guarded([&] {
      std::vector<std::string> names;
      for (const auto& m : parse_glue_models(text, "fuzz.csv", policy, &report)) {
        names.push_back(m.name);
      }
      render(names);
    });
    guarded([&] { (void)parse_references(text, "fuzz.csv", policy, &report); });
  }
  return 0;
}
