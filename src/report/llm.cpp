// The report's language-model section: the multiplicative factor of LLM serving (daily energy
// against requests per day for a few deployments) and the serving model against ML.ENERGY's
// measured J/token; plus the figure of `infergy llm --sweep` and rendering one figure alone.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "infergy/csv.hpp"
#include "infergy/datasets.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/files.hpp"
#include "infergy/report.hpp"
#include "report/format.hpp"
#include "report/gnuplot.hpp"
#include "report/plot.hpp"

namespace infergy::report {

namespace {

using detail::g;
using detail::number;
using detail::Plot;

constexpr const char* kColours[] = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#b279a2",
                                    "#9d755d", "#72b7b2", "#ff9da6", "#bab0ac", "#eeca3b"};

// The deployments the factor shows: chat requests (the calibration's prompt assumption, 512
// tokens out) at 64 concurrent sequences, on the smallest device count each fits.
struct FactorCase {
  const char* model;
  const char* hardware;
  std::int64_t devices;
};
constexpr FactorCase kCases[] = {
    {"meta-llama/Llama-3.1-8B-Instruct", "h100-sxm5-80gb", 1},
    {"meta-llama/Llama-3.1-8B-Instruct", "a100-sxm4-80gb", 1},
    {"Qwen/Qwen3-30B-A3B-Instruct-2507", "h100-sxm5-80gb", 1},
    {"openai/gpt-oss-120b", "h100-sxm5-80gb", 1},
    {"meta-llama/Llama-3.1-70B-Instruct", "h100-sxm5-80gb", 4},
    {"deepseek-ai/DeepSeek-V3", "h200-sxm-141gb", 8},
};
constexpr double kVolumes[] = {1e6, 1e8, 1e10};  // requests per day
constexpr double kOutput = 512;
constexpr double kBatch = 64;

energy::FootprintParams footprint_defaults(const std::filesystem::path& data_dir) {
  const auto refs = load_references(data_dir / "references.csv");
  energy::FootprintParams p;
  p.grid_g_co2e_per_kwh = find_reference(refs, "grid_intensity_world_2023").value;
  p.price_per_kwh = find_reference(refs, "electricity_price_us_commercial_2023").value;
  p.pue = find_reference(refs, "pue_industry_average_2024").value;
  return p;
}

double decade_below(double v) {
  return std::pow(10.0, std::floor(std::log10(v)));
}
double decade_above(double v) {
  return std::pow(10.0, std::ceil(std::log10(v)));
}

}  // namespace

