// The report's renderings on a study small enough to know every number, then the report
// directory: every file written, figures really rendered by gnuplot, nothing overwritten without
// force, and a usable report when gnuplot is missing.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/report.hpp"
#include "report/plot.hpp"
#include "trends/run_cli.hpp"

namespace infergy::report {
namespace {

namespace fs = std::filesystem;

// old: FP32 2 TFLOPS / 200 W = 10 GFLOPS/W (2012); tensor: FP16 matrix 120 / 300 = 400 (2017-06).
const std::string kGpus =
    "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
    "fp16_matrix_tflops,sources\n"
    "old,Old GPU,NVIDIA,desktop-gpu,2012-01-01,200,2,,,https://example.com/old\n"
    "tensor,Tensor GPU,NVIDIA,server-gpu,2017-06-21,300,15,30,120,https://example.com/t\n";

// GFLOPs 1, 2, 4, 8 on 2013..2016-01-01 (decimal years 2013..2016, all FP32 era on old at 10
// GFLOPS/W: 0.1, 0.2, 0.4, 0.8 J) with Top-1 70, 75, 72, 80: best = A, B, D, whose GFLOPs
// double every year exactly (12 months).
const std::string kImageNet =
    "name,family,date,params_m,gmacs,gflops,resolution,top1,top5,extra_data,source_date,"
    "source_metrics\n"
    "A,X,2013-01-01,10,0.5,1,224,70,90,none,https://example.com/a,https://example.com/a\n"
    "B,X,2014-01-01,10,1,2,224,75,90,none,https://example.com/b,https://example.com/b\n"
    "C,X,2015-01-01,10,2,4,224,72,90,jft-300m,https://example.com/c,https://example.com/c\n"
    "D,X,2016-01-01,10,4,8,224,80,95,none,https://example.com/d,https://example.com/d\n";

const std::string kGlue =
    "name,date,params_m,gflops,input_tokens,gflops_method,glue_test,source_date\n"
    "BERT-Base,2018-10-11,110,29,128,paper,79.6,https://arxiv.org/abs/1810.04805\n"
    "BERT-Large,2018-10-11,335,79,128,paper,82.1,https://arxiv.org/abs/1810.04805\n"
    "GPT-2,2019-02-14,1542,3400,1024,study,,https://openai.com/blog/better-language-models\n";

const std::string kReferences =
    "id,quantity,value,unit,year,source\n"
    "human_brain_power,brain,20,W,2002,https://example.com/brain\n"
    "human_internal_power,internal,96.85,W,2016,https://example.com/internal\n"
    "world_power_per_capita,world,2400,W,2019,https://example.com/world\n"
    "us_power_per_capita,us,10213,W,2019,https://example.com/us\n"
    "human_task_seconds,task,1,s,2021,https://example.com/task\n";

trends::StudyInputs small_inputs(bool with_glue = true) {
  return {hw::Catalogue::parse(kGpus, "gpus.csv"), parse_imagenet_models(kImageNet, "in.csv"),
          with_glue ? parse_glue_models(kGlue, "glue.csv") : std::vector<GlueModel>{},
          parse_references(kReferences, "refs.csv")};
}

trends::StudyOptions small_options() {
  trends::StudyOptions o;
  o.factor_models = {"B", "BERT-Base"};
  o.factor_volumes = {1e9};
  o.notable_models = {"A", "D", "BERT-Base"};
  return o;
}

const trends::Study& small() {
  static const trends::Study s = trends::run_study(small_inputs(), small_options());
  return s;
}

const std::vector<std::string>* row_of(const Table& t, const std::string& first,
                                       const std::string& second, const std::string& third) {
  for (const auto& r : t.rows()) {
    if (r.size() >= 3 && r[0] == first && r[1] == second && r[2] == third) return &r;
  }
  return nullptr;
}

TEST(Tables, TrendsTableShowsTheFittedNumbers) {
  const auto table = trends_table(small().trends());
  const auto* best = row_of(table, "imagenet", "gflops", "best");
  ASSERT_NE(best, nullptr);
  // n, years, slope = log10 2 = 0.30103, ×2 per year, doubling 12 months, R² 1.
  EXPECT_EQ((*best)[3], "3");
  EXPECT_EQ((*best)[4], "2013.0-2016.0");
  EXPECT_EQ((*best)[5], "0.301");
  EXPECT_EQ((*best)[7], "2");
  EXPECT_EQ((*best)[8], "doubles");
  EXPECT_EQ((*best)[9], "12");
  EXPECT_EQ((*best)[11], "1");
  // GLUE's best models: BERT-Large alone (BERT-Base shares its date with a lower score, GPT-2
  // has none): nothing to fit, and the row says so.
  const auto* glue = row_of(table, "glue", "gflops", "best");
  ASSERT_NE(glue, nullptr);
  EXPECT_EQ((*glue)[3], "1");
  EXPECT_NE((*glue)[8].find("not fitted"), std::string::npos);
}

TEST(Tables, DescribeGrowth) {
  const auto& q = small().imagenet.trends_of(trends::Quantity::gflops);
  EXPECT_EQ(describe_growth(q.best), "doubles every 12 months [12, 12]");
  trends::Trend halving = q.best;
  halving.growth = stats::growth_from_log10_slope(-std::log10(2.0) / 2, {-0.2, -0.1});
  // Halves every 24 months; the CI maps −0.2 → 18.06 and −0.1 → 36.12 months.
  EXPECT_EQ(describe_growth(halving), "halves every 24 months [18.1, 36.1]");
  trends::Trend unfitted;
  unfitted.skipped = "n = 2";
  EXPECT_EQ(describe_growth(unfitted), "not fitted: n = 2");
}

TEST(Tables, ModelsAndFactorTables) {
  const auto models = models_table(small().imagenet);
  ASSERT_EQ(models.rows().size(), 4u);
  const auto& c = models.rows()[2];
  EXPECT_EQ(c[0], "C");
  EXPECT_EQ(c[5], "yes");   // extra data
  EXPECT_EQ(c[8], "old");   // device
  EXPECT_EQ(c[9], "10");    // GFLOPS/W
  EXPECT_EQ(c[10], "0.4");  // 4 GFLOPs / 10
  EXPECT_EQ(c[11], "");     // not a record setter
  EXPECT_EQ(c[13], "https://example.com/c");
  // B: 0.2 J × 1e9 per day = 2e8 J = 55.56 kWh/day = 20.28 MWh/year.
  const auto factor = factor_table(small());
  ASSERT_EQ(factor.rows().size(), 2u);
  EXPECT_EQ(factor.rows()[0][0], "B");
  EXPECT_EQ(factor.rows()[0][4], "55.56");
  EXPECT_EQ(factor.rows()[0][5], "20.28");
  // BERT-Base on the tensor card: 29 / 400 = 0.0725 J.
  EXPECT_EQ(factor.rows()[1][2], "0.0725");
}

TEST(Json, EveryNumberWithAllItsDigits) {
  const auto j = nlohmann::json::parse(study_json(small()));
  for (const char* key : {"options", "hardware", "imagenet", "glue", "humans", "factor", "notes"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  nlohmann::json best, joules_best;
  for (const auto& t : j["imagenet"]["trends"]) {
    if (t["quantity"] == "gflops" && t["subset"] == "best") best = t;
  }
  EXPECT_NEAR(best["slope_log10_per_year"].get<double>(), std::log10(2.0), 1e-12);
  EXPECT_NEAR(best["months"].get<double>(), 12.0, 1e-9);
  EXPECT_EQ(best["direction"], "doubling");
  EXPECT_EQ(j["options"]["eras_spec"], "fp32-vector,2017-06-21:fp16-matrix,2020-05-14:tf32-matrix");
  EXPECT_DOUBLE_EQ(j["imagenet"]["models"][2]["joules"].get<double>(), 0.4);
  EXPECT_EQ(j["imagenet"]["best"], nlohmann::json::array({"A", "B", "D"}));
  EXPECT_DOUBLE_EQ(j["humans"]["references"][1]["joules"].get<double>(), 96.85);
  // Only part of it.
  const auto part = nlohmann::json::parse(study_json(small(), {"glue"}));
  EXPECT_TRUE(part.contains("glue"));
  EXPECT_FALSE(part.contains("imagenet"));
}

TEST(Json, UnboundedIntervalsAreNull) {
  // A trend whose slope CI reaches 0 has no upper doubling time: JSON null, not "inf".
  trends::Study s = small();
  auto& t = s.imagenet.quantities[0].all;
  t.growth = stats::growth_from_log10_slope(0.1, {-0.05, 0.25});
  const auto j = nlohmann::json::parse(study_json(s, {"imagenet"}));
  EXPECT_TRUE(j["imagenet"]["trends"][0]["months_ci"][1].is_null());
  EXPECT_FALSE(j["imagenet"]["trends"][0]["opposite_months"].is_null());
}

TEST(Figures, TheStudysSetOfScripts) {
  const auto figs = figures(small());
  EXPECT_GE(figs.size(), 12u);
  std::set<std::string> names;
  for (const auto& f : figs) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_FALSE(f.title.empty());
    EXPECT_FALSE(f.caption.empty()) << f.name;
    // One plot command, at the end; no shell escapes.
    EXPECT_EQ(f.body.find("\nplot "), f.body.rfind("\nplot ")) << f.name;
    EXPECT_EQ(f.body.find("system("), std::string::npos);
    EXPECT_EQ(f.body.find('`'), std::string::npos) << f.name;
    const auto script = gnuplot_script(f, "png");
    EXPECT_NE(script.find("set output '" + f.name + ".svg'"), std::string::npos);
    EXPECT_NE(script.find("set terminal png "), std::string::npos);
    EXPECT_NE(script.find("set output '" + f.name + ".png'\nreplot"), std::string::npos);
  }
  for (const char* expected :
       {"hardware-efficiency", "hardware-at-date", "imagenet-gflops", "imagenet-params",
        "imagenet-joules", "imagenet-score-vs-gflops", "imagenet-score-vs-joules",
        "imagenet-front-by-year", "glue-gflops", "glue-joules", "glue-score-vs-gflops",
        "joules-vs-humans", "multiplicative-factor"}) {
    EXPECT_TRUE(names.count(expected)) << expected;
  }
  // Notable models are labelled, as data text (noenhanced).
  const auto gflops = std::find_if(figs.begin(), figs.end(),
                                   [](const Figure& f) { return f.name == "imagenet-gflops"; });
  EXPECT_NE(gflops->body.find("\"A\" at 2013,1 "), std::string::npos);
  EXPECT_NE(gflops->body.find("noenhanced"), std::string::npos);
  EXPECT_NE(gflops->body.find("set logscale y"), std::string::npos);
}

TEST(Figures, QuotingAndLabelPlacement) {
  // Double-quoted: an apostrophe is plain, a newline is shown as \n (escaped for gnuplot).
  EXPECT_EQ(gnuplot_string("it's"), "\"it's\"");
  EXPECT_EQ(gnuplot_string("a\nb"), "\"a\\\\nb\"");
  EXPECT_EQ(gnuplot_string("x_{2}^3"), "\"x_{2}^3\"");  // used with noenhanced

  using detail::place_labels;
  // Two labels on one point: the second moves to another side.
  auto p = place_labels({{0.5, 0.5}, {0.5, 0.5}}, {8, 8}, {}, 0.01, 0.03);
  EXPECT_FALSE(p[0].dx_chars == p[1].dx_chars && p[0].dy_lines == p[1].dy_lines);
  // A long label near the right edge goes to the left of its point.
  p = place_labels({{0.95, 0.5}}, {20}, {}, 0.01, 0.03);
  EXPECT_TRUE(p[0].right_aligned);
  // Near the top, below its point.
  p = place_labels({{0.3, 0.99}}, {5}, {}, 0.01, 0.03);
  EXPECT_LT(p[0].dy_lines, 0);
  // A marker right above-right of the point pushes the label elsewhere.
  p = place_labels({{0.3, 0.5}}, {5}, {{0.33, 0.515}}, 0.01, 0.03);
  EXPECT_FALSE(p[0].dx_chars > 0 && p[0].dy_lines > 0);
  EXPECT_DOUBLE_EQ(detail::overlap({0, 1, 0, 1}, {0.5, 2, 0.5, 2}), 0.25);
  EXPECT_DOUBLE_EQ(detail::overlap({0, 1, 0, 1}, {1, 2, 0, 1}), 0.0);
}

// -------------------------------------------------------------------------------------------
// The report directory.

bool gnuplot_available() {
  return std::system("gnuplot --version > /dev/null 2>&1") == 0;
}

std::string slurp(const fs::path& p) {
  return test::read_all(p);
}

bool is_png(const fs::path& p) {
  const auto bytes = slurp(p);
  return bytes.size() > 100 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
}

bool is_svg(const fs::path& p) {
  const auto text = slurp(p);
  return text.size() > 100 && text.find("<svg") != std::string::npos &&
         text.find("</svg>") != std::string::npos;
}

void expect_complete(const fs::path& dir, const ReportResult& r, const trends::Study& study) {
  EXPECT_TRUE(r.figures_skipped.empty()) << r.figures_skipped;
  const auto figs = figures(study);
  EXPECT_EQ(r.figures_rendered, figs.size());
  for (const auto& m : r.gnuplot_messages) ADD_FAILURE() << "gnuplot said: " << m;
  for (const auto& f : figs) {
    EXPECT_TRUE(is_svg(dir / "figures" / (f.name + ".svg"))) << f.name;
    EXPECT_TRUE(is_png(dir / "figures" / (f.name + ".png"))) << f.name;
  }
  for (const auto& f : r.files) EXPECT_GT(fs::file_size(dir / f), 0u) << f;
  const auto html = slurp(dir / "index.html");
  for (const auto& f : figs) {
    EXPECT_NE(html.find("<img src=\"figures/" + f.name + ".svg\""), std::string::npos) << f.name;
  }
  for (const char* credit : {"Epoch AI", "CC BY 4.0", "Apache-2.0", "arXiv 2109.05472"}) {
    EXPECT_NE(html.find(credit), std::string::npos) << credit;
  }
  EXPECT_EQ(html.find("Figures were skipped"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(slurp(dir / "data" / "study.json")));
}

TEST(Figures, ABlockWithNothingToDrawIsLeftOut) {
  // gnuplot fails on an element with no defined point ("all points y value undefined"), as when a
  // GPU filter leaves no model any hardware: such a block is dropped and the frame says so.
  detail::Plot p("t");
  EXPECT_EQ(p.block("B", {{2020.0, NAN}, {2021.0, NAN}}), "");
  EXPECT_EQ(p.block("C", {}), "");
  EXPECT_EQ(p.block("D", {{2020.0, 1.0, NAN}}), "$D");  // a NaN band edge: still a line
  EXPECT_NE(p.body().find("'no data'"), std::string::npos);
}

TEST(WriteReport, WritesEverythingAndRendersEveryFigure) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const auto dir = test::fresh_dir("report_small");
  const auto r = write_report(small(), {dir / "out"});
  EXPECT_EQ(r.png_terminal.empty(), false);
  expect_complete(dir / "out", r, small());
  // 12 data files + 3 per figure + index.html.
  EXPECT_EQ(r.files.size(), 12 + 3 * figures(small()).size() + 1);
  fs::remove_all(dir);
}

TEST(WriteReport, EmptyDomainsStillRender) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const auto study = trends::run_study(small_inputs(false), small_options());
  const auto dir = test::fresh_dir("report_empty");
  const auto r = write_report(study, {dir});
  expect_complete(dir, r, study);
  fs::remove_all(dir);
}

TEST(WriteReport, RefusesToOverwriteWithoutForce) {
  const auto dir = test::fresh_dir("report_refuse");
  // A user's own index.html: refused before anything is written.
  std::ofstream(dir / "index.html") << "mine";
  try {
    (void)write_report(small(), {dir, false, "gnuplot", false});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::output);
    EXPECT_NE(std::string(e.what()).find("index.html exists"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos);
  }
  EXPECT_EQ(slurp(dir / "index.html"), "mine");
  EXPECT_FALSE(fs::exists(dir / "data"));
  // With force it is replaced.
  const auto r = write_report(small(), {dir, true, "gnuplot", false});
  EXPECT_NE(slurp(dir / "index.html"), "mine");
  // A second run over a complete report is refused too, naming how many files.
  try {
    (void)write_report(small(), {dir, false, "gnuplot", false});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more report files"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(r.files.empty());
  fs::remove_all(dir);
}

TEST(WriteReport, WithoutGnuplotEverythingElseIsWritten) {
  const auto dir = test::fresh_dir("report_nognuplot");
  const auto r = write_report(small(), {dir, false, "/nonexistent/gnuplot"});
  EXPECT_NE(r.figures_skipped.find("could not be started"), std::string::npos) << r.figures_skipped;
  EXPECT_EQ(r.figures_rendered, 0u);
  EXPECT_TRUE(fs::exists(dir / "data" / "trends.csv"));
  EXPECT_TRUE(fs::exists(dir / "figures" / "imagenet-gflops.gp"));
  EXPECT_FALSE(fs::exists(dir / "figures" / "imagenet-gflops.svg"));
  const auto html = slurp(dir / "index.html");
  EXPECT_NE(html.find("Figures were skipped"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  fs::remove_all(dir);
}

TEST(WriteReport, TheShippedStudyRendersCleanly) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  trends::InputFiles files;
  files.data_dir = INFERGY_DATA_DIR;
  const auto study = trends::run_study(trends::load_study_inputs(files), trends::StudyOptions{});
  const auto dir = test::fresh_dir("report_shipped");
  const auto r = write_report(study, {dir});
  expect_complete(dir, r, study);
  // The data tables carry every model with its source.
  const auto models = slurp(dir / "data" / "imagenet-models.csv");
  EXPECT_NE(models.find("AlexNet,2012-12-03"), std::string::npos);
  EXPECT_NE(models.find("https://papers.nips.cc/"), std::string::npos);
  fs::remove_all(dir);
}

// -------------------------------------------------------------------------------------------
// `infergy report` end to end.

TEST(ReportCli, WritesRefusesAndForces) {
  const auto dir = test::fresh_dir("report_cli") / "rep";
  const std::string out = "'" + dir.string() + "'";
  const auto first = test::run_infergy("report --no-figures --out " + out);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("Report written to " + (dir / "index.html").string()), std::string::npos)
      << first.out;
  const auto again = test::run_infergy("report --no-figures --out " + out);
  EXPECT_EQ(again.code, 73);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(test::run_infergy("report --no-figures --force --out " + out).code, 0);
  fs::remove_all(dir.parent_path());
}

TEST(ReportCli, MissingGnuplotIsAClearErrorAfterWritingTheRest) {
  const auto dir = test::fresh_dir("report_cli_nognuplot");
  const auto r =
      test::run_infergy("report --gnuplot /nonexistent/gnuplot --out '" + dir.string() + "'");
  EXPECT_EQ(r.code, 73);
  EXPECT_NE(r.err.find("figures skipped: gnuplot could not be started"), std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::exists(dir / "index.html"));
  EXPECT_TRUE(fs::exists(dir / "data" / "study.json"));
  fs::remove_all(dir);
}

TEST(ReportCli, OutIsRequired) {
  EXPECT_EQ(test::run_infergy("report").code, 64);
}

}  // namespace
}  // namespace infergy::report
