// infergy: the cost of one inference of a deep-learning model, in operations, bytes, time and
// joules, and how that cost has moved over the years. Subcommands register themselves (see
// command.hpp); main only parses and maps errors to exit codes.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "command.hpp"
#include "infergy/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "infergy: what one inference of a deep-learning model costs, in FLOPs, bytes, "
      "time and joules, and how that cost has moved over the years."};
  app.name("infergy");
  app.set_version_flag("--version", std::string("infergy ") + INFERGY_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 64 usage, 65 invalid input, 66 input not found, 69 no sensor "
      "(measure), 70 internal error, 73 cannot write output.");
  for (auto setup : infergy::cli::registered_commands()) setup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own exit codes are not ours; usage mistakes are always 64.
    fmt::print(stderr, "infergy: {}\n", e.what());
    fmt::print(stderr, "Run with --help for more information.\n");
    return static_cast<int>(infergy::ExitCode::usage);
  } catch (const infergy::Error& e) {
    fmt::print(stderr, "infergy: error: {}\n", e.what());
    return static_cast<int>(infergy::exit_code_for(e.kind()));
  } catch (const std::exception& e) {
    fmt::print(stderr, "infergy: internal error: {}\n", e.what());
    return static_cast<int>(infergy::ExitCode::internal);
  }
  return infergy::cli::exit_status();
}