LlmSection llm_section(const std::filesystem::path& data_dir) {
  const auto presets = llm::PresetCatalogue::builtin(data_dir);
  const auto catalogue = hw::Catalogue::builtin(data_dir);
  const auto fp = footprint_defaults(data_dir);
  LlmSection s{Table({{"model", Align::left},
                      {"hardware", Align::left},
                      {"devices"},
                      {"batch"},
                      {"joules_per_request"},
                      {"requests_per_day"},
                      {"kwh_per_day"},
                      {"mwh_per_year"},
                      {"t_co2e_per_year"}}),
               Table({{"model_id", Align::left},
                      {"num_gpus"},
                      {"avg_batch_size"},
                      {"measured_j_per_token"},
                      {"estimated_j_per_token"},
                      {"j_ratio"},
                      {"measured_itl_ms"},
                      {"estimated_itl_ms"},
                      {"itl_ratio"}}),
               {}};

  // The multiplicative factor.
  {
    const std::string title = "LLM serving: daily energy vs requests per day";
    Plot p(title);
    p.set("set key top left opaque box lc rgb '#cccccc'");
    std::string caption = fmt::format(
        "Energy at the wall (PUE {}) of chat requests ({} prompt tokens, {} out) at {} "
        "concurrent sequences, from `infergy llm` (typical estimates). ",
        fp.pue, llm::kChatPromptTokens, kOutput, kBatch);
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    std::size_t k = 0;
    for (const auto& c : kCases) {
      const auto m = llm::resolve_model(c.model, presets);
      llm::Deployment d;
      d.devices = c.devices;
      d.batch = kBatch;
      d.prompt = llm::kChatPromptTokens;
      d.output = kOutput;
      const auto e = llm::estimate_serving(m, catalogue.get(c.hardware), d);
      const std::string label = fmt::format("{} on {}x {}", c.model, c.devices, c.hardware);
      std::vector<std::vector<double>> line;
      for (double v : kVolumes) {
        const auto f = energy::footprint(e.joules_per_request.typical, v, fp);
        s.factor.add_row({c.model, c.hardware, std::to_string(c.devices), g(kBatch),
                          g(e.joules_per_request.typical), g(v), g(f.kwh_per_day),
                          g(f.mwh_per_year), g(f.t_co2e_per_year)});
        line.push_back({v, f.kwh_per_day});
        lo = std::min(lo, f.kwh_per_day);
        hi = std::max(hi, f.kwh_per_day);
      }
      const char* colour = kColours[k % std::size(kColours)];
      const auto block = p.block(fmt::format("F{}", k), line);
      p.middle(fmt::format(
          "{} using 1:2 with linespoints lw 2 pt 7 lc rgb '{}' title {} noenhanced", block, colour,
          gnuplot_string(
              fmt::format("{} ({} J/request)", label, number(e.joules_per_request.typical, 3)))));
      caption += fmt::format(
          "{}: {} J per request, {} MWh/year at {} requests/day. ", label,
          number(e.joules_per_request.typical, 3),
          number(energy::footprint(e.joules_per_request.typical, 1e8, fp).mwh_per_year, 3),
          number(1e8, 3));
      ++k;
    }
    p.axis('x', decade_below(kVolumes[0]), decade_above(kVolumes[std::size(kVolumes) - 1]), true,
           "requests per day (log scale)");
    p.axis('y', decade_below(lo), decade_above(hi), true,
           "energy per day at the wall (kWh; log scale)");
    s.figures.push_back({"llm-factor", title, caption, p.body()});
  }

  // Estimated against measured.
  {
    const auto file = data_dir / "mlenergy" / "lm-arena-chat-h100.csv";
    const auto rows = llm::read_table(file);
    const CsvTable csv = read_csv(file);
    const std::size_t j_col = csv.column("energy_per_token_joules");
    const std::size_t itl_col = csv.column("median_itl_ms");
    std::map<std::string, std::vector<std::vector<double>>> by_family;
    std::vector<double> j_err, itl_err;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      const auto m = llm::resolve_model(r.model_id, presets);
      const auto e = llm::estimate_serving(m, catalogue.get(r.gpu),
                                           llm::deployment_for(r, m, llm::kChatPromptTokens));
      const double mj = csv.number(csv.rows[i], j_col).value_or(0);
      const double mi = csv.number(csv.rows[i], itl_col).value_or(0);
      if (!(mj > 0) || !(mi > 0)) continue;
      const double ej = e.joules_per_token.typical, ei = e.step_seconds.typical * 1e3;
      s.validation.add_row({r.model_id, std::to_string(r.num_gpus), g(r.avg_batch_size), g(mj),
                            g(ej), g(ej / mj), g(mi), g(ei), g(ei / mi)});
      by_family[m.family].push_back({mj, ej});
      j_err.push_back(std::fabs(std::log10(ej / mj)));
      itl_err.push_back(std::fabs(std::log10(ei / mi)));
      lo = std::min({lo, mj, ej});
      hi = std::max({hi, mj, ej});
    }
    const auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v.empty()
                 ? 0.0
                 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
    };
    const auto within = [](const std::vector<double>& v) {
      const double l2 = std::log10(2.0);
      return v.empty() ? 0.0
                       : 100.0 *
                             static_cast<double>(std::count_if(v.begin(), v.end(),
                                                               [&](double x) { return x <= l2; })) /
                             static_cast<double>(v.size());
    };
    const std::string title = "LLM serving: estimated vs measured energy per output token";
    Plot p(title);
    p.set("set key bottom right opaque box lc rgb '#cccccc'");
    const double x0 = decade_below(lo), x1 = decade_above(hi);
    p.axis('x', x0, x1, true, "measured J per output token (ML.ENERGY, H100 SXM, vLLM; log scale)");
    p.axis('y', x0, x1, true, "estimated J per output token (infergy llm; log scale)");
    const auto diag = p.block("D", {{x0, x0}, {x1, x1}});
    const auto up = p.block("U", {{x0, 2 * x0}, {x1 / 2, x1}});
    const auto down = p.block("W", {{2 * x0, x0}, {x1, x1 / 2}});
    p.back(fmt::format(
        "{} using 1:2 with lines lw 1.5 lc rgb '#444444' title 'estimate = measured'", diag));
    p.back(fmt::format("{} using 1:2 with lines dt 2 lc rgb '#888888' title 'a factor 2 off'", up));
    p.back(fmt::format("{} using 1:2 with lines dt 2 lc rgb '#888888' notitle", down));
    std::size_t k = 0;
    for (const auto& [family, pts] : by_family) {
      const auto block = p.points(fmt::format("P{}", k), pts);
      p.middle(fmt::format("{} using 1:2 with points pt 7 ps 1.1 lc rgb '{}' title {} noenhanced",
                           block, kColours[k % std::size(kColours)], gnuplot_string(family)));
      ++k;
    }
    const std::string caption = fmt::format(
        "{} measured configurations (ML.ENERGY Benchmark v3, LMArena chat, H100 SXM 80 GB, vLLM; "
        "data/mlenergy/), each estimated with the row's model, GPUs, parallelism, precision, "
        "average batch and output length and an assumed prompt of {} tokens. Median "
        "|log10(estimated/measured)| {} for J/token ({}% within 2x) and {} for the median "
        "inter-token latency ({}% within 2x). The constants were fitted on these rows "
        "(bench/calibrate_llm.py, docs/estimators.md).",
        j_err.size(), llm::kChatPromptTokens, number(median(j_err), 3), number(within(j_err), 3),
        number(median(itl_err), 3), number(within(itl_err), 3));
    s.figures.push_back({"llm-validation", title, caption, p.body()});
  }
  return s;
}

