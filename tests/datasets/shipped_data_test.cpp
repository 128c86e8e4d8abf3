// The shipped datasets: every row loads under the strict policy, carries its sources, and the
// well-known values match their published figures (each derivation or citation beside it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "infergy/csv.hpp"
#include "infergy/datasets.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

const std::filesystem::path kData = INFERGY_DATA_DIR;

const std::vector<ImageNetModel>& imagenet() {
  static const auto models = [] {
    LoadReport report;
    auto m = load_imagenet_models(kData / "models-imagenet.csv", RowPolicy::fatal, &report);
    EXPECT_TRUE(report.problems.empty());
    return m;
  }();
  return models;
}

const std::vector<GlueModel>& glue() {
  static const auto models = load_glue_models(kData / "models-glue.csv", RowPolicy::fatal);
  return models;
}

const std::vector<Reference>& references() {
  static const auto refs = load_references(kData / "references.csv", RowPolicy::fatal);
  return refs;
}

const ImageNetModel& vision(const std::string& name) {
  const auto& all = imagenet();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const auto& m) { return m.name == name; });
  if (it == all.end()) throw std::runtime_error("no ImageNet row " + name);
  return *it;
}

const GlueModel& language(const std::string& name) {
  const auto& all = glue();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const auto& m) { return m.name == name; });
  if (it == all.end()) throw std::runtime_error("no GLUE row " + name);
  return *it;
}

double ref(const std::string& id) {
  return find_reference(references(), id).value;
}

// ---------------------------------------------------------------------------------------------
// Every row valid, sourced and dated sensibly.

TEST(ShippedImageNet, LoadsWithoutProblemsUnderBothPolicies) {
  EXPECT_GE(imagenet().size(), 150u);
  LoadReport report;
  const auto skipped =
      load_imagenet_models(kData / "models-imagenet.csv", RowPolicy::skip, &report);
  EXPECT_EQ(skipped.size(), imagenet().size());
  EXPECT_TRUE(report.problems.empty()) << report.problems.front();
}

TEST(ShippedImageNet, EveryRowCitesItsDateAndItsMetrics) {
  // The loader accepts one source; the shipped file promises one for the date and one for the
  // numbers, so both cells are checked on the raw table.
  const auto table = read_csv(kData / "models-imagenet.csv");
  const auto date_col = table.column("source_date");
  const auto metrics_col = table.column("source_metrics");
  for (const auto& row : table.rows) {
    EXPECT_FALSE(table.field(row, date_col).empty()) << table.where(row, date_col);
    EXPECT_FALSE(table.field(row, metrics_col).empty()) << table.where(row, metrics_col);
  }
}

// An arXiv identifier YYMM.NNNNN carries the month it was assigned: 1512.03385 was submitted in
// December 2015. A paper submitted after a month's last mailing deadline gets the next month's
// prefix and a low number (CLIP, 2103.00020, was submitted on 26 February 2021), so the date may
// also fall in the last days of the month before. nullopt when `url` is not an arXiv abstract.
std::optional<bool> date_agrees_with_arxiv_id(const Date& date, const std::string& url) {
  static const std::regex arxiv(R"(arxiv\.org/abs/(\d{2})(\d{2})\.(\d{4,5}))");
  std::smatch match;
  if (!std::regex_search(url, match, arxiv)) return std::nullopt;
  const int year = 2000 + std::stoi(match[1]);
  const int month = std::stoi(match[2]);
  if (date.year == year && date.month == month) return true;
  const Date before = month == 1 ? Date{year - 1, 12, 1} : Date{year, month - 1, 1};
  return date.year == before.year && date.month == before.month && date.day >= 25 &&
         std::stoi(match[3]) < 1000;
}

TEST(ShippedData, ArxivMonthRuleAcceptsOnlyTheIdsMonthOrItsEve) {
  EXPECT_EQ(date_agrees_with_arxiv_id({2015, 12, 10}, "https://arxiv.org/abs/1512.03385"), true);
  EXPECT_EQ(date_agrees_with_arxiv_id({2021, 2, 26}, "https://arxiv.org/abs/2103.00020"), true);
  EXPECT_EQ(date_agrees_with_arxiv_id({2021, 2, 26}, "https://arxiv.org/abs/2103.14030"), false);
  EXPECT_EQ(date_agrees_with_arxiv_id({2016, 12, 10}, "https://arxiv.org/abs/1512.03385"), false);
  EXPECT_EQ(date_agrees_with_arxiv_id({2015, 12, 10}, "https://papers.nips.cc/paper/4824"),
            std::nullopt);
}

