// index.html of the report: self-contained (inline CSS, no scripts, no remote resources), the
// figures as <img> of the SVG files next to it.
#pragma once

#include <string>
#include <vector>

#include "infergy/report.hpp"

namespace infergy::report::detail {

/// A Table as an HTML <table>; URLs inside cells become links.
std::string html_table(const Table& table);

struct FigureEntry {
  Figure figure;
  bool rendered = false;
};

/// The whole page. `figures_skipped` (empty when figures were rendered) is shown where the
/// figures would be; `data_files` are listed for download.
std::string index_html(const trends::Study& study, const std::vector<FigureEntry>& figures,
                       const std::string& figures_skipped,
                       const std::vector<std::string>& data_files);

}  // namespace infergy::report::detail