Figure llm_sweep_figure(const std::vector<llm::ServingEstimate>& points, std::string_view swept,
                        const std::vector<double>& values) {
  if (points.empty() || points.size() != values.size())
    throw internal_error("llm_sweep_figure: one estimate per swept value is needed");
  const auto& first = points.front();
  const std::string title = fmt::format("{} on {}x {}: energy and latency against {}", first.model,
                                        first.deployment.devices, first.hardware, swept);
  Plot p(title);
  p.set("set key top center opaque box lc rgb '#cccccc'");
  std::vector<std::vector<double>> band, joules, itl;
  double jlo = std::numeric_limits<double>::infinity(), jhi = 0, ilo = jlo, ihi = 0;
  double xlo = std::numeric_limits<double>::infinity(), xhi = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& e = points[i];
    const double x = values[i];
    band.push_back({x, e.joules_per_token.low, e.joules_per_token.high});
    joules.push_back({x, e.joules_per_token.typical});
    itl.push_back({x, e.step_seconds.typical * 1e3});
    jlo = std::min(jlo, e.joules_per_token.low);
    jhi = std::max(jhi, e.joules_per_token.high);
    ilo = std::min(ilo, e.step_seconds.typical * 1e3);
    ihi = std::max(ihi, e.step_seconds.typical * 1e3);
    xlo = std::min(xlo, x);
    xhi = std::max(xhi, x);
  }
  const bool logx = xlo > 0 && xhi / xlo >= 10;
  if (!(xhi > xlo)) {
    xlo = xlo > 0 ? xlo / 2 : xlo - 1;
    xhi = xhi * 2 + 1;
  }
  p.axis('x', logx ? decade_below(xlo) : xlo, logx ? decade_above(xhi) : xhi, logx,
         fmt::format("{}{}", swept, logx ? " (log scale)" : ""));
  p.axis('y', decade_below(jlo), decade_above(jhi), true, "J per output token (log scale)");
  p.set("set logscale y2");
  p.set(fmt::format("set y2range [{}:{}]", g(decade_below(ilo)), g(decade_above(ihi))));
  p.set("set format y2 '10^{%L}'");
  p.set("set y2tics");
  p.set("set y2label 'inter-token latency (ms; log scale)'");
  const auto b = p.block("B", band);
  const auto jl = p.points("J", joules);
  const auto il = p.points("I", itl);
  p.back(
      fmt::format("{} using 1:2:3 with filledcurves fs transparent solid 0.2 lc rgb '{}' title "
                  "'J/token, low - high'",
                  b, kColours[0]));
  p.middle(
      fmt::format("{} using 1:2 with linespoints lw 2 pt 7 lc rgb '{}' title 'J/token (typical)'",
                  jl, kColours[0]));
  p.middle(fmt::format(
      "{} using 1:2 axes x1y2 with linespoints lw 2 pt 5 lc rgb '{}' title 'inter-token latency'",
      il, kColours[1]));
  std::string caption =
      fmt::format("{} on {}x {}, weights {}; typical estimates with the low-high range of J/token.",
                  first.model, first.deployment.devices, first.hardware, first.weights.label);
  for (const auto& a : first.assumptions) caption += " " + a + ".";
  return {"llm-sweep", title, caption, p.body()};
}

std::vector<std::filesystem::path> render_figure(const Figure& figure,
                                                 const std::filesystem::path& stem,
                                                 const std::string& gnuplot, bool force) {
  namespace fs = std::filesystem;
  const fs::path dir = stem.parent_path().empty() ? fs::path(".") : stem.parent_path();
  Figure f = figure;
  f.name = stem.filename().string();
  if (f.name.empty()) throw usage_error(fmt::format("'{}' names no figure file", stem.string()));
  const std::vector<fs::path> files = {dir / (f.name + ".gp"), dir / (f.name + ".svg"),
                                       dir / (f.name + ".png")};
  const auto overwrite = force ? Overwrite::allow : Overwrite::refuse;
  for (const auto& file : files) (void)check_output(file, overwrite);  // before any work
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw output_error(fmt::format("{}: no such directory for the figure", dir.string()));
  const auto probe = detail::probe_gnuplot(gnuplot, dir);
  if (!probe.failure.empty()) throw output_error("the figure was not drawn: " + probe.failure);
  write_file(files[0], gnuplot_script(f, probe.png_terminal), overwrite);
  // Rendered in a private directory (the script's relative outputs land there), then moved in.
  const detail::RenderDirectory render(dir);
  const auto outcome = detail::run_all(gnuplot, render.path(), {{"../" + f.name + ".gp"}}).front();
  if (!outcome.started || outcome.exit_status != 0) {
    throw output_error(fmt::format("gnuplot failed on {} (status {}): {}", files[0].string(),
                                   outcome.exit_status, outcome.stderr_text));
  }
  for (std::size_t i = 1; i < files.size(); ++i) {
    install_file(render.path() / files[i].filename(), files[i], overwrite);
  }
  return files;
}

}  // namespace infergy::report
