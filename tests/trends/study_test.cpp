// The whole study: human references and the multiplicative factor worked by hand, a user's model
// file (merged, replaced, malformed), and the study's qualitative findings on the shipped data.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "infergy/error.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {
namespace {

namespace fs = std::filesystem;

const std::string kReferences =
    "id,quantity,value,unit,year,source\n"
    "human_brain_power,brain,20,W,2002,https://example.com/brain\n"
    "human_internal_power,internal,100,W,2016,https://example.com/internal\n"
    "world_power_per_capita,world,2400,W,2019,https://example.com/world\n"
    "us_power_per_capita,us,10000,W,2019,https://example.com/us\n"
    "human_task_seconds,task,2,s,2021,https://example.com/task\n";

TEST(Humans, PowerTimesTaskSeconds) {
  const auto humans = human_references(parse_references(kReferences, "refs.csv"));
  ASSERT_EQ(humans.size(), 4u);
  // 20 W × 2 s = 40 J; 100 × 2 = 200; 2400 × 2 = 4800; 10000 × 2 = 20000.
  const double expected[] = {40, 200, 4800, 20000};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(humans[i].joules, expected[i]) << humans[i].id;
    EXPECT_DOUBLE_EQ(humans[i].seconds, 2);
  }
  EXPECT_EQ(humans[1].id, "human_internal_power");
  EXPECT_EQ(humans[1].source, "https://example.com/internal");
}

TEST(Humans, MissingOrMisunitedReferencesAreInputErrors) {
  const std::string no_task = kReferences.substr(0, kReferences.find("human_task_seconds"));
  EXPECT_THROW((void)human_references(parse_references(no_task, "refs.csv")), Error);
  std::string watts_in_kw = kReferences;
  watts_in_kw.replace(watts_in_kw.find("2400,W"), 6, "2.4,kW");
  try {
    (void)human_references(parse_references(watts_in_kw, "refs.csv"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'world_power_per_capita' is in 'kW'"), std::string::npos)
        << e.what();
  }
}

TEST(Humans, ModelsAboveEachReference) {
  DomainStudy d;
  d.domain = Domain::glue;
  for (double j : {10.0, 50.0, 150.0, 5000.0}) {
    ModelPoint m;
    m.name = "m" + std::to_string(static_cast<int>(j));
    m.joules = j;
    d.models.push_back(m);
  }
  d.models.push_back(ModelPoint{});  // no joules: not counted
  const auto humans = human_references(parse_references(kReferences, "refs.csv"));
  const auto c = compare_with_humans(humans, d);
  ASSERT_EQ(c.size(), 4u);
  // Above 40 J: 50, 150, 5000; above 200: 5000; above 4800: 5000; above 20000: none.
  const std::size_t above[] = {3, 1, 1, 0};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(c[i].models, 4u);
    EXPECT_EQ(c[i].above, above[i]);
    EXPECT_EQ(c[i].most_model, "m5000");
    EXPECT_DOUBLE_EQ(c[i].most_joules, 5000);
  }
}

TEST(MultiplicativeFactor, JoulesTimesVolume) {
  Study s;
  ModelPoint m;
  m.name = "Net";
  m.joules = 0.1;
  s.imagenet.models.push_back(m);
  ModelPoint lm;
  lm.name = "LM";
  lm.joules = 1800;
  s.glue.domain = Domain::glue;
  s.glue.models.push_back(lm);
  std::vector<std::string> missing;
  const auto rows = multiplicative_factor(s, {"net", "LM", "Nope"}, {1e9, 1e11}, &missing);
  ASSERT_EQ(rows.size(), 4u);
  // 0.1 J × 1e9 / day = 1e8 J = 1e8 / 3.6e6 kWh = 27.78 kWh/day; × 365 / 1000 = 10.14 MWh/year.
  EXPECT_EQ(rows[0].model, "Net");
  EXPECT_NEAR(rows[0].kwh_per_day, 1e8 / 3.6e6, 1e-9);
  EXPECT_NEAR(rows[0].mwh_per_year, 1e8 / 3.6e6 * 365 / 1000, 1e-9);
  EXPECT_NEAR(rows[1].kwh_per_day, 1e10 / 3.6e6, 1e-7);
  // 1800 J × 1e11 = 1.8e14 J = 5e7 kWh/day = 1.825e7 MWh/year.
  EXPECT_EQ(rows[3].domain, Domain::glue);
  EXPECT_NEAR(rows[3].kwh_per_day, 5e7, 1e-3);
  EXPECT_NEAR(rows[3].mwh_per_year, 1.825e7, 1e-3);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], "Nope");
}

const std::string kImageNetHeader =
    "name,family,date,params_m,gmacs,gflops,resolution,top1,top5,extra_data,source_date,"
    "source_metrics\n";

