// _infergy: the native half of the `infergy` Python package (python/infergy/__init__.py is the
// other). It adds no logic of its own: analyze() is the library's analyze_file / analyze_loaded
// rendered by the library's JSON renderer, and run() runs a CLI subcommand in-process from the
// same objects the `infergy` executable is linked from. Python parses the JSON, so a field the
// library adds to a JSON rendering reaches Python without a change here.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/error.hpp"
#include "infergy/onnx.hpp"

namespace py = pybind11;

namespace {

// The Python exception class of each error kind; infergy.Error is their base.
struct ErrorClasses {
  py::object base, usage, input, no_input, output, sensor, incomplete, internal;

  py::handle for_kind(infergy::ErrorKind kind) const {
    switch (kind) {
      case infergy::ErrorKind::usage:
        return usage;
      case infergy::ErrorKind::input:
        return input;
      case infergy::ErrorKind::no_input:
        return no_input;
      case infergy::ErrorKind::output:
        return output;
      case infergy::ErrorKind::sensor:
        return sensor;
      case infergy::ErrorKind::incomplete:
        return incomplete;
      case infergy::ErrorKind::internal:
        return internal;
    }
    return base;
  }
};

ErrorClasses& error_classes() {
  static ErrorClasses* classes = new ErrorClasses();  // lives as long as the interpreter
  return *classes;
}

py::object new_error(py::module_& m, const char* name, py::handle base, infergy::ExitCode code,
                     const char* doc) {
  const std::string qualified = std::string("infergy.") + name;
  py::object cls = py::reinterpret_steal<py::object>(
      PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base.ptr(), nullptr));
  if (!cls) throw py::error_already_set();
  cls.attr("exit_code") = static_cast<int>(code);
  m.attr(name) = cls;
  return cls;
}

// Serialises in-process CLI runs: a subcommand keeps its exit status in a global.
std::mutex& cli_mutex() {
  static std::mutex m;
  return m;
}

std::string analyze_json(const std::variant<py::bytes, std::string>& model,
                         const std::vector<std::string>& dims,
                         const std::vector<std::string>& inputs, std::optional<std::int64_t> batch,
                         const std::string& precision) {
  // The CLI's own parsing of --dim, --input, --batch and --precision: the same checks, the same
  // messages.
  if (batch) {
    // The CLI checks --batch as it reads it (whole_number): the same rule, the same words.
    const std::string text = std::to_string(*batch);
    infergy::cli::parse_whole(text, "--batch", text);
  }
  infergy::cli::ShapeArgs shape{dims, inputs, batch};
  const infergy::cli::PrecisionArg precision_arg{precision, "", true};
  const infergy::DimBindings bindings = shape.bindings();
  const infergy::AnalyzeOptions options{.precision = precision_arg.get()};
  const infergy::RenderOptions render_options{.format = infergy::OutputFormat::json,
                                              .per_node = true};
  if (const auto* path = std::get_if<std::string>(&model)) {
    py::gil_scoped_release unlocked;
    return infergy::render(infergy::analyze_file(*path, bindings, options), render_options);
  }
  // A view of the bytes, no copy: the caller holds the object while the GIL is released.
  char* data = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(std::get<py::bytes>(model).ptr(), &data, &size) != 0) {
    throw py::error_already_set();
  }
  const std::string_view bytes(data, static_cast<std::size_t>(size));
  py::gil_scoped_release unlocked;
  const auto parse = [bytes] { return infergy::parse_onnx(bytes, "<bytes>"); };
  return infergy::render(infergy::analyze_loaded(parse, bindings, options), render_options);
}

int run_command(std::vector<std::string> argv) {
  py::gil_scoped_release unlocked;
  const std::lock_guard<std::mutex> lock(cli_mutex());
  CLI::App app{"infergy"};
  app.name("infergy");
  app.require_subcommand(1);
  for (auto setup : infergy::cli::registered_commands()) setup(app);
  infergy::cli::set_exit_status(0);
  std::reverse(argv.begin(), argv.end());  // CLI11 takes the arguments last first
  try {
    app.parse(std::move(argv));
  } catch (const CLI::ParseError& e) {
    // What the executable reports as a usage error (exit 64).
    throw infergy::usage_error(e.what());
  }
  return infergy::cli::exit_status();
}

}  // namespace

PYBIND11_MODULE(_infergy, m) {
  m.doc() = "Native half of the infergy package; use `import infergy`.";
  m.attr("__version__") = INFERGY_VERSION;
  m.attr("data_dir") = INFERGY_DATA_DIR;

  ErrorClasses& e = error_classes();
  e.base = new_error(m, "Error", PyExc_Exception, infergy::ExitCode::internal,
                     "Base of every infergy error; str() is the CLI's one-line message and "
                     "exit_code the CLI's exit status.");
  e.usage = new_error(m, "UsageError", e.base, infergy::ExitCode::usage,
                      "An argument is wrong (unknown option, bad value, contradictory options).");
  e.input = new_error(m, "InputError", e.base, infergy::ExitCode::input,
                      "An input exists but its content is invalid (malformed model, bad CSV).");
  e.no_input = new_error(m, "NoInputError", e.base, infergy::ExitCode::no_input,
                         "An input cannot be opened (missing file, directory, permission).");
  e.output = new_error(m, "OutputError", e.base, infergy::ExitCode::output,
                       "An output cannot be written.");
  e.sensor = new_error(m, "SensorError", e.base, infergy::ExitCode::sensor,
                       "No energy sensor could be read.");
  e.incomplete = new_error(m, "IncompleteError", e.base, infergy::ExitCode::incomplete,
                           "A strict run whose totals are not the whole model (exit 3).");
  e.internal = new_error(m, "InternalError", e.base, infergy::ExitCode::internal,
                         "A bug: an invariant of infergy itself was broken.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const infergy::Error& err) {
      PyErr_SetString(error_classes().for_kind(err.kind()).ptr(), err.what());
    }
  });

  m.def("analyze_json", &analyze_json, py::arg("model"), py::arg("dims"), py::arg("inputs"),
        py::arg("batch"), py::arg("precision"),
        "The analysis of a model file (str path) or serialised ModelProto (bytes), as the JSON "
        "of `infergy analyze --per-node --format json`. dims and inputs are NAME=VALUE strings "
        "as the CLI takes them. The GIL is released while it runs.");
  m.def("run", &run_command, py::arg("argv"),
        "Runs one `infergy` subcommand in-process (argv without the program name) and returns "
        "its exit status; errors raise infergy.Error subclasses. The GIL is released while it "
        "runs; runs are serialised.");
}
