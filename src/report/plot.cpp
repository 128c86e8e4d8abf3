#include "report/plot.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "infergy/escape.hpp"
#include "infergy/report.hpp"

namespace infergy::report::detail {

std::string g(double v) {
  return std::isfinite(v) ? fmt::format("{:.10g}", v) : "NaN";
}

double overlap(const Box& a, const Box& b) {
  const double w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  const double h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

namespace {

// Around the point: right above, right below, left above, left below, then one line further out.
constexpr Placement kCandidates[] = {
    {0.6, 0.45, false}, {0.6, -0.55, false}, {-0.6, 0.45, true}, {-0.6, -0.55, true},
    {0.6, 1.3, false},  {0.6, -1.4, false},  {-0.6, 1.3, true},  {-0.6, -1.4, true},
};

Box box_of(std::pair<double, double> anchor, std::size_t length, const Placement& p,
           double char_width, double line_height) {
  const double width = static_cast<double>(length) * char_width;
  const double x = anchor.first + p.dx_chars * char_width;
  const double y = anchor.second + p.dy_lines * line_height;
  return {p.right_aligned ? x - width : x, p.right_aligned ? x : x + width, y - line_height / 2,
          y + line_height / 2};
}

// A point's marker, as an obstacle for the other labels.
Box marker(std::pair<double, double> a) {
  return {a.first - 0.006, a.first + 0.006, a.second - 0.009, a.second + 0.009};
}

bool inside(const Box& b) {
  return b.x0 >= 0 && b.x1 <= 1 && b.y0 >= 0 && b.y1 <= 1;
}

}  // namespace

std::vector<Placement> place_labels(const std::vector<std::pair<double, double>>& anchors,
                                    const std::vector<std::size_t>& lengths,
                                    const std::vector<std::pair<double, double>>& obstacles,
                                    double char_width, double line_height) {
  constexpr double kLabelWeight = 5;
  std::vector<Box> markers;
  for (const auto& a : anchors) markers.push_back(marker(a));
  for (const auto& o : obstacles) markers.push_back(marker(o));
  std::vector<Box> taken;
  std::vector<Placement> out;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const Placement* best = nullptr;
    double best_cost = std::numeric_limits<double>::infinity();
    Box best_box;
    for (const auto& c : kCandidates) {
      const Box b = box_of(anchors[i], lengths[i], c, char_width, line_height);
      double cost = 0;
      for (const auto& m : markers) cost += overlap(b, m);
      for (const auto& t : taken) cost += kLabelWeight * overlap(b, t);
      // Leaving the plot is worse than touching another label.
      if (!inside(b)) cost += 1;
      if (cost < best_cost) {
        best = &c;
        best_cost = cost;
        best_box = b;
      }
      if (cost == 0) break;
    }
    out.push_back(*best);
    taken.push_back(best_box);
  }
  return out;
}

Plot::Plot(const std::string& title) {
  set("set encoding utf8");
  set("set title " + gnuplot_string(title) + " noenhanced font ',13'");
  set("set grid xtics ytics lc rgb '#e0e0e0' lt 1 lw 1");
  set("set border 3 lc rgb '#444444'");
  set("set tics nomirror");
  set("set key font ',10' spacing 1.1");
}

void Plot::set(const std::string& line) {
  settings_ += line + "\n";
}

std::string Plot::block(const std::string& name, const std::vector<std::vector<double>>& rows) {
  // gnuplot fails on a plot element none of whose points is defined ("all points y value
  // undefined"), e.g. when a filter leaves no GPU to assign: such a block draws nothing, so it is
  // left out and the figure says "no data" instead.
  const bool drawable = std::any_of(rows.begin(), rows.end(), [](const std::vector<double>& r) {
    return r.size() >= 2 && std::isfinite(r[0]) && std::isfinite(r[1]);
  });
  if (!drawable) return "";
  blocks_ += "$" + name + " << EOD\n";
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (double v : row) cells.push_back(g(v));
    blocks_ += fmt::format("{}\n", fmt::join(cells, " "));
  }
  blocks_ += "EOD\n";
  return "$" + name;
}