TEST(UserModels, DetectedByHeaderMergedByName) {
  EXPECT_EQ(detect_model_file(kImageNetHeader, "a.csv"), Domain::imagenet);
  EXPECT_EQ(detect_model_file("# note\nname,date,params_m,gflops,input_tokens,gflops_method,"
                              "glue_test,source_date\n",
                              "b.csv"),
            Domain::glue);
  try {
    (void)detect_model_file("name,date,params_m\n", "c.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("c.csv: not a model file"), std::string::npos);
  }

  std::vector<GlueModel> shipped(2);
  shipped[0].name = "BERT-Base";
  shipped[0].gflops = 29;
  shipped[1].name = "GPT-2";
  std::vector<GlueModel> user(2);
  user[0].name = "bert-base";  // replaces, ignoring case
  user[0].gflops = 22.5;
  user[1].name = "Mine";
  merge_models(shipped, user);
  ASSERT_EQ(shipped.size(), 3u);
  EXPECT_DOUBLE_EQ(shipped[0].gflops, 22.5);
  EXPECT_EQ(shipped[2].name, "Mine");
}

fs::path write_temp(const std::string& name, const std::string& text) {
  const auto path =
      fs::temp_directory_path() / ("infergy_trends_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path;
}

// Line 2: a good row; line 3: a negative parameter count (column 4); line 4: good.
const std::string kUserFile =
    kImageNetHeader +
    "My Net,Mine,2023-03-01,12,1.5,3,224,81.5,95.5,none,https://example.com/mine,"
    "https://example.com/mine\n"
    "Broken,Mine,2023-04-01,-3,1,2,224,70,90,none,https://example.com/b,https://example.com/b\n"
    "AlexNet,AlexNet,2012-12-03,61,0.7,1.4,224,60,80,none,https://example.com/a,"
    "https://example.com/a\n";

TEST(UserModels, MalformedRowsSkippedWithFileLineColumnOrFatal) {
  const auto path = write_temp("models.csv", kUserFile);
  InputFiles files;
  files.data_dir = INFERGY_DATA_DIR;
  files.model_files = {path};
  LoadReport report;
  const auto shipped = load_imagenet_models(fs::path(INFERGY_DATA_DIR) / "models-imagenet.csv");
  const auto in = load_study_inputs(files, &report);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].rfind(path.string() + ":3:4 (params_m):", 0), 0u)
      << report.problems[0];
  // My Net added; AlexNet replaced (same name), so one row more than shipped.
  EXPECT_EQ(in.imagenet.size(), shipped.size() + 1);
  const auto alexnet = std::find_if(in.imagenet.begin(), in.imagenet.end(),
                                    [](const auto& m) { return m.name == "AlexNet"; });
  EXPECT_DOUBLE_EQ(alexnet->gflops, 1.4);

  files.policy = RowPolicy::fatal;
  try {
    (void)load_study_inputs(files, nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":3:4 (params_m):", 0), 0u) << e.what();
  }

  files.policy = RowPolicy::skip;
  files.replace_models = true;
  const auto replaced = load_study_inputs(files, nullptr);
  EXPECT_EQ(replaced.imagenet.size(), 2u);  // My Net and AlexNet; the shipped file is gone
  EXPECT_GT(replaced.glue.size(), 0u);      // the other kind is untouched
  fs::remove(path);
}

TEST(UserModels, UnreadableFileIsNoInput) {
  InputFiles files;
  files.data_dir = INFERGY_DATA_DIR;
  files.model_files = {"/nonexistent/models.csv"};
  try {
    (void)load_study_inputs(files, nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::no_input);
  }
}

// -------------------------------------------------------------------------------------------
// The study's findings on the shipped data (Desislavov et al.: hardware efficiency grows
// exponentially; the best models grow faster than the rest; energy per inference grows much
// more softly than compute).

const Study& shipped() {
  static const Study s = [] {
    InputFiles files;
    files.data_dir = INFERGY_DATA_DIR;
    return run_study(load_study_inputs(files), StudyOptions{});
  }();
  return s;
}

void print(const Trend& t) {
  std::cout << "  " << t.label << ": n=" << t.n;
  if (t.fit) {
    std::cout << " slope=" << t.fit->slope << " log10/yr [" << t.fit->slope_ci.low << ", "
              << t.fit->slope_ci.high << "], months=" << t.growth->months
              << (t.growth->halving ? " (halving)" : " (doubling)") << " R2=" << t.fit->r2
              << " p=" << t.fit->p_slope;
  }
  std::cout << "\n";
}

const Trend& hardware(const std::string& id) {
  for (const auto& s : shipped().hardware.series) {
    if (s.id == id) return s.trend;
  }
  throw std::runtime_error("no series " + id);
}

