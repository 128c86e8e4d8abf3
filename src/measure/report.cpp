// Renderings of a Measurement: a text or Markdown table with notes, CSV (one row per domain, a
// fixed set of columns), and JSON (everything, with nulls where a value is unavailable).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "infergy/escape.hpp"
#include "infergy/json_text.hpp"
#include "infergy/measure.hpp"
#include "infergy/text.hpp"

namespace infergy::measure {

namespace {

constexpr int kDigits = 4;

std::string number(std::optional<double> v) {
  return v ? format_significant(*v, kDigits) : std::string("-");
}

// The argument as a POSIX shell reads it back. One holding control bytes or invalid UTF-8 is
// written in bash's $'...' form, whose \xNN \n \uNNNN escapes are those visible() writes, so
// the line stays printable and can still be pasted into a shell.
std::string shell_quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_./=:,+@%") == std::string::npos) {
    return arg;
  }
  if (!is_plain_text(arg)) {
    std::string literal;
    for (char c : arg) {
      if (c == '\\' || c == '\'') literal += '\\';
      literal += c;
    }
    return "$'" + visible(literal) + "'";
  }
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + shell_quote(a);
  return out;
}

std::string why_not_counted(const SensorReading& r) {
  return r.info.kind == SensorKind::platform
             ? "covers the whole platform, overlapping the packages; not added to the totals"
             : "part of its package's figure; not added to the totals";
}

std::vector<std::string> notes_of(const Measurement& m) {
  std::vector<std::string> notes;
  for (const auto& d : m.domains) {
    const std::string& name = d.run.info.name;
    if (!d.run.available()) notes.push_back(name + ": unavailable: " + d.run.unavailable_reason);
    for (const auto& n : d.run.notes) notes.push_back(name + ": " + n);
    if (d.idle && !d.idle->available()) {
      notes.push_back(name + ": idle baseline unavailable: " + d.idle->unavailable_reason);
    }
    if (!d.run.info.counted_in_total) notes.push_back(name + ": " + why_not_counted(d.run));
    if (const auto net = d.net_joules(); net && *net < 0) {
      notes.push_back(name +
                      ": net energy is negative: the command drew less than the idle baseline "
                      "(noise, or a baseline taken while something else ran)");
    }
  }
  for (const auto& t : m.totals()) {
    if (t.unavailable_domains > 0 && t.domains > 0) {
      notes.push_back(fmt::format("total {}: leaves out {} unavailable domain{}",
                                  t.kind ? std::string(to_string(*t.kind)) : "of all domains",
                                  t.unavailable_domains, t.unavailable_domains == 1 ? "" : "s"));
    }
  }
  for (const auto& f : m.failures) notes.push_back(f.sensor + ": " + f.reason);
  return notes;
}

std::vector<std::string> header_lines(const Measurement& m) {
  std::vector<std::string> lines;
  lines.push_back("command: " + command_line(m.command));
  std::string outcome =
      fmt::format("{} after {} s", m.outcome.description.empty() ? "ran" : m.outcome.description,
                  format_significant(m.duration_s, kDigits));
  if (!m.domains.empty())
    outcome += fmt::format("; sensors sampled every {} ms", m.interval.count());
  lines.push_back(outcome);
  if (m.idle_s > 0) {
    lines.push_back(fmt::format(
        "idle baseline: {} s before the command; net = joules - idle power x the command's "
        "duration",
        format_significant(m.idle_s, kDigits)));
  }
  if (m.inferences) lines.push_back(fmt::format("inferences: {}", *m.inferences));
  if (!m.measured()) {
    lines.push_back(m.domains.empty() ? "no energy was measured: no sensor could be read"
                                      : "no energy was measured: every domain is unavailable");
  }
  return lines;
}

