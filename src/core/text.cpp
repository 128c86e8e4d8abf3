#include "infergy/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

namespace infergy {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) noexcept {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::string x = to_lower(a);
  const std::string y = to_lower(b);
  std::vector<std::size_t> row(y.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::vector<std::string> closest_matches(std::string_view query,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  const std::string q = to_lower(query);
  struct Scored {
    std::size_t score;
    const std::string* name;
  };
  std::vector<Scored> scored;
  scored.reserve(candidates.size());
  for (const auto& c : candidates) {
    const std::string lc = to_lower(c);
    // A substring hit ("a100" in "a100-sxm4-40gb") beats any edit distance.
    const std::size_t score = (!q.empty() && lc.find(q) != std::string::npos)
                                  ? lc.size() - q.size()
                                  : 1000 + edit_distance(q, lc);
    scored.push_back({score, &c});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Scored& l, const Scored& r) { return l.score < r.score; });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (out.size() >= limit) break;
    // Far-off names are noise, not suggestions.
    if (s.score >= 1000 && s.score - 1000 > std::max<std::size_t>(3, q.size() / 2)) break;
    out.push_back(*s.name);
  }
  return out;
}

std::string format_significant(double value, int digits) {
  if (!std::isfinite(value)) return value > 0 ? "inf" : (value < 0 ? "-inf" : "nan");
  if (value == 0) return "0";
  const double magnitude = std::floor(std::log10(std::fabs(value)));
  if (magnitude >= 15 || magnitude < -6) return fmt::format("{:.{}e}", value, digits - 1);
  const int decimals = std::max(0, digits - 1 - static_cast<int>(magnitude));
  return fmt::format("{:.{}f}", value, decimals);
}

std::string format_si(double value, int digits) {
  static constexpr struct {
    double scale;
    const char* prefix;
  } kPrefixes[] = {{1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& p : kPrefixes) {
    if (std::fabs(value) >= p.scale) {
      return format_significant(value / p.scale, digits) + " " + p.prefix;
    }
  }
  return format_significant(value, digits);
}

}  // namespace infergy
