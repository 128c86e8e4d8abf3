// The registry described in Markdown: the per-family tables and the exclusions of
// docs/counting.md are rendered from the rules' own formulas, so the document cannot drift from
// what `infergy analyze --explain` prints (tests/cost/counting_doc_test.cpp compares them).
#include <fmt/format.h>

#include "infergy/cost.hpp"
#include "infergy/error.hpp"
#include "infergy/table.hpp"

namespace infergy {

namespace {

// Markdown would read `a*b*c` as emphasis; Table::to_markdown escapes the pipes.
std::string escape_emphasis(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*') out += '\\';
    out += c;
  }
  return out;
}

// Input slots of a non_data_inputs mask as "1, 3-5", or "-".
std::string slot_list(std::uint32_t mask) {
  std::vector<std::string> parts;
  for (int i = 0; i < 32; ++i) {
    if ((mask & (1u << i)) == 0) continue;
    int j = i;
    while (j + 1 < 32 && (mask & (1u << (j + 1))) != 0) ++j;
    parts.push_back(j == i ? std::to_string(i) : fmt::format("{}-{}", i, j));
    i = j;
  }
  return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string rules_markdown(const CostRegistry& registry, std::string_view family) {
  struct Row {
    std::vector<std::string_view> ops;
    const CostRule* rule;
  };
  std::vector<Row> rows;
  for (const CostRule& r : registry.rules()) {
    if (r.family != family) continue;
    Row* same = nullptr;
    for (Row& row : rows) {
      if (row.rule->domain == r.domain && row.rule->formula == r.formula &&
          row.rule->non_data_inputs == r.non_data_inputs) {
        same = &row;
      }
    }
    if (same != nullptr) {
      same->ops.push_back(r.op_type);
    } else {
      rows.push_back({{r.op_type}, &r});
    }
  }
  if (rows.empty()) throw internal_error(fmt::format("no cost rules of family '{}'", family));
  Table t({{"Op", Align::left},
           {"Domain", Align::left},
           {"Count", Align::left},
           {"Argument inputs", Align::left}});
  for (const Row& row : rows) {
    t.add_row({fmt::format("{}", fmt::join(row.ops, ", ")), std::string(row.rule->domain),
               escape_emphasis(row.rule->formula), slot_list(row.rule->non_data_inputs)});
  }
  return t.to_markdown();
}

std::string exclusions_markdown(const CostRegistry& registry) {
  struct Row {
    std::vector<std::string_view> ops;
    const ExcludedOp* op;
  };
  std::vector<Row> rows;
  for (const ExcludedOp& e : registry.exclusions()) {
    Row* same = nullptr;
    for (Row& row : rows) {
      if (row.op->domain == e.domain && row.op->why == e.why && !e.op_type.empty() &&
          !row.op->op_type.empty()) {
        same = &row;
      }
    }
    if (same != nullptr) {
      same->ops.push_back(e.op_type);
    } else {
      rows.push_back({{e.op_type}, &e});
    }
  }
  Table t({{"Ops", Align::left}, {"Domain", Align::left}, {"Why", Align::left}});
  for (const Row& row : rows) {
    const std::string ops = row.op->op_type.empty() ? std::string("every op")
                                                    : fmt::format("{}", fmt::join(row.ops, ", "));
    t.add_row({ops, std::string(row.op->domain), escape_emphasis(row.op->why)});
  }
  return t.to_markdown();
}

std::string regenerate_rule_tables(std::string_view doc, const CostRegistry& registry) {
  constexpr std::string_view kRules = "<!-- generated: rules ";
  constexpr std::string_view kExclusions = "<!-- generated: exclusions -->";
  constexpr std::string_view kEnd = "<!-- end generated -->";
  std::string out;
  std::size_t pos = 0;
  while (pos < doc.size()) {
    std::size_t eol = doc.find('\n', pos);
    if (eol == std::string_view::npos) eol = doc.size();
    const std::string_view line = doc.substr(pos, eol - pos);
    out += line;
    out += '\n';
    pos = eol + 1;
    std::string table;
    if (line.starts_with(kRules) && line.ends_with(" -->")) {
      const auto family = line.substr(kRules.size(), line.size() - kRules.size() - 4);
      table = rules_markdown(registry, family);
    } else if (line == kExclusions) {
      table = exclusions_markdown(registry);
    } else {
      continue;
    }
    const std::size_t end = doc.find(kEnd, pos);
    if (end == std::string_view::npos) {
      throw internal_error(fmt::format("generated section '{}' has no '{}'", line, kEnd));
    }
    // Blank lines around the table keep Markdown from joining it to the comments.
    out += '\n' + table + '\n';
    pos = end;
  }
  if (!doc.ends_with('\n') && !out.empty()) out.pop_back();
  return out;
}

}  // namespace infergy
