// Every output format well-formed for any string: hostile names (terminal escapes, forged lines,
// NUL, invalid UTF-8, bidirectional overrides, Markdown and CSV syntax, formulas, quotes of every
// kind) put through each command that prints names, in table, Markdown, CSV and JSON. The checks
// are structural and independent of the escaping rules: text is terminal-safe with the same
// number of lines as for a plain name, Markdown rows keep their cell count, CSV parses as RFC 4180
// with one record per row and no formula-leading field, JSON parses.
#include <nlohmann/json.hpp>

#include "hostile/sandbox.hpp"
#include "infergy/csv.hpp"
#include "infergy/escape.hpp"

namespace infergy::hostile {
namespace {

std::string csv_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string hardware_file(const std::string& name) {
  return "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_matrix_tflops,"
         "memory_bw_gbs,sources\n"
         "hostile-gpu," +
         csv_quoted(name) +
         ",Hostile,server-gpu,2021-01-01,300,20,150,1500,https://example.com/datasheet\n";
}

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Cells of a Markdown table row: '|' not preceded by an odd run of backslashes.
std::size_t markdown_cells(const std::string& line) {
  std::size_t bars = 0, backslashes = 0;
  for (char c : line) {
    if (c == '|' && backslashes % 2 == 0) ++bars;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  return bars;
}

::testing::AssertionResult markdown_tables_intact(const std::string& md) {
  std::istringstream in(md);
  std::string line;
  std::optional<std::size_t> cells;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '|') {
      cells.reset();
      continue;
    }
    const std::size_t n = markdown_cells(line);
    if (cells && *cells != n) {
      return ::testing::AssertionFailure()
             << "row with " << n << " cells, header " << *cells << ": " << line;
    }
    cells = n;
  }
  return ::testing::AssertionSuccess();
}

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  char* end = nullptr;
  const std::string copy(s);
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && s.find_first_of("nNiIxX") == std::string::npos;
}

::testing::AssertionResult csv_well_formed(const std::string& csv, std::size_t records) {
  std::string body;
  std::istringstream in(csv);
  std::string line;
  // infergy's CSV outputs may open with '#' comment lines (analyze's convention).
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '#' && body.empty()) continue;
    body += line + "\n";
  }
  CsvTable t;
  try {
    t = parse_csv(body, "output");
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "not RFC 4180: " << e.what();
  }
  if (t.rows.size() + 1 != records) {
    return ::testing::AssertionFailure() << t.rows.size() + 1 << " records, expected " << records;
  }
  if (lines(body) != records) {
    return ::testing::AssertionFailure() << "a record spans lines";
  }
  for (const auto& row : t.rows) {
    if (row.fields.size() != t.header.size()) {
      return ::testing::AssertionFailure() << "row of " << row.fields.size() << " fields";
    }
    for (const auto& f : row.fields) {
      if (!f.empty() && std::string_view("=+-@\t\r").find(f[0]) != std::string_view::npos &&
          !is_number(f)) {
        return ::testing::AssertionFailure() << "formula-leading field: " << f;
      }
    }
  }
  return ::testing::AssertionSuccess();
}

// Runs `args` + --format F for every format and checks each against the same command's output
// for a plain name (`plain_args`).
void check_all_formats(const Sandbox& box, const std::vector<std::string>& args,
                       const std::vector<std::string>& plain_args, const std::string& name,
                       int code = 0) {
  SCOPED_TRACE("name: " + visible(name) + " command: " + args[0]);
  for (const char* format : {"table", "markdown", "csv", "json"}) {
    auto hostile = args;
    auto plain = plain_args;
    for (auto* a : {&hostile, &plain}) {
      a->push_back("--format");
      a->push_back(format);
    }
    const Result r = run(box, {hostile});
    // The plain run is the same for every hostile name: run it once per command and format.
    static std::map<std::vector<std::string>, Result> plain_results;
    if (!plain_results.count(plain)) plain_results[plain] = run(box, {plain});
    const Result& p = plain_results[plain];
    ASSERT_EQ(r.code, code) << format << ": " << r.err;
    ASSERT_EQ(p.code, code) << format << ": " << p.err;
    EXPECT_TRUE(terminal_safe(r.err)) << format;
    const std::string f = format;
    if (f == "table" || f == "markdown") {
      EXPECT_TRUE(terminal_safe(r.out)) << format;
      EXPECT_EQ(lines(r.out), lines(p.out)) << format << " gained lines:\n" << visible_lines(r.out);
      if (f == "markdown") {
        EXPECT_TRUE(markdown_tables_intact(r.out));
      }
    } else if (f == "csv") {
      EXPECT_TRUE(csv_well_formed(r.out, lines(p.out) - (p.out.rfind("# ", 0) == 0 ? 1 : 0)));
    } else {
      EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out;
    }
  }
}

