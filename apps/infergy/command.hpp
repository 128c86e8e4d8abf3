// How subcommands plug into the `infergy` CLI.
//
// Each subcommand lives in its own file and registers itself with a static CommandRegistration,
// so adding a command touches no other file. Callbacks throw infergy::Error for anything the
// user can cause; main() turns that into one line on stderr and the documented exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/table.hpp"

namespace infergy::cli {

using SetupFn = void (*)(CLI::App& root);

struct CommandRegistration {
  CommandRegistration(int order, SetupFn setup);
};

/// Registered setup functions, ordered by `order` (the order of `infergy --help`).
std::vector<SetupFn> registered_commands();

/// Where a command's main output goes: stdout, or a file named by --output (never overwritten
/// without --force).
struct OutputOptions {
  std::string format_name = "table";
  std::string path;
  bool force = false;

  OutputFormat format() const { return parse_output_format(format_name); }
  /// Throws the output_error write() would for the --output target (exists without --force, a
  /// link, a directory...): commands with a long run call it first.
  void check() const;
  void write(const std::string& content) const;
};

/// Writes to stdout (after what printf buffered); an output_error when that fails (ENOSPC, EPIPE,
/// a closed stdout).
void write_stdout(std::string_view content);

/// main(): at start, keeps closed standard descriptors from being reused and turns SIGPIPE into
/// EPIPE; at the end, makes a failed write to stdout or stderr an error exit (73) with one line
/// (none when `report_failure` is false: an error line was already printed).
void guard_standard_streams();
int finish_standard_streams(int status, bool report_failure = true);

/// Adds --format, --output and --force to a subcommand.
void add_output_options(CLI::App& cmd, OutputOptions& options,
                        const std::string& default_format = "table");

/// A command that must end with a specific status (measure returns its child's) sets it here;
/// main() returns it after a successful parse.
void set_exit_status(int status);
int exit_status();

/// True when stderr is a terminal (progress and colour only then).
bool stderr_is_terminal();

/// Directory of the shipped datasets (data/): $INFERGY_DATA_DIR, else next to the executable
/// (../share/infergy/data or the source tree it was built from).
std::string data_dir();

}  // namespace infergy::cli
