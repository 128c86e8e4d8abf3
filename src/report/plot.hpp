// A gnuplot figure body under construction: settings, inline datablocks, plot elements in three
// layers (bands behind points behind lines), and labels of data points placed so that they do
// not run into each other or off the plot.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace infergy::report::detail {

/// A number as gnuplot reads it back exactly enough (10 significant digits).
std::string g(double v);

struct Box {
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;  // in fractions of the plot area
};
/// Area two boxes share (0 when they do not touch).
double overlap(const Box& a, const Box& b);

/// Where a label goes relative to its point.
struct Placement {
  double dx_chars = 0.6;  // gnuplot "offset char dx,dy"
  double dy_lines = 0.45;
  bool right_aligned = false;
};

/// Picks for each label (anchor in plot fractions, text length in characters) the first of a
/// few placements around its point that overlaps no label placed before it, no anchor and no
/// other marker (`obstacles`, plot fractions), and stays inside the plot; when none is free, the
/// one with the least overlap, a label counting five times a marker.
std::vector<Placement> place_labels(const std::vector<std::pair<double, double>>& anchors,
                                    const std::vector<std::size_t>& lengths,
                                    const std::vector<std::pair<double, double>>& obstacles,
                                    double char_width, double line_height);

class Plot {
 public:
  explicit Plot(const std::string& title);

  void set(const std::string& line);
  /// A datablock of rows (NaN breaks a line); returns "$NAME", or "" when no row has a finite x
  /// and y (there is nothing to draw: callers leave the element out).
  std::string block(const std::string& name, const std::vector<std::vector<double>>& rows);
  /// The same, for rows drawn as markers: labels keep clear of them.
  std::string points(const std::string& name, const std::vector<std::vector<double>>& rows);

  void back(const std::string& element) { back_.push_back(element); }
  void middle(const std::string& element) { middle_.push_back(element); }
  void front(const std::string& element) { front_.push_back(element); }

  /// Fixes an axis ('x' or 'y') to [lo, hi]; log axes get 10^n tics. Labels are placed in the
  /// fractions these ranges define.
  void axis(char axis, double lo, double hi, bool log, const std::string& title);
  /// A log axis over whole decades covering [lo, hi] (lo > 0).
  void decade_axis(char axis, double lo, double hi, const std::string& title);
  /// A date axis in decimal years from floor(from) to the year after `to`.
  void date_axis(double from, double to, const std::string& title);

  /// A label at a data point, placed at render time (noenhanced, small font).
  void label(const std::string& text, double x, double y);
  /// Any other label: "set label N <spec>" with a fresh tag.
  void raw_label(const std::string& spec);
  /// Keeps data labels off a spot given in data x and graph-fraction y (under a fixed label).
  void keep_clear(double x, double graph_y);

  std::string body() const;

 private:
  struct Axis {
    bool set = false;
    double lo = 0, hi = 1;
    bool log = false;
    double fraction(double v) const;
  };
  struct DataLabel {
    std::string text;
    double x = 0, y = 0;
  };
  std::string settings_;
  std::string blocks_;
  std::vector<std::string> back_, middle_, front_;
  std::vector<DataLabel> labels_;
  std::vector<std::pair<double, double>> markers_;  // data coordinates
  std::vector<std::pair<double, double>> clear_;    // data x, graph-fraction y
  Axis x_, y_;
  int next_tag_ = 1;
};

}  // namespace infergy::report::detail
