// Renderings of an Analysis: aligned text, Markdown, CSV and JSON. Rendering only: every number
// here was computed by analyze().
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "infergy/analysis.hpp"
#include "infergy/json_text.hpp"
#include "infergy/text.hpp"

namespace infergy {

std::string counting_convention() {
  return "MAC = one multiply-accumulate; FLOPs = 2 x MACs for multiply-accumulate ops plus each "
         "op's other arithmetic at a documented per-element cost (1 per elementary or "
         "transcendental operation; see README, Counting conventions). Parameters = elements of "
         "constant tensors read as data, each counted once. Bytes = every input read once and "
         "every output written once at the precision's element size.";
}

namespace {

std::string grouped(std::int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string human(std::int64_t v) {
  return format_si(static_cast<double>(v));
}

std::string intensity_text(const Counts& c) {
  return c.bytes_read + c.bytes_written > 0 ? format_significant(c.intensity(), 3) : "-";
}

std::string header_line(const Analysis& a) {
  const auto onnx = a.opsets.find("ai.onnx");
  return fmt::format("{} ({}IR {}{})", a.model, a.producer.empty() ? "" : a.producer + ", ",
                     a.ir_version,
                     onnx != a.opsets.end() ? fmt::format(", opset {}", onnx->second) : "");
}

Table totals_table(const Analysis& a) {
  Table t({{"quantity", Align::left}, {"value", Align::right}, {"exact", Align::right}});
  const Counts& c = a.totals;
  t.add_row({"MACs", human(c.macs), grouped(c.macs)});
  t.add_row({"FLOPs", human(c.flops), grouped(c.flops)});
  t.add_row({"parameters", human(c.params), grouped(c.params)});
  t.add_row({"bytes read", human(c.bytes_read), grouped(c.bytes_read)});
  t.add_row({"bytes written", human(c.bytes_written), grouped(c.bytes_written)});
  t.add_row({"intensity (FLOP/byte)", intensity_text(c), ""});
  t.add_row({"nodes counted",
             fmt::format("{} of {}", a.counted_nodes, a.node_count - a.not_run_nodes), ""});
  if (a.not_run_nodes > 0) {
    t.add_row({"nodes in branches not taken", std::to_string(a.not_run_nodes), ""});
  }
  if (a.params_all_branches != c.params) {
    t.add_row(
        {"parameters, all branches", human(a.params_all_branches), grouped(a.params_all_branches)});
  }
  return t;
}

Table by_op_table(const Analysis& a, bool exact) {
  Table t({{"op", Align::left},
           {"nodes", Align::right},
           {"MACs", Align::right},
           {"FLOPs", Align::right},
           {"FLOPs %", Align::right},
           {"params", Align::right},
           {"bytes read", Align::right},
           {"bytes written", Align::right},
           {"intensity", Align::right},
           {"rule", Align::left}});
  const auto fmt_count = [&](std::int64_t v) { return exact ? std::to_string(v) : human(v); };
  for (const auto& s : a.by_op) {
    const double share = a.totals.flops > 0 ? 100.0 * static_cast<double>(s.counts.flops) /
                                                  static_cast<double>(a.totals.flops)
                                            : 0.0;
    t.add_row({s.op_type, std::to_string(s.nodes), fmt_count(s.counts.macs),
               fmt_count(s.counts.flops), fmt::format("{:.1f}", share), fmt_count(s.counts.params),
               fmt_count(s.counts.bytes_read), fmt_count(s.counts.bytes_written),
               intensity_text(s.counts), s.has_rule ? "yes" : "none"});
  }
  return t;
}

Table per_node_table(const Analysis& a, bool exact) {
  Table t({{"#", Align::right},
           {"graph", Align::left},
           {"node", Align::left},
           {"op", Align::left},
           {"output shape", Align::left},
           {"MACs", Align::right},
           {"FLOPs", Align::right},
           {"params", Align::right},
           {"bytes read", Align::right},
           {"bytes written", Align::right},
           {"intensity", Align::right},
           {"x", Align::right},
           {"status", Align::left}});
  const auto fmt_count = [&](std::int64_t v) { return exact ? std::to_string(v) : human(v); };
  std::size_t row = 0;
  for (const auto& n : a.nodes) {
    const bool counted = n.status == CostStatus::counted;
    std::string status(to_string(n.status));
    if (!n.note.empty() && !counted) status += ": " + n.note;
    if (counted && !n.in_totals) status += " (not in totals)";
    t.add_row({std::to_string(row++), n.graph, n.name,
               n.domain == "ai.onnx" ? n.op_type : n.domain + "." + n.op_type,
               fmt::format("{}", fmt::join(n.output_shapes, ", ")),
               counted ? fmt_count(n.counts.macs) : "?", counted ? fmt_count(n.counts.flops) : "?",
               counted ? fmt_count(n.counts.params) : "?",
               counted ? fmt_count(n.counts.bytes_read) : "?",
               counted ? fmt_count(n.counts.bytes_written) : "?",
               counted ? intensity_text(n.counts) : "?", std::to_string(n.multiplier), status});
  }
  return t;
}

Table uncounted_table(const Analysis& a) {
  Table t({{"op", Align::left},
           {"nodes", Align::right},
           {"share of nodes", Align::right},
           {"why", Align::left}});
  for (const auto& u : a.uncounted) {
    t.add_row({u.op_type, std::to_string(u.nodes), fmt::format("{:.1f}%", 100 * u.share_of_nodes),
               u.reason});
  }
  return t;
}

Table explain_table(const Analysis& a) {
  Table t({{"op", Align::left}, {"family", Align::left}, {"rule", Align::left}});
  const CostRegistry& registry = CostRegistry::builtin();
  for (const auto& s : a.by_op) {
    const auto dot = s.op_type.rfind('.');
    const std::string domain = dot == std::string::npos ? "ai.onnx" : s.op_type.substr(0, dot);
    const std::string op = dot == std::string::npos ? s.op_type : s.op_type.substr(dot + 1);
    const CostRule* r = registry.find(domain, op);
    const ExcludedOp* excluded = registry.excluded(domain, op);
    t.add_row({s.op_type, r ? std::string(r->family) : "-",
               r          ? std::string(r->formula)
               : excluded ? fmt::format("not counted by design: {}", excluded->why)
                          : "no rule: not counted"});
  }
  return t;
}

std::string render_text(const Analysis& a, const RenderOptions& o, bool markdown) {
  const auto table = [&](const Table& t) { return markdown ? t.to_markdown() : t.to_text(); };
  const auto heading = [&](std::string_view title) {
    return markdown ? fmt::format("\n## {}\n\n", title) : fmt::format("\n{}\n", title);
  };
  std::string out = markdown ? fmt::format("# infergy analyze: {}\n\n", header_line(a))
                             : fmt::format("infergy analyze: {}\n", header_line(a));
  for (const auto& in : a.inputs) {
    out += fmt::format("{}input {}: {} {}\n", markdown ? "- " : "", in.name, in.dtype, in.shape);
  }
  out += fmt::format("{}precision for bytes: {}\n", markdown ? "- " : "", a.precision);
  out += heading("Totals (one forward pass)") + table(totals_table(a));
  if (o.by_op) out += heading("By op type") + table(by_op_table(a, false));
  if (o.explain) out += heading("Cost rules used") + table(explain_table(a));
  if (o.per_node) out += heading("Per node") + table(per_node_table(a, false));
  out += heading("Not counted");
  out += a.uncounted.empty() ? std::string("none: every node was counted\n")
                             : table(uncounted_table(a));
  if (!a.warnings.empty()) {
    out += heading("Warnings");
    for (const auto& w : a.warnings) out += fmt::format("{}{}\n", markdown ? "- " : "  ", w);
  }
  out += heading("Counting convention") + counting_convention() + "\n";
  return out;
}

nlohmann::json counts_json(const Counts& c) {
  return {{"macs", c.macs},
          {"flops", c.flops},
          {"params", c.params},
          {"bytes_read", c.bytes_read},
          {"bytes_written", c.bytes_written},
          {"intensity", c.intensity()}};
}

std::string render_json(const Analysis& a, const RenderOptions& o) {
  nlohmann::json j;
  j["model"] = a.model;
  j["producer"] = a.producer;
  j["ir_version"] = a.ir_version;
  j["opsets"] = a.opsets;
  j["file_bytes"] = a.file_bytes;
  j["precision"] = a.precision;
  j["inputs"] = nlohmann::json::array();
  for (const auto& in : a.inputs) {
    j["inputs"].push_back({{"name", in.name}, {"dtype", in.dtype}, {"shape", in.shape}});
  }
  j["totals"] = counts_json(a.totals);
  j["nodes"] = a.node_count;
  j["nodes_counted"] = a.counted_nodes;
  j["nodes_not_run"] = a.not_run_nodes;
  j["params_all_branches"] = a.params_all_branches;
  j["by_op"] = nlohmann::json::array();
  for (const auto& s : a.by_op) {
    auto e = counts_json(s.counts);
    e["op"] = s.op_type;
    e["nodes"] = s.nodes;
    e["has_rule"] = s.has_rule;
    j["by_op"].push_back(std::move(e));
  }
  j["uncounted"] = nlohmann::json::array();
  for (const auto& u : a.uncounted) {
    j["uncounted"].push_back({{"op", u.op_type},
                              {"nodes", u.nodes},
                              {"share_of_nodes", u.share_of_nodes},
                              {"reason", u.reason}});
  }
  if (o.per_node) {
    j["per_node"] = nlohmann::json::array();
    for (const auto& n : a.nodes) {
      auto e = counts_json(n.counts);
      e["graph"] = n.graph;
      e["name"] = n.name;
      e["op"] = n.op_type;
      e["domain"] = n.domain;
      e["output_shapes"] = n.output_shapes;
      e["status"] = std::string(to_string(n.status));
      e["note"] = n.note;
      e["multiplier"] = n.multiplier;
      e["in_totals"] = n.in_totals;
      j["per_node"].push_back(std::move(e));
    }
  }
  j["warnings"] = a.warnings;
  j["convention"] = counting_convention();
  return to_json_text(j);
}

std::string render_csv(const Analysis& a, const RenderOptions& o) {
  std::string out = "# " + counting_convention() + "\n";
  if (o.per_node) return out + per_node_table(a, true).to_csv();
  if (o.by_op) return out + by_op_table(a, true).to_csv();
  Table t({{"model"},
           {"precision"},
           {"macs"},
           {"flops"},
           {"params"},
           {"bytes_read"},
           {"bytes_written"},
           {"nodes"},
           {"nodes_counted"},
           {"uncounted_ops"}});
  std::vector<std::string> uncounted;
  for (const auto& u : a.uncounted) uncounted.push_back(fmt::format("{}:{}", u.op_type, u.nodes));
  t.add_row({a.model, a.precision, std::to_string(a.totals.macs), std::to_string(a.totals.flops),
             std::to_string(a.totals.params), std::to_string(a.totals.bytes_read),
             std::to_string(a.totals.bytes_written), std::to_string(a.node_count),
             std::to_string(a.counted_nodes), fmt::format("{}", fmt::join(uncounted, ";"))});
  return out + t.to_csv();
}

}  // namespace

std::string render(const Analysis& analysis, const RenderOptions& options) {
  switch (options.format) {
    case OutputFormat::table:
      return render_text(analysis, options, false);
    case OutputFormat::markdown:
      return render_text(analysis, options, true);
    case OutputFormat::csv:
      return render_csv(analysis, options);
    case OutputFormat::json:
      return render_json(analysis, options);
  }
  return {};
}

}  // namespace infergy