TEST(ShippedStudy, HardwareEfficiencyGrowsExponentially) {
  for (const char* id : {"fp32-vector", "fp16-matrix"}) {
    const auto& t = hardware(id);
    print(t);
    ASSERT_TRUE(t.fit) << id;
    EXPECT_GT(t.fit->slope, 0) << id;
    EXPECT_GT(t.fit->slope_ci.low, 0) << id;
    EXPECT_LT(t.fit->p_slope, 0.05) << id;
  }
  // FP32 GFLOPS/W over 15 years: tight enough to read a doubling time between 2 and 6 years.
  EXPECT_GT(hardware("fp32-vector").growth->months, 24);
  EXPECT_LT(hardware("fp32-vector").growth->months, 72);
}

TEST(ShippedStudy, TheStudysGpusAreInTheirSeries) {
  // The study's own GPU rows (/work/shared/data/study/gpus.csv, GFLOPS/W as printed there, two
  // decimals) are points of the series its figure draws them on.
  struct Row {
    const char* id;
    const char* series;
    double gflops_per_watt;
  };
  const Row rows[] = {
      {"gtx-580", "fp32-vector", 6.48},
      {"k10", "fp32-vector", 20.36},
      {"titan-x-pascal", "fp32-vector", 43.88},
      {"titan-xp", "fp32-vector", 48.60},
      {"gtx-1080", "fp32-vector", 49.29},
      {"rtx-2080", "fp32-vector", 46.84},
      {"rtx-2080", "fp16-vector", 93.67},
      {"rtx-3090", "fp32-vector", 101.71},
      {"v100-sxm2-16gb", "fp16-matrix", 416.67},
      {"a100-sxm4-40gb", "fp32-vector", 48.75},
      {"a30", "fp32-vector", 62.42},
      {"a30", "fp16-matrix", 1000.00},
  };
  for (const auto& r : rows) {
    const HardwareSeries* series = nullptr;
    for (const auto& s : shipped().hardware.series) {
      if (s.id == r.series) series = &s;
    }
    ASSERT_NE(series, nullptr) << r.series;
    const auto p = std::find_if(series->points.begin(), series->points.end(),
                                [&](const HardwarePoint& h) { return h.id == r.id; });
    ASSERT_NE(p, series->points.end()) << r.id << " in " << r.series;
    EXPECT_NEAR(p->gflops_per_watt, r.gflops_per_watt, 0.005) << r.id << " " << r.series;
  }
}

TEST(ShippedStudy, BestModelsGrowFasterThanAllModels) {
  for (const auto* d : {&shipped().imagenet, &shipped().glue}) {
    const auto& all = d->trends_of(Quantity::gflops).all;
    const auto& best = d->trends_of(Quantity::gflops).best;
    print(all);
    print(best);
    ASSERT_TRUE(all.fit && best.fit);
    EXPECT_GT(best.fit->slope, all.fit->slope) << all.label;
  }
  // ImageNet: even the lower end of the best models' slope CI is above the all-models slope.
  const auto& in = shipped().imagenet.trends_of(Quantity::gflops);
  EXPECT_GT(in.best.fit->slope_ci.low, in.all.fit->slope);
  EXPECT_LT(in.best.fit->p_slope, 0.05);
}

TEST(ShippedStudy, EnergyGrowsMoreSlowlyThanCompute) {
  for (const auto* d : {&shipped().imagenet, &shipped().glue}) {
    for (auto subset : {&QuantityTrends::all, &QuantityTrends::best}) {
      const auto& gflops = d->trends_of(Quantity::gflops).*subset;
      const auto& joules = d->trends_of(Quantity::joules).*subset;
      print(gflops);
      print(joules);
      ASSERT_TRUE(gflops.fit && joules.fit);
      EXPECT_LT(joules.fit->slope, gflops.fit->slope) << joules.label;
    }
  }
  // ImageNet, all models: energy per inference does not grow at all (its slope CI is below 0).
  EXPECT_LT(shipped().imagenet.trends_of(Quantity::joules).all.fit->slope_ci.high, 0);
}

TEST(ShippedStudy, EveryModelHasHardwareAndJoules) {
  EXPECT_TRUE(shipped().notes.empty()) << shipped().notes.front();
  for (const auto* d : {&shipped().imagenet, &shipped().glue}) {
    for (const auto& m : d->models) EXPECT_TRUE(m.joules) << m.name << ": " << m.hardware_missing;
  }
  // The study's worked example: BERT-Base (29 GFLOPs, 2018-10) on V100-class tensor cores. The
  // best NVIDIA card with tensor cores by then is the T4 (65 TFLOPS FP16 / 70 W = 928.6).
  const auto* bert = shipped().glue.find("BERT-Base");
  ASSERT_NE(bert, nullptr);
  EXPECT_EQ(bert->hardware->device_id, "t4");
  EXPECT_NEAR(*bert->joules, 29.0 / (65.0 * 1000 / 70), 1e-12);
}

}  // namespace
}  // namespace infergy::trends