Table domain_table(const Measurement& m) {
  const bool idle = m.idle_s > 0;
  const bool per_inference = m.inferences.has_value();
  std::vector<Column> columns = {{"domain", Align::left},
                                 {"kind", Align::left},
                                 {"method", Align::left},
                                 {"joules"},
                                 {"seconds"},
                                 {"mean W"},
                                 {"peak W"}};
  if (idle) {
    columns.push_back({"idle W"});
    columns.push_back({"net J"});
  }
  if (per_inference) {
    columns.push_back({"J/inference"});
    if (idle) columns.push_back({"net J/inference"});
  }
  Table table(std::move(columns));
  for (const auto& d : m.domains) {
    const SensorReading& r = d.run;
    std::vector<std::string> row = {r.info.name, std::string(to_string(r.info.kind)),
                                    r.info.method};
    if (r.available()) {
      row.insert(row.end(), {number(r.joules), number(r.duration_s), number(r.mean_power_w),
                             number(r.peak_power_w)});
    } else {
      row.insert(row.end(), {"unavailable", "-", "-", "-"});
    }
    if (idle) {
      row.push_back(number(d.idle_power_w()));
      row.push_back(number(d.net_joules()));
    }
    if (per_inference) {
      row.push_back(number(m.per_inference(r.joules)));
      if (idle) row.push_back(number(m.per_inference(d.net_joules())));
    }
    table.add_row(std::move(row));
  }

  const auto totals = m.totals();
  if (!totals.empty()) {
    const EnergyTotal& all = totals.back();
    if (all.domains + all.unavailable_domains >= 2) {
      table.add_separator();
      const bool several_kinds = totals.size() > 2;
      for (const auto& t : totals) {
        if (t.kind && !several_kinds) continue;
        std::vector<std::string> row = {
            t.kind ? "total " + std::string(to_string(*t.kind)) : std::string("total"),
            t.kind ? std::string(to_string(*t.kind)) : std::string(),
            "",
            t.domains > 0 ? number(t.joules) : std::string("unavailable"),
            "",
            "",
            ""};
        const std::optional<double> joules =
            t.domains > 0 ? std::optional<double>(t.joules) : std::nullopt;
        if (idle) {
          row.push_back("");
          row.push_back(number(t.net_joules));
        }
        if (per_inference) {
          row.push_back(number(m.per_inference(joules)));
          if (idle) row.push_back(number(m.per_inference(t.net_joules)));
        }
        table.add_row(std::move(row));
      }
    }
  }
  return table;
}

std::string render_text(const Measurement& m, bool markdown) {
  // Sensor names, file names and the command's arguments come from outside infergy.
  const auto shown = [markdown](std::string_view text) {
    return markdown ? markdown_escape(text) : visible(text);
  };
  std::string out;
  for (const auto& line : header_lines(m)) out += shown(line) + (markdown ? "\n\n" : "\n");
  if (!m.domains.empty()) {
    const Table t = domain_table(m);
    out += (markdown ? "" : "\n") + (markdown ? t.to_markdown() : t.to_text());
  }
  const auto notes = notes_of(m);
  if (!notes.empty()) {
    out += markdown ? "\nNotes:\n\n" : "\nnotes:\n";
    for (const auto& n : notes) out += (markdown ? "- " : "  ") + shown(n) + "\n";
  }
  return out;
}

std::string render_csv(const Measurement& m) {
  Table t({{"domain"},
           {"kind"},
           {"method"},
           {"source"},
           {"status"},
           {"joules"},
           {"seconds"},
           {"mean_w"},
           {"peak_w"},
           {"idle_w"},
           {"net_joules"},
           {"joules_per_inference"},
           {"net_joules_per_inference"},
           {"counted_in_total"},
           {"reads"},
           {"failed_reads"},
           {"note"}});
  const auto cell = [](std::optional<double> v) {
    return v ? format_significant(*v, 6) : std::string();
  };
  for (const auto& d : m.domains) {
    const SensorReading& r = d.run;
    std::string note = r.available() ? std::string() : r.unavailable_reason;
    for (const auto& n : r.notes) note += (note.empty() ? "" : "; ") + n;
    t.add_row({r.info.name, std::string(to_string(r.info.kind)), r.info.method, r.info.source,
               r.available() ? "measured" : "unavailable", cell(r.joules),
               r.available() ? cell(r.duration_s) : std::string(), cell(r.mean_power_w),
               cell(r.peak_power_w), cell(d.idle_power_w()), cell(d.net_joules()),
               cell(m.per_inference(r.joules)), cell(m.per_inference(d.net_joules())),
               r.info.counted_in_total ? "yes" : "no", std::to_string(r.reads),
               std::to_string(r.failed_reads), note});
  }
  return t.to_csv();
}

