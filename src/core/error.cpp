#include "infergy/error.hpp"

namespace infergy {

ExitCode exit_code_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::usage:
      return ExitCode::usage;
    case ErrorKind::input:
      return ExitCode::input;
    case ErrorKind::no_input:
      return ExitCode::no_input;
    case ErrorKind::output:
      return ExitCode::output;
    case ErrorKind::sensor:
      return ExitCode::sensor;
    case ErrorKind::incomplete:
      return ExitCode::incomplete;
    case ErrorKind::internal:
      return ExitCode::internal;
  }
  return ExitCode::internal;
}

}  // namespace infergy