TEST(HostileFormats, HardwareNames) {
  for (const auto& name : hostile_names()) {
    Sandbox box;
    box.file("hw.csv", hardware_file(name));
    box.file("plain.csv", hardware_file("Plain Card"));
    check_all_formats(box, {"hw", "list", "--hardware-file", "hw.csv"},
                      {"hw", "list", "--hardware-file", "plain.csv"}, name);
    check_all_formats(box, {"hw", "show", "hostile-gpu", "--hardware-file", "hw.csv"},
                      {"hw", "show", "hostile-gpu", "--hardware-file", "plain.csv"}, name);
    check_all_formats(
        box, {"estimate", "--gflops", "8", "--hw", "hostile-gpu", "--hardware-file", "hw.csv"},
        {"estimate", "--gflops", "8", "--hw", "hostile-gpu", "--hardware-file", "plain.csv"}, name);
  }
}

TEST(HostileFormats, ModelTableNames) {
  for (const auto& name : hostile_names()) {
    Sandbox box;
    box.file("t.csv", "name,gflops,params_m\n" + csv_quoted(name) + ",8,25\nsecond,4,10\n");
    box.file("plain.csv", "name,gflops,params_m\nplain,8,25\nsecond,4,10\n");
    check_all_formats(box, {"estimate", "--table", "t.csv", "--hw", "v100-sxm2-16gb"},
                      {"estimate", "--table", "plain.csv", "--hw", "v100-sxm2-16gb"}, name);
  }
}

TEST(HostileFormats, ModelFileNamesUnderRecursive) {
  const std::string model = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/alexnet.onnx";
  for (auto name : hostile_names()) {
    // A file name cannot hold NUL or '/'.
    name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
    std::replace(name.begin(), name.end(), '/', '_');
    Sandbox box;
    fs::create_directories(box / "h");
    fs::create_directories(box / "p");
    fs::copy_file(model, box / "h" / (name + ".onnx"));
    fs::copy_file(model, box / "h" / "z.onnx");
    fs::copy_file(model, box / "p" / "plain.onnx");
    fs::copy_file(model, box / "p" / "z.onnx");
    check_all_formats(box, {"analyze", "-r", "h"}, {"analyze", "-r", "p"}, name);
    // The JSON carries the name itself (invalid UTF-8 replaced by U+FFFD).
    const Result r = run(box, {{"analyze", "-r", "h", "--format", "json"}});
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), 2u);
    if (is_plain_text(name)) {
      EXPECT_EQ(j[0]["model"], "h/" + name + ".onnx");
    }
    // A single model given by a hostile path, in every format.
    check_all_formats(box, {"analyze", "h/" + name + ".onnx"}, {"analyze", "p/plain.onnx"}, name);
  }
}

TEST(HostileFormats, ErrorMessagesStayOneLine) {
  Sandbox box;
  for (auto name : hostile_names()) {
    name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
    const Result r = run(box, {{"analyze", name + ".onnx"}});
    EXPECT_EQ(r.code, 66);
    EXPECT_TRUE(one_error_line(r, "no such file")) << visible(name);
    EXPECT_TRUE(terminal_safe(r.err));
  }
}

