// infergy llm: cost, time and energy of language-model inference per token, per request and per
// day (library: include/infergy/llm.hpp). Parses flags and renders; the library does the rest.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "command.hpp"
#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/hw.hpp"
#include "infergy/json_text.hpp"
#include "infergy/llm.hpp"
#include "infergy/report.hpp"
#include "infergy/text.hpp"

namespace infergy::cli {

namespace {

using llm::Range;

struct LlmArgs {
  std::string model, table, sweep, figure = "llm-sweep", weights, kv, state;
  std::string gnuplot = "gnuplot";
  std::int64_t gpus = 1, tp = 0, ep = 0;
  double batch = 1, output = 256, memory_utilization = 0.9;
  std::optional<double> prompt;
  HardwareArgs hardware;
  FootprintArgs footprint;  // --per-day counts requests
  std::string constants;
  bool list = false;
  OutputOptions out;
};

// ---------------------------------------------------------------------------------------------
// Formatting

std::string joules(double j) {
  if (j >= 1e6) return format_significant(j / 1e6, 4) + " MJ";
  if (j >= 1e3) return format_significant(j / 1e3, 4) + " kJ";
  if (j >= 1) return format_significant(j, 4) + " J";
  return format_significant(j * 1e3, 4) + " mJ";
}
std::string seconds(double s) {
  if (s >= 1) return format_significant(s, 4) + " s";
  if (s >= 1e-3) return format_significant(s * 1e3, 4) + " ms";
  return format_significant(s * 1e6, 4) + " µs";
}
std::string bytes(double b) {
  if (b >= 1e9) return format_significant(b / 1e9, 4) + " GB";
  if (b >= 1e6) return format_significant(b / 1e6, 4) + " MB";
  if (b >= 1e3) return format_significant(b / 1e3, 4) + " kB";
  return format_significant(b, 4) + " B";
}
std::string watts(double w) {
  return format_significant(w, 4) + " W";
}
// Whole numbers as such, averages (a measured batch of 63.9) to four digits.
std::string amount(double v) {
  return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v)
                                                   : format_significant(v, 4);
}
std::string ranged(const Range& r, std::string (*unit)(double)) {
  return fmt::format("{} ({} – {})", unit(r.typical), unit(r.low), unit(r.high));
}
std::string g(double v) {
  return fmt::format("{:.6g}", v);
}
nlohmann::json range_json(const Range& r) {
  return {{"low", r.low}, {"typical", r.typical}, {"high", r.high}};
}
std::string render(const Table& t, OutputFormat f) {
  return f == OutputFormat::markdown ? t.to_markdown()
         : f == OutputFormat::csv    ? t.to_csv()
                                     : t.to_text();
}
std::string bullet_list(const std::vector<std::string>& lines, bool md) {
  std::string s;
  for (const auto& l : lines) s += fmt::format("{}{}\n", md ? "- " : "  - ", l);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Inputs

llm::ServingConstants constants(const LlmArgs& a) {
  return llm::with_overrides(llm::default_serving_constants(), a.constants);
}

std::optional<llm::NumberFormat> format_flag(const std::string& flag, const std::string& v) {
  if (v.empty()) return std::nullopt;
  const auto f = llm::parse_number_format(v);
  if (!f)
    throw usage_error(fmt::format("{} '{}': use bf16, fp16, fp8, int8, int4 or mxfp4", flag, v));
  return f;
}

llm::Deployment deployment(const LlmArgs& a, const llm::ModelSpec& m) {
  llm::Deployment d;
  d.devices = a.gpus;
  d.tensor_parallel = a.tp;
  d.expert_parallel = a.ep;
  d.batch = a.batch;
  d.prompt = a.prompt.value_or(512);
  d.output = a.output;
  d.memory_utilization = a.memory_utilization;
  if (const auto w = format_flag("--weights", a.weights))
    d.weights = llm::quantized_linear_weights(*w, m.arch.dtype);
  d.kv = format_flag("--kv", a.kv);
  d.ssm_state = format_flag("--state", a.state);
  return d;
}

// ---------------------------------------------------------------------------------------------
// --list

void run_list(const LlmArgs& a) {
  const auto presets = llm::PresetCatalogue::builtin(data_dir());
  Table t({{"id", Align::left},
           {"family", Align::left},
           {"architecture", Align::left},
           {"params", Align::right},
           {"active", Align::right},
           {"KV/token", Align::right},
           {"weights", Align::left},
           {"aliases", Align::left}});
  nlohmann::json j = nlohmann::json::array();
  const bool exact = a.out.format() == OutputFormat::csv;
  for (const auto& p : presets.all()) {
    const auto c = llm::count_params(p.architecture);
    const auto m = llm::resolve_model(p.id, presets);
    std::vector<std::string> ids{p.id};
    for (const auto& v : p.variants) ids.push_back(v.id);
    for (const auto& id : ids) {
      const auto spec = llm::resolve_model(id, presets);
      const double kv = llm::kv_bytes_per_token(p.architecture, p.architecture.dtype);
      t.add_row({id, p.family, p.architecture.model_type,
                 exact ? std::to_string(c.total) : format_si(static_cast<double>(c.total)),
                 exact ? std::to_string(c.active) : format_si(static_cast<double>(c.active)),
                 exact ? g(kv) : bytes(kv), spec.weights.label,
                 id == p.id ? fmt::format("{}", fmt::join(p.aliases, "; ")) : ""});
      j.push_back({{"id", id},
                   {"family", p.family},
                   {"model_type", p.architecture.model_type},
                   {"params_total", c.total},
                   {"params_active", c.active},
                   {"kv_bytes_per_token", kv},
                   {"weights", spec.weights.label},
                   {"aliases", id == p.id ? p.aliases : std::vector<std::string>{}},
                   {"config_source", p.config_source}});
    }
    (void)m;
  }
  if (a.out.format() == OutputFormat::json) return a.out.write(to_json_text(j));
  a.out.write(render(t, a.out.format()));
}

// ---------------------------------------------------------------------------------------------
// Counting only (no --hw)

void run_count(const LlmArgs& a, const llm::ModelSpec& m) {
  const auto& arch = m.arch;
  const auto c = llm::count_params(arch);
  const llm::NumberFormat kv = format_flag("--kv", a.kv).value_or(arch.dtype);
  const auto weights = a.weights.empty() ? m.weights
                                         : llm::quantized_linear_weights(
                                               *format_flag("--weights", a.weights), arch.dtype);
  const auto prompt = static_cast<std::int64_t>(std::llround(a.prompt.value_or(512)));
  const auto context = prompt + static_cast<std::int64_t>(std::llround(a.output));
  const auto prefill = llm::count_forward(arch, std::max<std::int64_t>(1, prompt), 0);
  const auto decode = llm::count_forward(arch, 1, context - 1);
  const double wb = llm::weight_bytes(arch, weights);
  const double kvt = llm::kv_bytes_per_token(arch, kv);
  const auto ssm = format_flag("--state", a.state).value_or(llm::kSsmStateFormat);
  const double prefill_bytes =
      llm::forward_bytes(arch, weights, kv, std::max<std::int64_t>(1, prompt), 0, ssm);
  const double decode_bytes = llm::forward_bytes(arch, weights, kv, 1, context - 1, ssm);
  const double cache = llm::cache_bytes(arch, context, kv, ssm);
  if (a.out.format() == OutputFormat::json) {
    nlohmann::json j = {
        {"model", m.name},
        {"source", m.source},
        {"model_type", arch.model_type},
        {"params_total", c.total},
        {"params_active", c.active},
        {"weights", weights.label},
        {"weight_bytes", wb},
        {"kv_format", std::string(llm::to_string(kv))},
        {"kv_bytes_per_token", kvt},
        {"state_bytes_per_sequence", llm::state_bytes(arch, kv, ssm)},
        {"cache_bytes_at_context", cache},
        {"prompt", prompt},
        {"context", context},
        {"prefill",
         {{"macs", prefill.macs},
          {"flops", prefill.flops},
          {"flops_per_token",
           prefill.flops / static_cast<double>(std::max<std::int64_t>(1, prompt))},
          {"bytes", prefill_bytes}}},
        {"decode_step", {{"macs", decode.macs}, {"flops", decode.flops}, {"bytes", decode_bytes}}},
        {"notes", arch.notes},
        {"convention", llm::convention_lines()}};
    nlohmann::json groups;
    for (auto gr : llm::all_tensor_groups())
      groups[std::string(llm::to_string(gr))] = c.matrices[static_cast<std::size_t>(gr)];
    groups["vectors"] = c.vectors;
    j["params_by_group"] = groups;
    return a.out.write(to_json_text(j));
  }
  Table t({{"quantity", Align::left}, {"value", Align::right}, {"exact", Align::right}});
  const auto row = [&](const std::string& q, double v, const std::string& shown) {
    t.add_row({q, shown, fmt::format("{:.0f}", v)});
  };
  row("parameters", static_cast<double>(c.total), format_si(static_cast<double>(c.total)));
  row("active per token", static_cast<double>(c.active), format_si(static_cast<double>(c.active)));
  for (auto gr : llm::all_tensor_groups()) {
    const auto v = static_cast<double>(c.matrices[static_cast<std::size_t>(gr)]);
    if (v > 0) row(fmt::format("  {} matrices", llm::to_string(gr)), v, format_si(v));
  }
  row("  vectors (norms, biases, ...)", static_cast<double>(c.vectors),
      format_si(static_cast<double>(c.vectors)));
  t.add_separator();
  row(fmt::format("weight bytes ({})", weights.label), wb, bytes(wb));
  row(fmt::format("KV cache per token ({})", llm::to_string(kv)), kvt, bytes(kvt));
  row(fmt::format("cache of one sequence at {} tokens", context), cache, bytes(cache));
  t.add_separator();
  row(fmt::format("prefill FLOPs ({} tokens, causal)", prompt), prefill.flops,
      format_si(prefill.flops));
  row("  per prompt token", prefill.flops / static_cast<double>(std::max<std::int64_t>(1, prompt)),
      format_si(prefill.flops / static_cast<double>(std::max<std::int64_t>(1, prompt))));
  row(fmt::format("decode step FLOPs (context {})", context), decode.flops,
      format_si(decode.flops));
  row("  of which attention (2 x MACs)", 2 * decode.attention_macs,
      format_si(2 * decode.attention_macs));
  row("prefill bytes (weights, KV written)", prefill_bytes, bytes(prefill_bytes));
  row("decode step bytes (weights, KV read and written)", decode_bytes, bytes(decode_bytes));
  const bool md = a.out.format() == OutputFormat::markdown;
  std::string s;
  if (a.out.format() != OutputFormat::csv)
    s = fmt::format("{}infergy llm: {} ({}, config from {})\n\n", md ? "# " : "", m.name,
                    arch.model_type, m.source);
  s += render(t, a.out.format());
  if (a.out.format() == OutputFormat::csv) return a.out.write(s);
  if (!arch.notes.empty()) s += "\nNotes\n" + bullet_list(arch.notes, md);
  s += "\nCounting convention\n" + bullet_list({llm::convention_lines().front()}, md);
  a.out.write(s);
}

// ---------------------------------------------------------------------------------------------
// One deployment

void single_json(nlohmann::json& j, const llm::ServingEstimate& e,
                 const energy::FootprintParams& fp, double per_day) {
  const auto& d = e.deployment;
  j["model"] = e.model;
  j["hardware"] = e.hardware;
  j["deployment"] = {{"devices", d.devices},
                     {"tensor_parallel", d.tensor_parallel},
                     {"expert_parallel", d.expert_parallel},
                     {"batch", d.batch},
                     {"prompt", d.prompt},
                     {"output", d.output}};
  j["weights"] = e.weights.label;
  j["kv_format"] = std::string(llm::to_string(e.kv));
  j["compute_precision"] = std::string(to_string(e.compute));
  j["params_total"] = e.params.total;
  j["params_active"] = e.params.active;
  j["weight_bytes_total"] = e.weight_bytes_total;
  j["kv_bytes_per_token"] = e.kv_bytes_per_token;
  j["state_bytes_per_sequence"] = e.state_bytes_per_sequence;
  j["memory_per_device"] = {{"weights_bytes", e.memory.weights_bytes},
                            {"cache_bytes", e.memory.cache_bytes},
                            {"capacity_bytes", e.memory.capacity_bytes},
                            {"fits", e.memory.fits}};
  j["prefill_flops_per_token"] = e.prefill_flops_per_token;
  j["decode_flops_per_token"] = e.decode_flops_per_token;
  j["flops_per_output_token"] = e.flops_per_output_token;
  j["experts_touched_per_moe_layer"] = e.experts_touched;
  j["step_breakdown_seconds"] = {{"weights", e.step.weights_s},
                                 {"attention", e.step.attention_s},
                                 {"collectives", e.step.collectives_s}};
  j["ttft_seconds"] = range_json(e.ttft_seconds);
  j["prefill_seconds"] = range_json(e.prefill_seconds);
  j["itl_seconds"] = range_json(e.step_seconds);
  j["tokens_per_second"] = range_json(e.tokens_per_second);
  j["memory_bandwidth_utilization"] = e.memory_utilization;
  j["compute_utilization"] = e.compute_utilization;
  j["power_watts"] = range_json(e.power_w);
  j["idle_watts_per_device"] = e.idle_w;
  j["interconnect_gbs"] = e.interconnect_gbs;
  j["energy_per_token_joules"] = range_json(e.joules_per_token);
  j["energy_per_request_joules"] = range_json(e.joules_per_request);
  j["study_energy_per_token_joules"] = e.study_joules_per_token;
  if (per_day > 0) {
    const auto f = energy::footprint(e.joules_per_request.typical, per_day, fp);
    j["footprint_typical"] = {{"requests_per_day", per_day},
                              {"wall_joules_per_request", f.joules_per_inference},
                              {"kwh_per_day", f.kwh_per_day},
                              {"mwh_per_year", f.mwh_per_year},
                              {"t_co2e_per_year", f.t_co2e_per_year},
                              {"cost_per_year", f.cost_per_year},
                              {"currency", fp.currency},
                              {"pue", fp.pue},
                              {"grid_g_co2e_per_kwh", fp.grid_g_co2e_per_kwh},
                              {"price_per_kwh", fp.price_per_kwh}};
  }
  j["assumptions"] = e.assumptions;
  j["convention"] = llm::convention_lines();
}

void run_single(const LlmArgs& a, const llm::ModelSpec& m, const hw::HardwareSpec& spec) {
  const auto e = llm::estimate_serving(m, spec, deployment(a, m), constants(a));
  llm::require_fit(e);
  const auto fp = a.footprint.params();
  if (a.out.format() == OutputFormat::json) {
    nlohmann::json j;
    single_json(j, e, fp, a.footprint.per_day);
    return a.out.write(to_json_text(j));
  }
  const auto& d = e.deployment;
  Table t({{"quantity", Align::left}, {"typical (low – high)", Align::right}});
  t.add_row({"parameters (total / active)",
             fmt::format("{} / {}", format_si(static_cast<double>(e.params.total)),
                         format_si(static_cast<double>(e.params.active)))});
  t.add_row({"weights (all / per device)",
             fmt::format("{} / {}", bytes(e.weight_bytes_total), bytes(e.memory.weights_bytes))});
  t.add_row({"KV cache per token", bytes(e.kv_bytes_per_token)});
  if (e.state_bytes_per_sequence > 0)
    t.add_row({"Mamba state per sequence", bytes(e.state_bytes_per_sequence)});
  t.add_row({"memory per device (weights + caches)",
             e.memory.capacity_bytes > 0
                 ? fmt::format("{} of {}", bytes(e.memory.weights_bytes + e.memory.cache_bytes),
                               bytes(e.memory.capacity_bytes))
                 : bytes(e.memory.weights_bytes + e.memory.cache_bytes)});
  t.add_row({"FLOPs per token: prompt / decode",
             fmt::format("{} / {}", format_si(e.prefill_flops_per_token),
                         format_si(e.decode_flops_per_token))});
  if (e.experts_touched > 0)
    t.add_row({"experts touched per MoE layer and step", format_significant(e.experts_touched, 4)});
  t.add_separator();
  t.add_row({"prefill of one prompt alone", ranged(e.prefill_seconds, seconds)});
  t.add_row({"time to first token", ranged(e.ttft_seconds, seconds)});
  t.add_row({"inter-token latency (mean step)", ranged(e.step_seconds, seconds)});
  t.add_row({"  weights / attention / collectives",
             fmt::format("{} / {} / {}", seconds(e.step.weights_s), seconds(e.step.attention_s),
                         seconds(e.step.collectives_s))});
  t.add_row({"output tokens/s (all sequences)",
             fmt::format("{} ({} – {})", format_significant(e.tokens_per_second.typical, 4),
                         format_significant(e.tokens_per_second.low, 4),
                         format_significant(e.tokens_per_second.high, 4))});
  t.add_row({fmt::format("power ({} devices)", d.devices),
             fmt::format("{} (bandwidth {:.0f}%, matrix peak {:.0f}%)", watts(e.power_w.typical),
                         100 * e.memory_utilization, 100 * e.compute_utilization)});
  t.add_row({"energy per output token (devices)", ranged(e.joules_per_token, joules)});
  t.add_row({"energy per request (devices)", ranged(e.joules_per_request, joules)});
  t.add_row(
      {"study estimator per token (FLOPs / GFLOPS/W)",
       fmt::format("{} ({}x below)", joules(e.study_joules_per_token),
                   format_significant(e.joules_per_token.typical / e.study_joules_per_token, 3))});
  t.add_separator();
  const auto foot = [&](const std::string& label, auto get, auto show) {
    const auto f = [&](double j) { return get(energy::footprint(j, a.footprint.per_day, fp)); };
    t.add_row({label,
               fmt::format("{} ({} – {})", show(f(e.joules_per_request.typical)),
                           show(f(e.joules_per_request.low)), show(f(e.joules_per_request.high)))});
  };
  const auto num = [](double v) { return format_si(v); };
  foot(
      "energy per request at the wall (x PUE)",
      [](const energy::Footprint& f) { return f.joules_per_inference; }, joules);
  foot(
      "requests per kWh", [](const energy::Footprint& f) { return f.inferences_per_kwh; }, num);
  if (a.footprint.per_day > 0) {
    foot(
        "kWh per day", [](const energy::Footprint& f) { return f.kwh_per_day; }, num);
    foot(
        "MWh per year", [](const energy::Footprint& f) { return f.mwh_per_year; }, num);
    foot(
        "t CO2e per year", [](const energy::Footprint& f) { return f.t_co2e_per_year; }, num);
    foot(
        fmt::format("cost per year ({})", fp.currency),
        [](const energy::Footprint& f) { return f.cost_per_year; }, num);
  }
  const bool md = a.out.format() == OutputFormat::markdown;
  if (a.out.format() == OutputFormat::csv) {
    Table c({{"quantity"}, {"value"}});
    for (const auto& r : t.rows()) c.add_row(r);
    c.add_row({"assumptions", fmt::format("{}", fmt::join(e.assumptions, "; "))});
    return a.out.write(c.to_csv());
  }
  std::string s = fmt::format("{}infergy llm: {} on {}x {} ({})\n", md ? "# " : "", e.model,
                              d.devices, spec.id, spec.name);
  s += fmt::format(
      "{}tensor parallel {}, expert parallel {}; {} concurrent sequences, prompt {}, output {} "
      "tokens; weights {}, KV cache {}, products at {}\n",
      md ? "- " : "", d.tensor_parallel, d.expert_parallel, amount(d.batch), amount(d.prompt),
      amount(d.output), e.weights.label, llm::to_string(e.kv), to_string(e.compute));
  s += fmt::format("{}grid {} g CO2e/kWh, price {} {}/kWh, PUE {}{}\n\n", md ? "- " : "",
                   fp.grid_g_co2e_per_kwh, fp.price_per_kwh, fp.currency, fp.pue,
                   a.footprint.per_day > 0
                       ? fmt::format(", {} requests per day", format_si(a.footprint.per_day))
                       : "");
  s += render(t, a.out.format());
  if (!e.assumptions.empty()) s += "\nAssumptions\n" + bullet_list(e.assumptions, md);
  s += "\nModel\n" + bullet_list(llm::convention_lines(), md);
  a.out.write(s);
}

// ---------------------------------------------------------------------------------------------
// --hw all

void run_all(const LlmArgs& a, const llm::ModelSpec& m, const hw::Catalogue& cat) {
  const auto r = llm::rank_hardware(m, cat, deployment(a, m), constants(a));
  if (r.rows.empty()) {
    throw input_error(fmt::format(
        "{} fits on no catalogued device at {} devices ({} do not fit, {} lack figures)", m.name,
        a.gpus, r.not_fitting, r.missing_figures));
  }
  const auto fp = a.footprint.params();
  if (a.out.format() == OutputFormat::json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& e : r.rows) {
      nlohmann::json x;
      single_json(x, e, fp, a.footprint.per_day);
      j.push_back(std::move(x));
    }
    return a.out.write(to_json_text(j));
  }
  const bool exact = a.out.format() == OutputFormat::csv;
  std::vector<Column> cols = {{"#"},
                              {"hardware", Align::left},
                              {"J/token", Align::right},
                              {"ITL", Align::right},
                              {"TTFT", Align::right},
                              {"tokens/s", Align::right},
                              {"power", Align::right},
                              {"memory/device", Align::right},
                              {"study J/token", Align::right}};
  if (a.footprint.per_day > 0) cols.push_back({"MWh/year"});
  cols.push_back({"assumptions", Align::left});
  Table t(cols);
  std::size_t rank = 0;
  for (const auto& e : r.rows) {
    std::vector<std::string> c = {
        std::to_string(++rank),
        e.hardware,
        exact ? g(e.joules_per_token.typical) : ranged(e.joules_per_token, joules),
        exact ? g(e.step_seconds.typical) : seconds(e.step_seconds.typical),
        exact ? g(e.ttft_seconds.typical) : seconds(e.ttft_seconds.typical),
        exact ? g(e.tokens_per_second.typical) : format_si(e.tokens_per_second.typical),
        exact ? g(e.power_w.typical) : watts(e.power_w.typical),
        exact ? g(e.memory.weights_bytes + e.memory.cache_bytes)
              : bytes(e.memory.weights_bytes + e.memory.cache_bytes),
        exact ? g(e.study_joules_per_token) : joules(e.study_joules_per_token)};
    if (a.footprint.per_day > 0)
      c.push_back(format_si(
          energy::footprint(e.joules_per_request.typical, a.footprint.per_day, fp).mwh_per_year));
    c.push_back(fmt::format("{}", fmt::join(e.assumptions, "; ")));
    t.add_row(std::move(c));
  }
  std::string s;
  if (!exact) {
    s = fmt::format(
        "{}infergy llm: {} on {} device(s) each, batch {}, prompt {}, output {}: {} devices ranked "
        "by joules per output token ({} too small, {} without the figures)\n\n",
        a.out.format() == OutputFormat::markdown ? "# " : "", m.name, a.gpus, amount(a.batch),
        amount(a.prompt.value_or(512)), amount(a.output), r.rows.size(), r.not_fitting,
        r.missing_figures);
  }
  a.out.write(s + render(t, a.out.format()));
}

// ---------------------------------------------------------------------------------------------
// --sweep KEY=v1,v2,...

void run_sweep(const LlmArgs& a, const llm::ModelSpec& m, const hw::HardwareSpec& spec) {
  const auto eq = a.sweep.find('=');
  const std::string key = eq == std::string::npos ? "" : a.sweep.substr(0, eq);
  if (key != "batch" && key != "prompt" && key != "output" && key != "gpus")
    throw usage_error(fmt::format(
        "--sweep '{}': use batch=, prompt=, output= or gpus= and a list of values", a.sweep));
  std::vector<double> values;
  for (const auto& part : split(a.sweep.substr(eq + 1), ',')) {
    const std::string_view t = trim(part);
    double v = 0;
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || !(v >= 0))
      throw usage_error(fmt::format("--sweep '{}': '{}' is not a number", a.sweep, t));
    values.push_back(v);
  }
  if (values.empty() || values.size() > 200) throw usage_error("--sweep needs 1 to 200 values");
  std::vector<llm::ServingEstimate> points;
  for (double v : values) {
    LlmArgs x = a;
    if (key == "batch") x.batch = v;
    if (key == "prompt") x.prompt = v;
    if (key == "output") x.output = v;
    if (key == "gpus") x.gpus = static_cast<std::int64_t>(v);
    auto e = llm::estimate_serving(m, spec, deployment(x, m), constants(a));
    llm::require_fit(e);
    points.push_back(std::move(e));
  }
  const bool exact = a.out.format() == OutputFormat::csv || a.out.format() == OutputFormat::json;
  Table t({{key},
           {"J/token"},
           {"J/token low"},
           {"J/token high"},
           {"ITL"},
           {"TTFT"},
           {"tokens/s"},
           {"power W"},
           {"study J/token"}});
  nlohmann::json j = nlohmann::json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& e = points[i];
    t.add_row({g(values[i]),
               exact ? g(e.joules_per_token.typical) : joules(e.joules_per_token.typical),
               exact ? g(e.joules_per_token.low) : joules(e.joules_per_token.low),
               exact ? g(e.joules_per_token.high) : joules(e.joules_per_token.high),
               exact ? g(e.step_seconds.typical) : seconds(e.step_seconds.typical),
               exact ? g(e.ttft_seconds.typical) : seconds(e.ttft_seconds.typical),
               g(e.tokens_per_second.typical), g(e.power_w.typical),
               exact ? g(e.study_joules_per_token) : joules(e.study_joules_per_token)});
    nlohmann::json x;
    single_json(x, e, a.footprint.params(), 0);
    x["swept"] = {{key, values[i]}};
    j.push_back(std::move(x));
  }
  std::vector<std::string> written;
  if (!a.figure.empty() && a.figure != "none") {
    const auto fig = report::llm_sweep_figure(points, key, values);
    const auto r = report::render_figure(fig, a.figure, a.gnuplot, a.out.force);
    for (const auto& f : r) written.push_back(f.string());
  }
  if (a.out.format() == OutputFormat::json) return a.out.write(to_json_text(j));
  std::string s;
  if (a.out.format() != OutputFormat::csv) {
    s = fmt::format("{}infergy llm: {} on {}x {}, sweeping {}\n\n",
                    a.out.format() == OutputFormat::markdown ? "# " : "", m.name, a.gpus, spec.id,
                    key);
  }
  s += render(t, a.out.format());
  if (a.out.format() != OutputFormat::csv) {
    if (!points.front().assumptions.empty())
      s += "\nAssumptions\n" + bullet_list(points.front().assumptions, false);
    if (!written.empty()) s += fmt::format("\nfigure: {}\n", fmt::join(written, ", "));
  }
  a.out.write(s);
}