nlohmann::json optional_number(std::optional<double> v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json reading_json(const SensorReading& r) {
  nlohmann::json j;
  j["available"] = r.available();
  j["joules"] = optional_number(r.joules);
  j["unavailable_reason"] =
      r.available() ? nlohmann::json(nullptr) : nlohmann::json(r.unavailable_reason);
  j["duration_s"] = r.duration_s;
  j["mean_power_w"] = optional_number(r.mean_power_w);
  j["peak_power_w"] = optional_number(r.peak_power_w);
  j["reads"] = r.reads;
  j["failed_reads"] = r.failed_reads;
  j["wraps"] = r.wraps;
  j["notes"] = r.notes;
  return j;
}

std::string render_json(const Measurement& m) {
  nlohmann::json j;
  j["command"] = m.command;
  j["exit_status"] = m.outcome.exit_status;
  j["outcome"] = m.outcome.description;
  j["signal"] = m.outcome.signal ? nlohmann::json(*m.outcome.signal) : nlohmann::json(nullptr);
  j["duration_s"] = m.duration_s;
  j["interval_ms"] = m.interval.count();
  j["idle_s"] = m.idle_s > 0 ? nlohmann::json(m.idle_s) : nlohmann::json(nullptr);
  j["inferences"] = m.inferences ? nlohmann::json(*m.inferences) : nlohmann::json(nullptr);
  j["measured"] = m.measured();
  j["domains"] = nlohmann::json::array();
  for (const auto& d : m.domains) {
    nlohmann::json dj = reading_json(d.run);
    dj["name"] = d.run.info.name;
    dj["kind"] = to_string(d.run.info.kind);
    dj["method"] = d.run.info.method;
    dj["source"] = d.run.info.source;
    dj["counted_in_total"] = d.run.info.counted_in_total;
    dj["idle"] = d.idle ? reading_json(*d.idle) : nlohmann::json(nullptr);
    dj["idle_power_w"] = optional_number(d.idle_power_w());
    dj["net_joules"] = optional_number(d.net_joules());
    dj["joules_per_inference"] = optional_number(m.per_inference(d.run.joules));
    dj["net_joules_per_inference"] = optional_number(m.per_inference(d.net_joules()));
    j["domains"].push_back(std::move(dj));
  }
  j["totals"] = nlohmann::json::array();
  for (const auto& t : m.totals()) {
    const std::optional<double> joules =
        t.domains > 0 ? std::optional<double>(t.joules) : std::nullopt;
    j["totals"].push_back(
        {{"kind", t.kind ? nlohmann::json(to_string(*t.kind)) : "all"},
         {"joules", optional_number(joules)},
         {"net_joules", optional_number(t.net_joules)},
         {"joules_per_inference", optional_number(m.per_inference(joules))},
         {"net_joules_per_inference", optional_number(m.per_inference(t.net_joules))},
         {"domains", t.domains},
         {"unavailable_domains", t.unavailable_domains}});
  }
  j["sensor_failures"] = nlohmann::json::array();
  for (const auto& f : m.failures) {
    j["sensor_failures"].push_back({{"sensor", f.sensor}, {"reason", f.reason}});
  }
  return to_json_text(j);
}

}  // namespace

std::string render_measurement(const Measurement& m, OutputFormat format) {
  switch (format) {
    case OutputFormat::table:
      return render_text(m, false);
    case OutputFormat::markdown:
      return render_text(m, true);
    case OutputFormat::csv:
      return render_csv(m);
    case OutputFormat::json:
      return render_json(m);
  }
  return render_text(m, false);
}

}  // namespace infergy::measure
