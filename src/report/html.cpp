#include "report/html.hpp"

#include <fmt/format.h>

#include "infergy/escape.hpp"
#include "report/format.hpp"

namespace infergy::report::detail {

namespace {

// Escapes a cell and turns each http(s) URL in it into a link.
std::string linkify(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto http = text.find("http", pos);
    const bool url = http != std::string_view::npos &&
                     (text.substr(http, 7) == "http://" || text.substr(http, 8) == "https://");
    if (!url) {
      const auto next = http == std::string_view::npos ? text.size() : http + 4;
      out += html_escape(text.substr(pos, next - pos));
      pos = next;
      continue;
    }
    out += html_escape(text.substr(pos, http - pos));
    auto end = text.find_first_of(" ;,)\"", http);
    if (end == std::string_view::npos) end = text.size();
    const auto link = text.substr(http, end - http);
    out += fmt::format("<a href=\"{}\">{}</a>", html_escape(link), html_escape(link));
    pos = end;
  }
  return out;
}

std::string growth_sentence(const trends::Trend& t) {
  const std::string label = t.domain == "hardware" ? "GPU GFLOPS/W, " + t.label : t.label;
  if (!t.fit) return fmt::format("{}: not fitted ({})", label, t.skipped);
  return fmt::format("{}: ×{} per year, {} (n = {}, R² = {}, p = {})", label,
                     number(t.growth->factor_per_year, 3), describe_growth(t), t.n,
                     number(t.fit->r2, 3), p_value(t.fit->p_slope));
}

const trends::Trend* hardware_trend(const trends::Study& s, std::string_view id) {
  for (const auto& series : s.hardware.series) {
    if (series.id == id) return &series.trend;
  }
  return nullptr;
}

std::string findings(const trends::Study& s) {
  using trends::Quantity;
  std::vector<const trends::Trend*> key;
  for (const char* id : {"fp32-vector", "fp16-matrix", "tf32-matrix"}) {
    if (const auto* t = hardware_trend(s, id)) key.push_back(t);
  }
  for (const auto* d : {&s.imagenet, &s.glue}) {
    for (auto q : {Quantity::gflops, Quantity::params, Quantity::joules}) {
      key.push_back(&d->trends_of(q).all);
      key.push_back(&d->trends_of(q).best);
    }
  }
  std::string out = "<ul>\n";
  for (const auto* t : key) out += "<li>" + html_escape(growth_sentence(*t)) + "</li>\n";
  return out + "</ul>\n";
}

std::string figure_html(const FigureEntry& e) {
  const auto& f = e.figure;
  const std::string name = html_escape(f.name);
  if (!e.rendered) {
    return fmt::format(
        "<figure id=\"{0}\"><div class=\"missing\">figure not rendered (script: <a "
        "href=\"figures/{0}.gp\">figures/{0}.gp</a>)</div><figcaption><b>{1}</b>. "
        "{2}</figcaption></figure>\n",
        name, html_escape(f.title), html_escape(f.caption));
  }
  return fmt::format(
      "<figure id=\"{0}\"><a href=\"figures/{0}.png\"><img src=\"figures/{0}.svg\" alt=\"{1}\" "
      "width=\"1000\" height=\"700\"></a><figcaption><b>{1}</b>. {2} <span class=\"files\">[<a "
      "href=\"figures/{0}.svg\">SVG</a> · <a href=\"figures/{0}.png\">PNG</a> · <a "
      "href=\"figures/{0}.gp\">gnuplot</a>]</span></figcaption></figure>\n",
      name, html_escape(f.title), html_escape(f.caption));
}

constexpr const char* kStyle = R"(body{font-family:sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.6em}h2{margin-top:2em;border-bottom:
1px solid #ccc}table{border-collapse:collapse;font-size:.82em;margin:.5em 0 1.5em}
th,td{border:1px solid #ddd;padding:.2em .45em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td{max-width:28em;overflow-wrap:anywhere}figure{margin:1.5em 0}
img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9em;color:#444}
.missing{padding:2em;background:#fff3f3;border:1px solid #e99}.note{background:#fffbe6;
border:1px solid #e6d88a;padding:.6em 1em}.files{white-space:nowrap}code{background:#f4f4f4})";

}  // namespace

std::string html_table(const Table& table) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& c : table.columns()) out += "<th>" + html_escape(c.title) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows()) {
    out += "<tr>";
    for (const auto& cell : row) out += "<td>" + linkify(cell) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string index_html(const trends::Study& s, const std::vector<FigureEntry>& figures,
                       const std::string& figures_skipped,
                       const std::vector<std::string>& data_files) {
  const auto& o = s.options;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>Compute and energy trends of deep-learning inference — infergy report</title>\n";
  h += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  h += "<h1>Compute and energy consumption trends in deep-learning inference</h1>\n";
  h += "<p>A reproduction, on infergy's shipped and sourced data, of the analysis of Desislavov, "
       "Martínez-Plumed and Hernández-Orallo, <i>Compute and Energy Consumption Trends in Deep "
       "Learning Inference</i> (<a href=\"https://arxiv.org/abs/2109.05472\">arXiv "
       "2109.05472</a>; Sustainable Computing: Informatics and Systems 38, 2023). Every trend "
       "is an ordinary least-squares fit of log10 of the quantity on the publication (or "
       "release) date in decimal years.</p>\n";
  h += "<h2>Settings</h2>\n<ul>\n";
  h += fmt::format(
      "<li>Hardware rule: <code>{}</code> — energy per inference = GFLOPs ÷ the "
      "GFLOPS/W it gives the model (the study's estimator).</li>\n",
      html_escape(o.hw_rule.describe()));
  h += fmt::format("<li>Precision eras: <code>{}</code>.</li>\n",
                   html_escape(trends::describe_eras(o.eras)));
  h += fmt::format("<li>GPUs fitted and assigned: {}.</li>\n", html_escape(o.gpus.describe()));
  h += fmt::format("<li>Models: {} ImageNet, {} GLUE/language{}{}; confidence level {}.</li>\n",
                   s.imagenet.models.size(), s.glue.models.size(),
                   o.since ? ", since " + o.since->to_string() : "",
                   o.until ? ", until " + o.until->to_string() : "", number(o.confidence));
  h += "</ul>\n";
  if (!s.notes.empty()) {
    h += "<div class=\"note\"><b>Notes</b><ul>\n";
    for (const auto& n : s.notes) h += "<li>" + html_escape(n) + "</li>\n";
    h += "</ul></div>\n";
  }
  h += "<h2>Main fitted trends</h2>\n" + findings(s);

  h += "<h2>Figures</h2>\n";
  if (!figures_skipped.empty()) {
    h += "<div class=\"note\"><b>Figures were skipped:</b> " + html_escape(figures_skipped) +
         " The gnuplot scripts are in <code>figures/</code>; run <code>gnuplot NAME.gp</code> "
         "there to draw them.</div>\n";
  }
  h += "<ol>\n";
  for (const auto& e : figures) {
    h += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", html_escape(e.figure.name),
                     html_escape(e.figure.title));
  }
  h += "</ol>\n";
  for (const auto& e : figures) h += figure_html(e);

  h += "<h2>Fitted trends</h2>\n<p>slope in log10 units per year; ×/year = 10^slope; months = "
       "doubling (or halving) time, with the confidence interval of the slope mapped through "
       "it (inf: the interval reaches a flat trend).</p>\n";
  h += html_table(trends_table(s.trends()));
  h += "<h2>Hardware at the model's date</h2>\n";
  h += html_table(assignment_table(s.hardware.steps));
  h += "<h2>Humans</h2>\n" + html_table(humans_table(s));
  h += "<h2>The multiplicative factor</h2>\n" + html_table(factor_table(s));
  h += "<h2>Pareto fronts</h2>\n<h3>ImageNet</h3>\n" + html_table(fronts_table(s.imagenet)) +
       "<h3>GLUE</h3>\n" + html_table(fronts_table(s.glue));
  h += "<h2>Data, with sources</h2>\n<h3>ImageNet models</h3>\n" +
       html_table(models_table(s.imagenet));
  h += "<h3>GLUE and language models</h3>\n" + html_table(models_table(s.glue));
  h += "<h3>GPUs</h3>\n" + html_table(hardware_points_table(s.hardware));
  h += "<h2>Downloads</h2>\n<ul>\n";
  for (const auto& f : data_files) {
    h += fmt::format("<li><a href=\"{0}\">{0}</a></li>\n", html_escape(f));
  }
  h += "</ul>\n";
  h += R"(<h2>Credits</h2>
<ul>
<li>The study: R. Desislavov, F. Martínez-Plumed, J. Hernández-Orallo, <i>Compute and Energy
Consumption Trends in Deep Learning Inference</i>, arXiv 2109.05472 (2021); Sustainable Computing:
Informatics and Systems 38 (2023). Its method and figures are what this report reproduces.</li>
<li>Hardware: Epoch AI, <a href="https://epoch.ai/data/machine-learning-hardware">Machine Learning
Hardware</a> data set, CC BY 4.0, with hand-curated rows from vendor datasheets (every row of
data/hardware.csv cites its sources).</li>
<li>ImageNet accuracies, parameters and GMACs: timm (PyTorch Image Models), Ross Wightman and
contributors, <a href="https://github.com/huggingface/pytorch-image-models">results/</a>,
Apache-2.0; torchvision model documentation (BSD-3-Clause); and the papers each row cites.</li>
<li>GLUE scores and compute: the papers each row cites; the study's own values where marked.</li>
<li>Human references: FDA, FAO/WHO/UNU, Raichle &amp; Gusnard (2002), BP Statistical Review 2020,
UN WPP 2019, US EIA and Census (data/references.csv).</li>
<li>Figures drawn with <a href="http://www.gnuplot.info/">gnuplot</a>.</li>
</ul>
)";
  h += "<p><small>Generated by <code>infergy report</code>.</small></p>\n</body>\n</html>\n";
  return h;
}

}  // namespace infergy::report::detail
