// infergy: the cost of one inference of a deep-learning model, in operations, bytes, time and
// joules, and how that cost has moved over the years. Subcommands register themselves (see
// command.hpp); main only parses and maps errors to exit codes.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "infergy: what one inference of a deep-learning model costs, in FLOPs, bytes, "
      "time and joules, and how that cost has moved over the years."};
  app.name("infergy");
  app.set_version_flag("--version", std::string("infergy ") + INFERGY_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 3 totals incomplete (analyze --strict), 64 usage, 65 invalid input, 66 "
      "input not found, 69 no sensor "
      "(measure), 70 internal error, 73 cannot write output.");
  for (auto setup : infergy::cli::registered_commands()) setup(app);
  infergy::cli::guard_standard_streams();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return infergy::cli::finish_standard_streams(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return infergy::cli::finish_standard_streams(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return infergy::cli::finish_standard_streams(app.exit(e));
  } catch (const CLI::ParseError& e) {
    // CLI11's own exit codes are not ours; usage mistakes are always 64.
    fmt::print(stderr, "infergy: {}\n", infergy::visible(e.what()));
    fmt::print(stderr, "Run with --help for more information.\n");
    return infergy::cli::finish_standard_streams(static_cast<int>(infergy::ExitCode::usage), false);
  } catch (const infergy::Error& e) {
    // One line, whatever bytes a file name in it holds.
    fmt::print(stderr, "infergy: error: {}\n", infergy::visible(e.what()));
    return infergy::cli::finish_standard_streams(static_cast<int>(infergy::exit_code_for(e.kind())),
                                                 false);
  } catch (const std::exception& e) {
    fmt::print(stderr, "infergy: internal error: {}\n", infergy::visible(e.what()));
    return infergy::cli::finish_standard_streams(static_cast<int>(infergy::ExitCode::internal),
                                                 false);
  }
  return infergy::cli::finish_standard_streams(infergy::cli::exit_status());
}