std::string Plot::points(const std::string& name, const std::vector<std::vector<double>>& rows) {
  for (const auto& r : rows) {
    if (r.size() >= 2 && std::isfinite(r[0]) && std::isfinite(r[1]))
      markers_.emplace_back(r[0], r[1]);
  }
  return block(name, rows);
}

double Plot::Axis::fraction(double v) const {
  if (log) return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
  return (v - lo) / (hi - lo);
}

void Plot::axis(char axis, double lo, double hi, bool log, const std::string& title) {
  Axis& a = axis == 'x' ? x_ : y_;
  a = {true, lo, hi, log};
  set(fmt::format("set {}range [{}:{}]", axis, g(lo), g(hi)));
  if (log) {
    set(fmt::format("set logscale {}", axis));
    set(fmt::format("set format {} '10^{{%L}}'", axis));
  }
  set(fmt::format("set {}label {}", axis, gnuplot_string(title)));
}

void Plot::decade_axis(char axis, double lo, double hi, const std::string& title) {
  double a = std::pow(10.0, std::floor(std::log10(lo)));
  double b = std::pow(10.0, std::ceil(std::log10(hi)));
  if (!(b > a)) b = a * 10;
  this->axis(axis, a, b, true, title);
}

void Plot::date_axis(double from, double to, const std::string& title) {
  const double x0 = std::floor(from);
  const double x1 = std::floor(to) + 1;
  axis('x', x0, x1, false, title);
  set(fmt::format("set xtics {},{} format '%.0f'", g(x0), x1 - x0 > 10 ? 2 : 1));
}

void Plot::label(const std::string& text, double x, double y) {
  labels_.push_back({text, x, y});
}

void Plot::raw_label(const std::string& spec) {
  set(fmt::format("set label {} {}", next_tag_++, spec));
}

void Plot::keep_clear(double x, double graph_y) {
  clear_.emplace_back(x, graph_y);
}

std::string Plot::body() const {
  std::string out = blocks_ + settings_;
  if (!labels_.empty()) {
    const auto where = [&](double x, double y) {
      return std::pair(x_.set ? x_.fraction(x) : 0.5, y_.set ? y_.fraction(y) : 0.5);
    };
    std::vector<std::pair<double, double>> anchors, obstacles;
    std::vector<std::size_t> lengths;
    for (const auto& l : labels_) {
      anchors.push_back(where(l.x, l.y));
      lengths.push_back(l.text.size());
    }
    for (const auto& [x, y] : markers_) obstacles.push_back(where(x, y));
    for (const auto& [x, fy] : clear_) obstacles.emplace_back(where(x, y_.lo).first, fy);
    // A 9-point character and line over a ~800 × 450 px plot area (1000 × 700 canvas).
    const auto places = place_labels(anchors, lengths, obstacles, 0.0068, 0.032);
    int tag = next_tag_;
    for (std::size_t i = 0; i < labels_.size(); ++i) {
      const auto& p = places[i];
      out += fmt::format(
          "set label {} {} at {},{} {} offset char {},{} font ',9' noenhanced front "
          "tc rgb '#222222'\n",
          tag++, gnuplot_string(labels_[i].text), g(labels_[i].x), g(labels_[i].y),
          p.right_aligned ? "right" : "left", g(p.dx_chars), g(p.dy_lines));
    }
  }
  std::vector<std::string> elements = back_;
  elements.insert(elements.end(), middle_.begin(), middle_.end());
  elements.insert(elements.end(), front_.begin(), front_.end());
  if (elements.empty()) {
    // Nothing to draw: an empty frame that says so, rather than a gnuplot error.
    out += "set label 9999 'no data' at graph 0.5,0.5 center font ',14'\n";
    out += "unset logscale\nset xrange [0:1]\nset yrange [0:1]\n";
    elements.push_back("-1 notitle");
  }
  return out + fmt::format("plot {}\n", fmt::join(elements, ", \\\n     "));
}

}  // namespace infergy::report::detail