// ---------------------------------------------------------------------------------------------
// --table FILE.csv (ML.ENERGY columns)

void run_table(const LlmArgs& a, const hw::Catalogue& cat) {
  const auto presets = llm::PresetCatalogue::builtin(data_dir());
  const auto rows = llm::read_table(a.table);
  const double prompt = a.prompt.value_or(llm::kChatPromptTokens);
  const auto k = constants(a);
  Table t({{"model_id"},
           {"gpu_model"},
           {"num_gpus"},
           {"tensor_parallel"},
           {"expert_parallel"},
           {"weight_precision"},
           {"avg_batch_size"},
           {"avg_output_len"},
           {"prompt_len"},
           {"params_total"},
           {"params_active"},
           {"kv_bytes_per_token"},
           {"memory_per_device_bytes"},
           {"fits"},
           {"ttft_ms"},
           {"ttft_ms_low"},
           {"ttft_ms_high"},
           {"itl_ms"},
           {"itl_ms_low"},
           {"itl_ms_high"},
           {"tokens_per_second"},
           {"power_watts"},
           {"energy_per_token_joules"},
           {"energy_per_token_joules_low"},
           {"energy_per_token_joules_high"},
           {"energy_per_request_joules"},
           {"energy_per_request_joules_low"},
           {"energy_per_request_joules_high"},
           {"study_energy_per_token_joules"},
           {"assumptions"}});
  nlohmann::json j = nlohmann::json::array();
  const bool progress = stderr_is_terminal() && rows.size() > 20;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (progress && i % 20 == 0) fmt::print(stderr, "\r{}/{} rows\x1b[K", i, rows.size());
    const auto where = [&](const Error& err) {
      return Error(err.kind() == ErrorKind::usage ? ErrorKind::input : err.kind(),
                   fmt::format("{}:{}: {}", a.table, row.line, err.what()));
    };
    llm::ServingEstimate e;
    try {
      const auto m = llm::resolve_model(row.model_id, presets);
      e = llm::estimate_serving(m, hardware_row(cat, row.gpu), llm::deployment_for(row, m, prompt),
                                k);
    } catch (const Error& err) {
      throw where(err);
    }
    const auto& d = e.deployment;
    t.add_row({row.model_id,
               row.gpu,
               std::to_string(row.num_gpus),
               std::to_string(d.tensor_parallel),
               std::to_string(d.expert_parallel),
               row.weight_precision,
               g(row.avg_batch_size),
               g(row.avg_output_len),
               g(d.prompt),
               std::to_string(e.params.total),
               std::to_string(e.params.active),
               g(e.kv_bytes_per_token),
               g(e.memory.weights_bytes + e.memory.cache_bytes),
               e.memory.fits ? "yes" : "no",
               g(e.ttft_seconds.typical * 1e3),
               g(e.ttft_seconds.low * 1e3),
               g(e.ttft_seconds.high * 1e3),
               g(e.step_seconds.typical * 1e3),
               g(e.step_seconds.low * 1e3),
               g(e.step_seconds.high * 1e3),
               g(e.tokens_per_second.typical),
               g(e.power_w.typical),
               g(e.joules_per_token.typical),
               g(e.joules_per_token.low),
               g(e.joules_per_token.high),
               g(e.joules_per_request.typical),
               g(e.joules_per_request.low),
               g(e.joules_per_request.high),
               g(e.study_joules_per_token),
               fmt::format("{}", fmt::join(e.assumptions, "; "))});
    nlohmann::json x;
    single_json(x, e, a.footprint.params(), 0);
    x["line"] = row.line;
    j.push_back(std::move(x));
  }
  if (progress) fmt::print(stderr, "\r\x1b[K");
  if (a.out.format() == OutputFormat::json) return a.out.write(to_json_text(j));
  a.out.write(render(t, a.out.format()));
}

