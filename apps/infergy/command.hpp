// How subcommands plug into the `infergy` CLI.
//
// Each subcommand lives in its own file and registers itself with a static CommandRegistration,
// so adding a command touches no other file. Callbacks throw infergy::Error for anything the
// user can cause; main() turns that into one line on stderr and the documented exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
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
  void write(const std::string& content) const;
};

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