TEST(ShippedImageNet, DatesAgreeWithTheirArxivIdentifiers) {
  std::size_t checked = 0;
  for (const auto& m : imagenet()) {
    const auto agrees = date_agrees_with_arxiv_id(m.date, m.sources.front());
    if (!agrees) continue;
    EXPECT_TRUE(*agrees) << m.origin << " " << m.name << " " << m.date.to_string();
    ++checked;
  }
  EXPECT_GE(checked, 190u);
}

TEST(ShippedGlue, DatesAgreeWithTheirArxivIdentifiers) {
  std::size_t checked = 0;
  for (const auto& m : glue()) {
    const auto agrees = date_agrees_with_arxiv_id(m.date, m.sources.front());
    if (!agrees) continue;
    EXPECT_TRUE(*agrees) << m.origin << " " << m.name << " " << m.date.to_string();
    ++checked;
  }
  EXPECT_GE(checked, 35u);
}

TEST(ShippedImageNet, CoversTheStudyWindowAndBeyond) {
  const auto& all = imagenet();
  const auto [first, last] = std::minmax_element(
      all.begin(), all.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  EXPECT_EQ(first->name, "AlexNet");  // the study's first model
  EXPECT_EQ(first->date.year, 2012);
  EXPECT_GE(last->date.year, 2025);  // the project's window runs "from AlexNet (2012) to 2025"
  // The study's figures: ~100 models 2012-2021, Top-1 ~55-90 %, GFLOPs ~0.3-3,000, some with
  // extra data.
  std::size_t in_study = 0, extra = 0;
  double min_gflops = 1e9, max_gflops = 0, min_top1 = 100, max_top1 = 0;
  for (const auto& m : all) {
    if (m.date.year > 2021) continue;
    ++in_study;
    extra += m.uses_extra_data() ? 1 : 0;
    min_gflops = std::min(min_gflops, m.gflops);
    max_gflops = std::max(max_gflops, m.gflops);
    if (m.top1) {
      min_top1 = std::min(min_top1, *m.top1);
      max_top1 = std::max(max_top1, *m.top1);
    }
  }
  EXPECT_GE(in_study, 100u);
  EXPECT_GE(extra, 15u);
  EXPECT_LT(min_gflops, 0.3);
  EXPECT_GT(max_gflops, 3000);
  EXPECT_LT(min_top1, 60);
  EXPECT_GT(max_top1, 88);
}

TEST(ShippedImageNet, ProvenanceColumnsAreFilled) {
  for (const auto& m : imagenet()) {
    EXPECT_FALSE(m.family.empty()) << m.origin;
    EXPECT_FALSE(m.eval.empty()) << m.origin;
    EXPECT_FALSE(m.metrics_from.empty()) << m.origin;
    EXPECT_FALSE(m.gmacs_from.empty()) << m.origin;
  }
}

// ---------------------------------------------------------------------------------------------
// Spot checks against published figures and hand derivations.

TEST(ShippedImageNet, AlexNetMatchesItsLayerArithmetic) {
  // Krizhevsky et al. 2012, Fig. 2, MACs = output elements x (inputs per output):
  //   conv1 55^2 x 96 x (11^2 x 3)      = 105.4 M
  //   conv2 27^2 x 256 x (5^2 x 48)     = 223.9 M   (each GPU half sees 48 maps)
  //   conv3 13^2 x 384 x (3^2 x 256)    = 149.5 M
  //   conv4 13^2 x 384 x (3^2 x 192)    = 112.1 M
  //   conv5 13^2 x 256 x (3^2 x 192)    =  74.8 M
  //   fc    9216x4096 + 4096x4096 + 4096x1000 = 58.6 M      total 724.4 M
  const auto& m = vision("AlexNet");
  EXPECT_NEAR(m.gmacs, 0.7244, 0.001);
  EXPECT_NEAR(m.gflops, 1.449, 0.002);
  EXPECT_NEAR(m.params_m, 61.0, 0.1);      // "60 million parameters" in the abstract
  EXPECT_NEAR(*m.top1, 100 - 40.7, 1e-9);  // Table 2, 1 CNN: 40.7 % top-1 error
}

TEST(ShippedImageNet, ResNet50InBothLayouts) {
  // He et al. 2015 Table 1: 3.8e9 "FLOPs" (multiply-adds); torchvision docs: 25,557,032
  // params and 4.09 GFLOPS (also multiply-adds). The 0.23 G between them is where the stride
  // sits in the first block of stages 2-4: its 1x1 reduction runs at the input resolution in
  // torchvision ("v1.5"), at the output one in the paper:
  //   56^2x256x128 - 28^2x256x128 = 77.07 M, likewise 28->14 (512x256) and 14->7 (1024x512):
  //   3 x 77.07 M = 231.2 M.
  const auto& paper = vision("ResNet-50");
  const auto& rsb = vision("ResNet-50 (RSB A1)");
  EXPECT_NEAR(paper.params_m, 25.56, 0.01);
  EXPECT_NEAR(paper.gmacs, 3.86, 0.01);
  EXPECT_NEAR(*paper.paper_gflops, 3.8, 1e-9);
  EXPECT_NEAR(rsb.gmacs, 4.09, 0.01);
  EXPECT_NEAR(rsb.gmacs - paper.gmacs, 0.2312, 0.001);
  EXPECT_NEAR(rsb.gflops, 2 * 4.089, 0.01);
  EXPECT_EQ(rsb.torchvision, "resnet50");
  EXPECT_NEAR(*paper.top1, 100 - 22.85, 1e-9);  // Table 3, 10-crop
  EXPECT_EQ(paper.eval, "10-crop");
}

TEST(ShippedImageNet, VitB16CountsItsAttention) {
  // ViT-B/16 at 224: 196 patches + class token = 197 tokens, d = 768, 12 layers.
  //   per layer: 197 x 12 x 768^2 (QKV, output, 4x MLP) = 1,394.3 M
  //            + 2 x 197^2 x 768 (Q.K^T and A.V)         =    59.6 M
  //   x 12 = 17,447.4 M; patch embedding 196 x 768 x 768 = 115.6 M; head 0.8 M
  //   total 17,563.8 M  (torchvision docs: 17.56 GFLOPS; timm benchmark: 17.58 GMACs)
  const auto& m = vision("ViT-B/16");
  EXPECT_NEAR(m.gmacs, 17.564, 0.001);
  EXPECT_EQ(m.resolution, 224);
  EXPECT_EQ(m.extra_data, "imagenet-21k");
  EXPECT_EQ(m.torchvision, "vit_b_16");
}

TEST(ShippedImageNet, TorchvisionRowsMatchTorchvisionsPublishedCounts) {
  // pytorch.org/vision/stable/models.html lists "GFLOPS" that are multiply-adds; ours are
  // counted independently by scripts/datasets/count_macs.py.
  const std::map<std::string, std::pair<double, double>> published = {
      {"alexnet", {0.71, 61.1}},        {"vgg16", {15.47, 138.4}},
      {"resnet18", {1.81, 11.7}},       {"resnet50", {4.09, 25.6}},
      {"efficientnet_b0", {0.39, 5.3}}, {"vit_b_16", {17.56, 86.6}},
      {"convnext_tiny", {4.46, 28.6}},  {"squeezenet1_0", {0.82, 1.2}}};
  std::set<std::string> seen;
  for (const auto& m : imagenet()) {
    if (m.torchvision.empty()) continue;
    const auto it = published.find(m.torchvision);
    ASSERT_NE(it, published.end()) << m.torchvision;
    EXPECT_NEAR(m.gmacs, it->second.first, 0.006) << m.name;
    EXPECT_NEAR(m.params_m, it->second.second, 0.06) << m.name;
    EXPECT_EQ(m.gmacs_from, "count") << m.name;
    seen.insert(m.torchvision);
  }
  EXPECT_EQ(seen.size(), published.size());
}

TEST(ShippedImageNet, PaperMultiplyAddsAreNormalisedToGflops) {
  // EfficientNet Table 2 prints B7 at "37B FLOPs" -- multiply-adds: timm counts 38.33 GMACs,
  // so gflops = 76.66, twice the printed figure.
  const auto& b7 = vision("EfficientNet-B7");
  EXPECT_NEAR(*b7.paper_gflops, 37, 1e-9);
  EXPECT_NEAR(b7.gmacs, 38.33, 1e-9);
  EXPECT_NEAR(b7.gflops, 76.66, 1e-9);
  // MobileNet (Howard et al. 2017, Table 8): 569 M mult-adds, 70.6 %.
  const auto& mobilenet = vision("MobileNet");
  EXPECT_NEAR(mobilenet.gmacs, 0.569, 1e-9);
  EXPECT_NEAR(mobilenet.gflops, 1.138, 1e-9);
  // OverLoCK's README prints OverLoCK-T at "5.5 FLOPs (G)"; its abstract puts that at a third of
  // ConvNeXt-B's 15.4 GMACs, so the figure is multiply-adds: gflops = 11.0.
  const auto& overlock = vision("OverLoCK-T");
  EXPECT_NEAR(*overlock.paper_gflops, 5.5, 1e-9);
  EXPECT_NEAR(overlock.gmacs, 5.5, 1e-9);
  EXPECT_NEAR(overlock.gflops, 11.0, 1e-9);
}

TEST(ShippedImageNet, ReachesTwentyTwentyFiveWithTheAuthorsOwnNumbers) {
  // The timm snapshot holds none of the 2025 papers' models, so the 2025 rows (GSPN, iFormer,
  // OverLoCK, LSNet: 15 models) carry the authors' accuracy and multiply-adds; all were trained
  // on ImageNet-1k alone.
  std::size_t in_2025 = 0;
  for (const auto& m : imagenet()) {
    if (m.date.year != 2025) continue;
    ++in_2025;
    EXPECT_EQ(m.metrics_from, "paper") << m.name;
    EXPECT_EQ(m.gmacs_from, "paper") << m.name;
    EXPECT_FALSE(m.uses_extra_data()) << m.name;
  }
  EXPECT_GE(in_2025, 15u);
}

TEST(ShippedImageNet, ExtraDataFlagsFollowThePretraining) {
  EXPECT_EQ(vision("EfficientNet-L2 (Noisy Student)").extra_data, "jft-300m");
  EXPECT_EQ(vision("ResNeXt-101 32x48d (WSL)").extra_data, "ig-3.5b");
  EXPECT_EQ(vision("Swin-L (ImageNet-22k, 384)").extra_data, "imagenet-21k");
  EXPECT_EQ(vision("EVA-02-L (448)").extra_data, "merged-38m");
  EXPECT_EQ(vision("DeiT-B distilled (384)").extra_data, "none");  // teacher saw ImageNet-1k only
  EXPECT_FALSE(vision("ResNet-50").uses_extra_data());
}

// ---------------------------------------------------------------------------------------------
// GLUE models.

TEST(ShippedGlue, LoadsAndCoversTheStudyRows) {
  EXPECT_GE(glue().size(), 30u);
  for (const char* name :
       {"Transformer (base)", "ELMo", "GPT-1", "BERT-Small", "BERT-Base", "BERT-Large", "GPT-2",
        "Megatron-LM 8.3B", "ALBERT-base", "ALBERT-xxlarge", "ELECTRA-Small", "ELECTRA-Base",
        "ELECTRA-Large", "MobileBERT", "MobileBERT-tiny", "SqueezeBERT", "BERT-of-Theseus 6/768",
        "GPT-3 175B"}) {
    EXPECT_NO_THROW(language(name)) << name;
  }
  const auto table = read_csv(kData / "models-glue.csv");
  const auto date_col = table.column("source_date");
  const auto compute_col = table.column("source_compute");
  const auto glue_col = table.column("glue_test");
  const auto glue_src = table.column("source_glue");
  for (const auto& row : table.rows) {
    EXPECT_FALSE(table.field(row, date_col).empty()) << table.where(row, date_col);
    EXPECT_FALSE(table.field(row, compute_col).empty()) << table.where(row, compute_col);
    if (!table.field(row, glue_col).empty()) {
      EXPECT_FALSE(table.field(row, glue_src).empty()) << table.where(row, glue_src);
    }
  }
}

TEST(ShippedGlue, DatesRunFromTheTransformerToTheLatestModels) {
  const auto& all = glue();
  const auto [first, last] = std::minmax_element(
      all.begin(), all.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  EXPECT_EQ(first->name, "Transformer (base)");
  EXPECT_EQ(first->date, (Date{2017, 6, 12}));
  EXPECT_GE(last->date.year, 2025);
}

TEST(ShippedGlue, ElectraTableOneValues) {
  // Clark et al. 2020 (ELECTRA), Table 1, inference FLOPs at length 128: BERT-Small 3.7e9,
  // BERT-Base 2.9e10, ELMo 2.6e10, GPT 3.0e10; ELECTRA-Small/Base equal BERT-Small/Base.
  EXPECT_DOUBLE_EQ(language("BERT-Base").gflops, 29);
  EXPECT_EQ(language("BERT-Base").input_tokens, 128);
  EXPECT_DOUBLE_EQ(language("BERT-Small").gflops, 3.7);
  EXPECT_DOUBLE_EQ(language("ELMo").gflops, 26);
  EXPECT_DOUBLE_EQ(language("GPT-1").gflops, 30);
  EXPECT_DOUBLE_EQ(language("ELECTRA-Small").gflops, language("BERT-Small").gflops);
  EXPECT_DOUBLE_EQ(language("ELECTRA-Base").gflops, language("BERT-Base").gflops);
  // GLUE test averages: BERT Table 1 (79.6, 82.1); the ELECTRA README (77.4).
  EXPECT_DOUBLE_EQ(*language("BERT-Base").glue_test, 79.6);
  EXPECT_DOUBLE_EQ(*language("BERT-Large").glue_test, 82.1);
  EXPECT_DOUBLE_EQ(*language("ELECTRA-Small").glue_test, 77.4);
  // TinyBERT (Jiao et al. 2019) Table 1: TinyBERT4's GLUE test 'Avg' 77.0, no WNLI column.
  EXPECT_DOUBLE_EQ(*language("TinyBERT-4").glue_test, 77.0);
  EXPECT_EQ(language("TinyBERT-4").glue_convention, "no-wnli");
  // BERT's Table 1 average leaves WNLI out; RoBERTa's Table 5 is the leaderboard score.
  EXPECT_EQ(language("BERT-Base").glue_convention, "no-wnli");
  EXPECT_EQ(language("RoBERTa-Large").glue_convention, "leaderboard");
  for (const auto& m : glue()) {
    EXPECT_EQ(m.glue_test.has_value(), !m.glue_convention.empty()) << m.name;
  }
}

TEST(ShippedGlue, DerivedRowsFollowTheStatedFormula) {
  // GFLOPs = 2 x block params x n + 4 x L x n^2 x d (data/README.md).
  // GPT-3 (Brown et al. 2020, Table 2.1): L = 96, d = 12288, n = 2048, block = 12 d^2.
  const double block = 96 * 12.0 * 12288 * 12288;
  const double gpt3 = (2 * block * 2048 + 4 * 96 * 2048.0 * 2048 * 12288) / 1e9;
  EXPECT_NEAR(language("GPT-3 175B").gflops, gpt3, 1);
  EXPECT_EQ(language("GPT-3 175B").gflops_method, "derived");
  // The same formula lands on the study's GPT-2 value: 48 layers, d = 1600, n = 1024.
  const double gpt2 = (2 * 48 * 12.0 * 1600 * 1600 * 1024 + 4 * 48 * 1024.0 * 1024 * 1600) / 1e9;
  EXPECT_NEAR(gpt2 / language("GPT-2").gflops, 1.0, 0.02);
}

// ---------------------------------------------------------------------------------------------
// References.

TEST(ShippedReferences, DerivedConstantsFollowFromTheirInputs) {
  // 2,000 kcal/day x 4,184 J/kcal / 86,400 s = 96.85 W.
  EXPECT_NEAR(ref("human_internal_power"), ref("human_food_energy") * ref("kcal_in_joules") / 86400,
              0.01);
  EXPECT_NEAR(ref("world_power_per_capita"),
              ref("world_primary_energy_2019") * 1e18 / ref("world_population_2019") /
                  ref("seconds_per_year"),
              1);
  EXPECT_NEAR(ref("us_power_per_capita"),
              ref("us_primary_energy_2019") * 1e15 * ref("btu_in_joules") /
                  ref("us_population_2019") / ref("seconds_per_year"),
              1);
  EXPECT_DOUBLE_EQ(ref("human_brain_power"), 20);
  EXPECT_EQ(find_reference(references(), "human_brain_power").unit, "W");
}

TEST(ShippedReferences, UnknownIdSuggestsTheClosest) {
  try {
    (void)find_reference(references(), "human_brain_powr");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("did you mean human_brain_power"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace infergy
