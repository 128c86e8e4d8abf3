// Renderings of an Analysis: aligned text, Markdown, CSV and JSON. Rendering only: every number
// here was computed by analyze().
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "infergy/analysis.hpp"
#include "infergy/escape.hpp"
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

// The strings of a model file are the user's: `shown` makes them visible text or Markdown.
using Shown = std::string (*)(std::string_view);

std::string header_line(const Analysis& a, Shown shown) {
  const auto onnx = a.opsets.find("ai.onnx");
  return fmt::format("{} ({}IR {}{})", shown(a.model),
                     a.producer.empty() ? "" : shown(a.producer) + ", ", a.ir_version,
                     onnx != a.opsets.end() ? fmt::format(", opset {}", onnx->second) : "");
}

double per_inference(const Analysis& a, std::int64_t v) {
  return static_cast<double>(v) / static_cast<double>(a.batch);
}

// With a batch above 1, a column of per-inference figures beside the pass's totals (parameters
// belong to the model, not to an inference).
Table totals_table(const Analysis& a) {
  const bool batched = a.batch > 1;
  std::vector<Column> columns{
      {"quantity", Align::left}, {"value", Align::right}, {"exact", Align::right}};
  if (batched) columns.push_back({"per inference", Align::right});
  Table t(columns);
  const auto row = [&](const std::string& label, std::string value, std::string exact,
                       std::string each) {
    std::vector<std::string> cells{label, std::move(value), std::move(exact)};
    if (batched) cells.push_back(std::move(each));
    t.add_row(std::move(cells));
  };
  const auto count = [&](const std::string& label, std::int64_t v, bool shared) {
    row(label, human(v), grouped(v), shared ? "" : format_si(per_inference(a, v)));
  };
  const Counts& c = a.totals;
  count("MACs", c.macs, false);
  count("FLOPs", c.flops, false);
  count("parameters", c.params, true);
  count("bytes read", c.bytes_read, false);
  count("bytes written", c.bytes_written, false);
  row("intensity (FLOP/byte)", intensity_text(c), "", "");
  row("nodes counted", fmt::format("{} of {}", a.counted_nodes, a.node_count - a.not_run_nodes), "",
      "");
  if (a.not_run_nodes > 0)
    row("nodes in branches not taken", std::to_string(a.not_run_nodes), "", "");
  // Data-dependent dims: the figures above are the exact part; the totals lie in a range.
  if (a.unpinned_data_dims() > 0) {
    const auto bound = [](const std::optional<Counts>& b, std::int64_t Counts::*field) {
      return b ? grouped((*b).*field) : std::string("?");
    };
    for (const auto& [label, field] : {std::pair{"MACs range (data-dependent)", &Counts::macs},
                                       std::pair{"FLOPs range (data-dependent)", &Counts::flops},
                                       std::pair{"bytes read range", &Counts::bytes_read},
                                       std::pair{"bytes written range", &Counts::bytes_written}}) {
      row(label, "", fmt::format("{} to {}", bound(a.lower, field), bound(a.upper, field)), "");
    }
  }
  if (a.params_all_branches != c.params) {
    count("parameters, all branches", a.params_all_branches, true);
  }
  return t;
}

// "input images: float32 64x3x224x224 (file: 1x3x224x224; dim 0 from the batch)".
std::string input_line(const InputInfo& in) {
  std::vector<std::string> set;
  for (std::size_t d = 0; d < in.sources.size(); ++d) {
    if (in.sources[d] != DimSource::model) {
      set.push_back(
          fmt::format("dim {} from {}", d,
                      in.sources[d] == DimSource::batch ? "the batch" : to_string(in.sources[d])));
    }
  }
  std::string note;
  if (!in.declared.empty() && in.declared != in.shape) note = "file: " + in.declared;
  if (!set.empty()) note += fmt::format("{}{}", note.empty() ? "" : "; ", fmt::join(set, ", "));
  return fmt::format("input {}: {} {}{}", in.name, in.dtype, in.shape,
                     note.empty() ? "" : " (" + note + ")");
}

