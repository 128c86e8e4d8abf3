// Errors and exit codes shared by the library and the CLI.
//
// Every failure the user can cause is an infergy::Error whose message is one line that names
// the file (or flag) and what is wrong. The CLI maps its kind to a documented exit code
// (README, "Exit codes"); the codes follow BSD sysexits.h so shells and CI can tell a usage
// mistake from bad input from a bug.
#pragma once

#include <stdexcept>
#include <string>

namespace infergy {

enum class ErrorKind {
  usage,       // the command line is wrong (unknown flag, missing value, contradictory options)
  input,       // an input exists but its content is invalid (malformed model, bad CSV row, ...)
  no_input,    // an input cannot be opened (missing file, directory, permission)
  output,      // an output cannot be written or would overwrite a user's file
  sensor,      // measure: no energy sensor could be read
  incomplete,  // analyze --strict: the output was written, but its totals are not the whole model
  internal,    // a bug: an invariant of infergy itself was broken
};

/// Exit codes of the `infergy` command (sysexits.h values, and 3 of our own).
enum class ExitCode : int {
  ok = 0,
  // Not a failure sysexits names: the command ran and wrote its output, but asked with --strict
  // it says the totals leave nodes out (analysis.hpp, Completeness). Apart from 65 so that a
  // script can tell "counted, not all of it" from "could not read the model".
  incomplete = 3,
  usage = 64,     // EX_USAGE
  input = 65,     // EX_DATAERR
  no_input = 66,  // EX_NOINPUT
  sensor = 69,    // EX_UNAVAILABLE
  internal = 70,  // EX_SOFTWARE
  output = 73,    // EX_CANTCREAT
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

/// Shorthands that keep call sites short: throw input_error(fmt::format(...)).
inline Error usage_error(const std::string& m) {
  return Error(ErrorKind::usage, m);
}
inline Error input_error(const std::string& m) {
  return Error(ErrorKind::input, m);
}
inline Error no_input_error(const std::string& m) {
  return Error(ErrorKind::no_input, m);
}
inline Error output_error(const std::string& m) {
  return Error(ErrorKind::output, m);
}
inline Error internal_error(const std::string& m) {
  return Error(ErrorKind::internal, m);
}

ExitCode exit_code_for(ErrorKind kind) noexcept;

}  // namespace infergy
