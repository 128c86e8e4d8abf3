#include <fmt/format.h>

#include <cmath>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

Footprint footprint(double device_joules_per_inference, double inferences_per_day,
                    const FootprintParams& params) {
  if (!(params.pue >= 1.0 && params.pue <= 5.0)) {
    throw usage_error(fmt::format("PUE must be between 1 and 5 (got {})", params.pue));
  }
  if (!(params.grid_g_co2e_per_kwh >= 0 && params.grid_g_co2e_per_kwh <= 2000)) {
    throw usage_error(fmt::format("grid intensity must be 0-2000 g CO2e/kWh (got {})",
                                  params.grid_g_co2e_per_kwh));
  }
  if (!(params.price_per_kwh >= 0 && params.price_per_kwh < 100)) {
    throw usage_error(
        fmt::format("electricity price must be 0-100 per kWh (got {})", params.price_per_kwh));
  }
  if (!(inferences_per_day >= 0) || !std::isfinite(inferences_per_day)) {
    throw usage_error(fmt::format("inferences per day must be >= 0 (got {})", inferences_per_day));
  }
  constexpr double kJoulesPerKwh = 3.6e6;
  Footprint f;
  f.joules_per_inference = device_joules_per_inference * params.pue;
  f.inferences_per_kwh = f.joules_per_inference > 0 ? kJoulesPerKwh / f.joules_per_inference : 0;
  f.g_co2e_per_inference = f.joules_per_inference / kJoulesPerKwh * params.grid_g_co2e_per_kwh;
  f.kwh_per_day = f.joules_per_inference * inferences_per_day / kJoulesPerKwh;
  f.mwh_per_year = f.kwh_per_day * 365.0 / 1000.0;
  f.t_co2e_per_year = f.mwh_per_year * 1000.0 * params.grid_g_co2e_per_kwh / 1e6;
  f.cost_per_year = f.mwh_per_year * 1000.0 * params.price_per_kwh;
  for (double v : {f.joules_per_inference, f.inferences_per_kwh, f.g_co2e_per_inference,
                   f.kwh_per_day, f.mwh_per_year, f.t_co2e_per_year, f.cost_per_year}) {
    if (!std::isfinite(v)) {
      throw usage_error(fmt::format(
          "the footprint of {:g} J per inference at {:g} inferences per day is not a finite "
          "number",
          device_joules_per_inference, inferences_per_day));
    }
  }
  return f;
}

}  // namespace infergy::energy