TEST(HostileFormats, MeasuredCommandLine) {
  for (auto name : hostile_names()) {
    name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
    Sandbox box;
    for (const char* format : {"table", "markdown"}) {
      const Result r = run(box, {{"measure", "--allow-no-sensors", "--sysfs-root", ".", "--format",
                                  format, "--", "true", name}});
      EXPECT_EQ(r.code, 0) << r.err;
      EXPECT_TRUE(terminal_safe(r.err)) << visible(name);
      // The report: a command line, an outcome line, the no-energy line.
      EXPECT_EQ(r.err.find("\ninfergy: error: fake"), std::string::npos);
    }
  }
}

TEST(HostileFormats, GnuplotReadsBackEveryString) {
  // Independent of infergy's quoting rules: gnuplot itself prints each literal back.
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) GTEST_SKIP() << "no gnuplot";
  Sandbox box;
  std::string script;
  for (const auto& name : hostile_names()) script += "print " + gnuplot_string(name) + "\n";
  box.file("t.gp", script);
  const std::string cmd = "cd '" + box.root().string() + "' && gnuplot t.gp 2> out.txt";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << slurp(box / "out.txt");
  std::string expected;
  for (const auto& name : hostile_names()) expected += visible(name) + "\n";
  EXPECT_EQ(slurp(box / "out.txt"), expected);
  EXPECT_FALSE(fs::exists(box / "PWNED"));
  EXPECT_FALSE(fs::exists(box / "PWNED2"));
}

TEST(HostileFormats, ReportWithHostileModelNames) {
  // Hostile names in a GLUE models file (a small set: every model is labelled in its figures)
  // and as a notable ImageNet model: the report renders, its CSV and JSON are well-formed, no
  // gnuplot command runs a shell.
  const bool gnuplot = std::system("command -v gnuplot > /dev/null 2>&1") == 0;
  Sandbox box;
  std::string glue =
      "name,date,params_m,gflops,input_tokens,gflops_method,glue_test,source_compute\n";
  int day = 1;
  for (const auto& name : hostile_names()) {
    glue += csv_quoted(name) + ",2022-03-" + (day < 10 ? "0" : "") + std::to_string(day) +
            ",110,22,128,paper,80,https://example.com/paper\n";
    ++day;
  }
  box.file("glue.csv", glue);
  std::vector<std::string> args{"report", "--out", "rep", "--models", "glue.csv"};
  if (!gnuplot) args.push_back("--no-figures");
  const Result r = run(box, {args, Stdout::capture, false, std::chrono::seconds(300)});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(terminal_safe(r.err));
  EXPECT_FALSE(fs::exists(box / "PWNED"));
  EXPECT_FALSE(fs::exists(box / "PWNED2"));
  EXPECT_FALSE(fs::exists(box / "rep/figures/PWNED"));
  const std::string models = slurp(box / "rep/data/glue-models.csv");
  EXPECT_TRUE(csv_well_formed(models, lines(models)));
  EXPECT_TRUE(nlohmann::json::accept(slurp(box / "rep/data/study.json")));
  const std::string html = slurp(box / "rep/index.html");
  EXPECT_TRUE(terminal_safe(html));
  EXPECT_EQ(html.find("<b>html</b>"), std::string::npos);
  if (gnuplot) {
    EXPECT_TRUE(fs::exists(box / "rep/figures/glue-score-vs-gflops.svg"));
  }
}

TEST(HostileFormats, ReportWithAFilterMatchingNoGpu) {
  // No GPU passes the filter, so no model gets hardware or joules: every figure must still
  // render (saying "no data" where there is none), not fail in gnuplot.
  const bool gnuplot = std::system("command -v gnuplot > /dev/null 2>&1") == 0;
  if (!gnuplot) GTEST_SKIP() << "no gnuplot";
  for (const auto& filter : std::vector<std::vector<std::string>>{
           {"--gpu-kinds", "edge", "--gpu-vendors", "AMD"}, {"--gpu-kinds", "cpu"}}) {
    Sandbox box;
    std::vector<std::string> args{"report", "--out", "rep"};
    args.insert(args.end(), filter.begin(), filter.end());
    const Result r = run(box, {args, Stdout::capture, false, std::chrono::seconds(300)});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("error"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(box / "rep/figures/hardware-at-date.svg"));
    EXPECT_TRUE(fs::exists(box / "rep/figures/hardware-at-date.png"));
  }
}

}  // namespace
}  // namespace infergy::hostile