void run(const LlmArgs& a) {
  if (a.list) return run_list(a);
  if (!(a.footprint.per_day >= 0))
    throw usage_error(fmt::format("--per-day must be >= 0 (got {})", a.footprint.per_day));
  const hw::Catalogue cat = a.hardware.catalogue();
  if (!a.table.empty()) {
    if (!a.model.empty() || !a.hardware.hw.empty() || !a.sweep.empty())
      throw usage_error(
          "--table takes the models and hardware from the file: no MODEL, --hw or --sweep");
    return run_table(a, cat);
  }
  if (a.model.empty())
    throw usage_error(
        "a MODEL (preset id or config.json) is required; `infergy llm --list` lists the presets");
  const auto presets = llm::PresetCatalogue::builtin(data_dir());
  const auto m = llm::resolve_model(a.model, presets);
  if (a.hardware.hw.empty()) {
    if (!a.sweep.empty()) throw usage_error("--sweep needs --hw");
    return run_count(a, m);
  }
  if (a.hardware.ranks_all()) {
    if (!a.sweep.empty()) throw usage_error("--sweep needs one --hw, not 'all'");
    return run_all(a, m, cat);
  }
  const hw::HardwareSpec device = a.hardware.device(cat);
  if (!a.sweep.empty()) return run_sweep(a, m, device);
  run_single(a, m, device);
}

