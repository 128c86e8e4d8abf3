// data/models-imagenet.csv: ImageNet-1k classifiers (data/README.md documents each column).

#include <fmt/format.h>

#include <algorithm>

#include "datasets/rows.hpp"
#include "infergy/datasets.hpp"
#include "infergy/error.hpp"
#include "infergy/files.hpp"

namespace infergy {

const std::vector<std::string>& extra_data_vocabulary() {
  static const std::vector<std::string> tags = {
      "none",             // ImageNet-1k only (distillation from an ImageNet-1k teacher included)
      "imagenet-21k",     // the full ImageNet (14 M images, ~21k classes; "in22k" in timm)
      "imagenet-12k",     // timm's 11,821-class, 12 M-image subset of ImageNet-21k
      "jft-300m",         // Google's JFT-300M (labelled, or pseudo-labelled as in Noisy Student)
      "jft-3b",           // Google's JFT-3B
      "ig-1b",            // ~1 B Instagram images (hashtag-labelled as in WSL/SWSL, or raw as SEER)
      "ig-3.5b",          // 3.5 B hashtag-labelled Instagram images (Mahajan et al. 2018)
      "ig-3.6b",          // 3.6 B hashtag-labelled Instagram images (SWAG, Singh et al. 2022)
      "yfcc-100m",        // YFCC100M (semi-supervised SSL)
      "openai-wit-400m",  // CLIP's 400 M image-text pairs
      "laion-2b",         // LAION-2B image-text pairs
      "datacomp-1b",      // DataComp-1B image-text pairs
      "merged-30m",       // EVA's merged 30 M images (IN-21k, CC12M, CC3M, COCO, ADE, Objects365)
      "merged-38m",       // EVA-02's merged 38 M images (Merged-30M + OpenImages)
      "merged-2b",        // EVA-CLIP's Merged-2B (LAION-2B + COYO-700M)
      "lvd-142m",         // DINOv2's curated LVD-142M
      "webli-10b",        // Google's WebLI (SigLIP)
  };

  return tags;
}

namespace {

const std::vector<std::string>& metrics_from_vocabulary() {
  static const std::vector<std::string> v = {"paper", "timm", "torchvision"};
  return v;
}

const std::vector<std::string>& gmacs_from_vocabulary() {
  static const std::vector<std::string> v = {"timm", "count", "paper"};
  return v;
}

struct ImageNetColumns {
  std::size_t name, date, params_m, resolution, extra_data;
  std::optional<std::size_t> family, gmacs, gflops, paper_gflops, top1, top5, eval, metrics_from,
      gmacs_from, torchvision, source_date, source_metrics, notes;
};

ImageNetColumns find_columns(const datasets::Sheet& sheet) {
  using datasets::optional_column;
  using datasets::required_column;
  ImageNetColumns c{required_column(sheet, "name"),           required_column(sheet, "date"),
                    required_column(sheet, "params_m"),       required_column(sheet, "resolution"),
                    required_column(sheet, "extra_data"),     optional_column(sheet, "family"),
                    optional_column(sheet, "gmacs"),          optional_column(sheet, "gflops"),
                    optional_column(sheet, "paper_gflops"),   optional_column(sheet, "top1"),
                    optional_column(sheet, "top5"),           optional_column(sheet, "eval"),
                    optional_column(sheet, "metrics_from"),   optional_column(sheet, "gmacs_from"),
                    optional_column(sheet, "torchvision"),    optional_column(sheet, "source_date"),
                    optional_column(sheet, "source_metrics"), optional_column(sheet, "notes")};
  // Without one of these a row could not say what it costs, or where its numbers come from.
  if (!c.gmacs && !c.gflops) (void)required_column(sheet, "gmacs");
  if (!c.source_date && !c.source_metrics) (void)required_column(sheet, "source_metrics");
  return c;
}

// Fills gmacs and gflops from whichever the row gives, checking them against each other.
void read_compute(datasets::RowReader& r, const ImageNetColumns& c, ImageNetModel& m) {
  const auto gmacs = r.number(c.gmacs);
  const auto gflops = r.number(c.gflops);
  if (gmacs) r.expect(*c.gmacs, datasets::check_positive_in_range(*gmacs, 0.001, 1e5, "GMACs"));
  if (gflops) r.expect(*c.gflops, datasets::check_positive_in_range(*gflops, 0.002, 2e5, "GFLOPs"));
  if (gmacs && gflops) {
    r.expect(*c.gflops, datasets::check_gflops_twice_gmacs(*gmacs, *gflops));
  } else if (!gmacs && !gflops) {
    r.fail(c.gmacs ? *c.gmacs : *c.gflops, "gmacs or gflops required");
  }
  m.gmacs = gmacs ? *gmacs : (gflops ? *gflops / 2 : 0);
  m.gflops = gflops ? *gflops : 2 * m.gmacs;
  m.paper_gflops = r.number(c.paper_gflops);
  if (m.paper_gflops) {
    r.expect(*c.paper_gflops,
             datasets::check_positive_in_range(*m.paper_gflops, 0.001, 2e5, "GFLOPs"));
  }
}

void read_accuracy(datasets::RowReader& r, const ImageNetColumns& c, ImageNetModel& m) {
  m.top1 = r.number(c.top1);
  m.top5 = r.number(c.top5);
  if (m.top1) r.expect(*c.top1, datasets::check_accuracy_percent(*m.top1));
  if (m.top5) r.expect(*c.top5, datasets::check_accuracy_percent(*m.top5));
  if (m.top1 && m.top5) r.expect(*c.top5, datasets::check_top5_not_below_top1(*m.top1, *m.top5));
  m.eval = r.text(c.eval);
}

// Provenance columns: each is optional, but what is written must be from its vocabulary, and a
// row must cite something.
void read_provenance(datasets::RowReader& r, const ImageNetColumns& c, ImageNetModel& m) {
  m.metrics_from = r.text(c.metrics_from);
  if (!m.metrics_from.empty()) {
    r.expect(*c.metrics_from,
             datasets::check_in_vocabulary(m.metrics_from, metrics_from_vocabulary()));
  }
  m.gmacs_from = r.text(c.gmacs_from);
  if (!m.gmacs_from.empty()) {
    r.expect(*c.gmacs_from, datasets::check_in_vocabulary(m.gmacs_from, gmacs_from_vocabulary()));
  }
  m.torchvision = r.text(c.torchvision);
  for (const auto& col : {c.source_date, c.source_metrics}) {
    for (auto& s : datasets::split_sources(r.text(col))) m.sources.push_back(std::move(s));
  }
  if (m.sources.empty()) {
    r.fail(c.source_metrics ? *c.source_metrics : *c.source_date, "a source is required");
  }
  m.notes = r.text(c.notes);
}

ImageNetModel read_model(datasets::RowReader& r, const ImageNetColumns& c, const Date& latest) {
  ImageNetModel m;
  m.name = r.required_text(c.name);
  m.family = r.text(c.family);
  if (const auto date = r.required_date(c.date, latest)) m.date = *date;
  if (const auto params = r.required_number(c.params_m)) {
    m.params_m = *params;
    r.expect(c.params_m, datasets::check_positive_in_range(*params, 0.05, 1e5, "M params"));
  }
  read_compute(r, c, m);
  if (const auto px = r.required_integer(c.resolution)) {
    r.expect(c.resolution, datasets::check_resolution(*px));
    m.resolution = static_cast<int>(std::clamp<std::int64_t>(*px, 0, 1 << 20));
  }
  read_accuracy(r, c, m);
  m.extra_data = r.required_text(c.extra_data);
  if (!m.extra_data.empty()) {
    r.expect(c.extra_data, datasets::check_in_vocabulary(m.extra_data, extra_data_vocabulary()));
  }
  read_provenance(r, c, m);
  m.origin = r.origin();
  return m;
}

}  // namespace

std::vector<ImageNetModel> parse_imagenet_models(std::string_view text, const std::string& source,
                                                 RowPolicy policy, LoadReport* report) {
  const auto sheet = datasets::parse_sheet(text, source);
  const auto columns = find_columns(sheet);
  const Date latest = today();
  return datasets::read_named_rows<ImageNetModel>(
      sheet, columns.name,
      [&](datasets::RowReader& reader) { return read_model(reader, columns, latest); }, policy,
      report);
}

std::vector<ImageNetModel> load_imagenet_models(const std::filesystem::path& path, RowPolicy policy,
                                                LoadReport* report) {
  return parse_imagenet_models(read_text_file(path), path.string(), policy, report);
}

}  // namespace infergy