std::string batch_line(const Analysis& a) {
  return fmt::format("batch: {} inference{} per pass ({})", a.batch, a.batch == 1 ? "" : "s",
                     a.batch_from);
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
  const Shown shown = markdown ? &markdown_escape : &visible;
  std::string out = markdown ? fmt::format("# infergy analyze: {}\n\n", header_line(a, shown))
                             : fmt::format("infergy analyze: {}\n", header_line(a, shown));
  // Right under the title, before any number: a reader of the first lines knows what they hold.
  if (const Completeness c = completeness(a); !c.complete) {
    out += markdown ? fmt::format("> **INCOMPLETE:** {} (see Not counted)\n\n", shown(c.summary))
                    : fmt::format("INCOMPLETE: {} (see Not counted)\n", shown(c.summary));
  }
  const std::string item = markdown ? "- " : "";
  for (const auto& in : a.inputs) out += item + shown(input_line(in)) + "\n";
  out += item + shown(batch_line(a)) + "\n";
  out += fmt::format("{}precision for bytes: {}\n", item, shown(a.precision));
  out += heading(a.batch > 1 ? fmt::format("Totals (one forward pass of {} inferences)", a.batch)
                             : std::string("Totals (one forward pass)")) +
         table(totals_table(a));
  if (o.by_op) out += heading("By op type") + table(by_op_table(a, false));
  if (o.explain) out += heading("Cost rules used") + table(explain_table(a));
  if (o.per_node) out += heading("Per node") + table(per_node_table(a, false));
  if (!a.data_dims.empty()) {
    out += heading("Data-dependent dims (--pin NAME=N fixes one)");
    Table d({{"name", Align::left},
             {"op", Align::left},
             {"node", Align::left},
             {"range", Align::right},
             {"pinned", Align::right}});
    for (const auto& dd : a.data_dims) {
      d.add_row({dd.name, dd.op, dd.node,
                 fmt::format("{} to {}", dd.lower, dd.upper >= 0 ? std::to_string(dd.upper) : "?"),
                 dd.pinned ? std::to_string(*dd.pinned) : "no"});
    }
    out += table(d);
    if (a.unpinned_data_dims() > 0) {
      out += shown(
                 "the totals are the exact part: nodes that depend on an unpinned dim are not "
                 "in them; the ranges put every unpinned dim at its lower and its upper bound") +
             "\n";
    }
  }
  out += heading("Not counted");
  out += a.uncounted.empty() ? std::string("none: every node was counted\n")
                             : table(uncounted_table(a));
  if (!a.warnings.empty()) {
    out += heading("Warnings");
    for (const auto& w : a.warnings) {
      out += fmt::format("{}{}\n", markdown ? "- " : "  ", shown(w));
    }
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
    std::vector<std::string> sources;
    for (auto source : in.sources) sources.emplace_back(to_string(source));
    j["inputs"].push_back({{"name", in.name},
                           {"dtype", in.dtype},
                           {"shape", in.shape},
                           {"declared", in.declared},
                           {"dim_sources", sources}});
  }
  j["batch"] = a.batch;
  j["batch_from"] = a.batch_from;
  j["totals"] = counts_json(a.totals);
  j["per_inference"] = {{"macs", per_inference(a, a.totals.macs)},
                        {"flops", per_inference(a, a.totals.flops)},
                        {"bytes_read", per_inference(a, a.totals.bytes_read)},
                        {"bytes_written", per_inference(a, a.totals.bytes_written)}};
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
  const Completeness complete = completeness(a);
  j["complete"] = complete.complete;
  j["incomplete_reason"] = complete.summary;
  j["uncounted_nodes"] = nlohmann::json::array();
  for (const auto& n : complete.nodes) {
    j["uncounted_nodes"].push_back(
        {{"graph", n.graph}, {"name", n.name}, {"op", n.op_type}, {"reason", n.reason}});
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
  for (const auto& dd : a.data_dims) {
    j["data_dependent_dims"].push_back(
        {{"name", dd.name},
         {"op", dd.op},
         {"node", dd.node},
         {"lower", dd.lower},
         {"upper", dd.upper >= 0 ? nlohmann::json(dd.upper) : nlohmann::json(nullptr)},
         {"pinned", dd.pinned ? nlohmann::json(*dd.pinned) : nlohmann::json(nullptr)}});
  }
  if (a.unpinned_data_dims() > 0) {
    j["totals_are_exact_part"] = true;
    j["lower"] = a.lower ? counts_json(*a.lower) : nlohmann::json(nullptr);
    j["upper"] = a.upper ? counts_json(*a.upper) : nlohmann::json(nullptr);
  }
  j["warnings"] = a.warnings;
  j["convention"] = counting_convention();
  return to_json_text(j);
}

// A bound of the totals as a CSV cell: the exact total when nothing depends on the data, empty
// when a bound could not be computed.
std::string bound_cell(const Analysis& a, const std::optional<Counts>& b,
                       std::int64_t Counts::*field) {
  if (a.unpinned_data_dims() == 0) return std::to_string(a.totals.*field);
  return b ? std::to_string((*b).*field) : std::string();
}

std::string render_csv(const Analysis& a, const RenderOptions& o) {
  std::string out = "# " + counting_convention() + "\n";
  const Completeness complete = completeness(a);
  if (o.per_node || o.by_op) {
    // These tables have no row for the model: the verdict is a comment line before the header
    // (the per-node table's status column says which nodes).
    if (!complete.complete) out += "# incomplete: " + complete.summary + "\n";
    return out + (o.per_node ? per_node_table(a, true) : by_op_table(a, true)).to_csv();
  }
  Table t({{"model"},
           {"complete"},
           {"precision"},
           {"macs"},
           {"flops"},
           {"params"},
           {"bytes_read"},
           {"bytes_written"},
           {"nodes"},
           {"nodes_counted"},
           {"uncounted_ops"},
           {"batch"},
           {"macs_lower"},
           {"macs_upper"},
           {"flops_lower"},
           {"flops_upper"}});
  std::vector<std::string> uncounted;
  for (const auto& u : a.uncounted) uncounted.push_back(fmt::format("{}:{}", u.op_type, u.nodes));
  t.add_row({a.model, complete.complete ? "true" : "false", a.precision,
             std::to_string(a.totals.macs), std::to_string(a.totals.flops),
             std::to_string(a.totals.params), std::to_string(a.totals.bytes_read),
             std::to_string(a.totals.bytes_written), std::to_string(a.node_count),
             std::to_string(a.counted_nodes), fmt::format("{}", fmt::join(uncounted, ";")),
             std::to_string(a.batch), bound_cell(a, a.lower, &Counts::macs),
             bound_cell(a, a.upper, &Counts::macs), bound_cell(a, a.lower, &Counts::flops),
             bound_cell(a, a.upper, &Counts::flops)});
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

std::string render_summary(const std::vector<ModelOutcome>& models, OutputFormat format) {
  if (format == OutputFormat::json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& m : models) {
      nlohmann::json row = {{"model", m.path}};
      if (const auto& a = m.analysis) {
        row.update({{"macs", a->totals.macs},
                    {"flops", a->totals.flops},
                    {"params", a->totals.params},
                    {"bytes_read", a->totals.bytes_read},
                    {"bytes_written", a->totals.bytes_written},
                    {"nodes", a->node_count},
                    {"nodes_counted", a->counted_nodes},
                    {"batch", a->batch}});
        nlohmann::json uncounted = nlohmann::json::array();
        for (const auto& u : a->uncounted) {
          uncounted.push_back({{"op", u.op_type}, {"nodes", u.nodes}, {"reason", u.reason}});
        }
        row["uncounted"] = std::move(uncounted);
        const Completeness complete = completeness(*a);
        row["complete"] = complete.complete;
        nlohmann::json nodes = nlohmann::json::array();
        for (const auto& n : complete.nodes) {
          nodes.push_back(
              {{"graph", n.graph}, {"name", n.name}, {"op", n.op_type}, {"reason", n.reason}});
        }
        row["uncounted_nodes"] = std::move(nodes);
      } else {
        row["complete"] = nullptr;
        for (const char* key : {"macs", "flops", "params", "bytes_read", "bytes_written"}) {
          row[key] = nullptr;
        }
      }
      row["error"] = m.analysis ? nlohmann::json(nullptr) : nlohmann::json(m.error);
      rows.push_back(std::move(row));
    }
    return to_json_text(rows);
  }
  Table t({{"model", Align::left},
           {"complete", Align::left},
           {"MACs", Align::right},
           {"FLOPs", Align::right},
           {"params", Align::right},
           {"bytes read", Align::right},
           {"bytes written", Align::right},
           {"nodes", Align::right},
           {"uncounted", Align::left},
           {"batch", Align::right},
           {"error", Align::left}});
  const bool exact = format == OutputFormat::csv;
  const auto count = [&](std::int64_t v) { return exact ? std::to_string(v) : human(v); };
  for (const auto& m : models) {
    const auto& a = m.analysis;
    if (!a) {
      t.add_row({m.path, "", "", "", "", "", "", "", "", "", m.error});
      continue;
    }
    std::vector<std::string> uncounted;
    for (const auto& u : a->uncounted)
      uncounted.push_back(fmt::format("{}:{}", u.op_type, u.nodes));
    const bool complete = is_complete(*a);
    t.add_row({m.path, exact ? (complete ? "true" : "false") : (complete ? "yes" : "NO"),
               count(a->totals.macs), count(a->totals.flops), count(a->totals.params),
               count(a->totals.bytes_read), count(a->totals.bytes_written),
               fmt::format("{}/{}", a->counted_nodes, a->node_count),
               fmt::format("{}", fmt::join(uncounted, " ")), std::to_string(a->batch), ""});
  }
  if (format == OutputFormat::csv) return "# " + counting_convention() + "\n" + t.to_csv();
  return t.render(format);
}

}  // namespace infergy