void setup(CLI::App& root) {
  auto a = std::make_shared<LlmArgs>();
  CLI::App* cmd = root.add_subcommand(
      "llm", "Cost, time and energy of language-model inference per token, request and day");
  cmd->add_option(
      "model", a->model,
      "Preset id or alias (`--list`), or a Hugging Face config.json (or its directory)");
  cmd->add_flag("--list", a->list, "List the shipped presets");
  add_hardware_options(*cmd, a->hardware, HardwareChoice::one_or_all, "; without it, counts only");
  cmd->add_option("--gpus", a->gpus, "Devices serving the model")->capture_default_str();
  cmd->add_option("--tp", a->tp,
                  "Tensor-parallel degree of attention and dense layers (default: all devices)");
  cmd->add_option("--ep", a->ep,
                  "Devices the routed experts are spread over (default: all devices)");
  cmd->add_option("--batch", a->batch, "Concurrent sequences in steady state")
      ->capture_default_str()
      ->check(finite_number());
  cmd->add_option("--prompt", a->prompt,
                  "Prompt tokens per request (default 512; --table: the stated chat assumption)")
      ->check(finite_number());
  cmd->add_option("--output", a->output, "Output tokens per request")
      ->capture_default_str()
      ->check(finite_number());
  cmd->add_option("--weights", a->weights,
                  "Quantize the block matrices: bf16, fp16, fp8, int8, int4, mxfp4 (default: the "
                  "checkpoint's)");
  cmd->add_option("--kv", a->kv, "KV-cache format (default: the model's dtype)");
  cmd->add_option("--state", a->state,
                  "Mamba SSM state format (default: fp32, as vLLM runs Nemotron-H)");
  cmd->add_option("--memory-utilization", a->memory_utilization,
                  "Share of device memory the server may use")
      ->capture_default_str()
      ->check(finite_number());
  add_footprint_options(*cmd, a->footprint, "request");
  cmd->add_option("--sweep", a->sweep,
                  "KEY=v1,v2,...: batch, prompt, output or gpus; a table and a figure");
  cmd->add_option("--figure", a->figure,
                  "Stem of the sweep figure (STEM.svg, STEM.png, STEM.gp); 'none' for no figure")
      ->capture_default_str();
  cmd->add_option("--gnuplot", a->gnuplot, "gnuplot executable")->capture_default_str();
  cmd->add_option("--table", a->table,
                  "CSV of deployments in ML.ENERGY's columns; the same rows out, in order");
  cmd->add_option(
      "--constants", a->constants,
      "Override the serving model's constants: NAME=VALUE,... (calibration; docs/estimators.md)");
  a->out.format_name = "table";
  cmd->add_option("--format", a->out.format_name, "Output format: table, markdown, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "text", "markdown", "md", "csv", "json"}));
  cmd->add_option("--out", a->out.path, "Write the output to FILE instead of stdout");
  cmd->add_flag("--force", a->out.force, "Overwrite the --out file and figure files if they exist");
  cmd->footer(
      "See docs/llm.md for the counting convention and docs/estimators.md for the serving model.");
  cmd->callback([a] { run(*a); });
}

const CommandRegistration registration(25, setup);

}  // namespace

}  // namespace infergy::cli
