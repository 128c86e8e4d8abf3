#include <fmt/format.h>

#include <cmath>

#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

FootprintParams footprint_defaults(const std::filesystem::path& data_dir) {
  const auto refs = load_references(data_dir / "references.csv");
  FootprintParams p;
  p.grid_g_co2e_per_kwh = find_reference(refs, "grid_intensity_world_2023").value;
  const Reference& price = find_reference(refs, "electricity_price_us_commercial_2023");
  constexpr std::string_view kPerKwh = "/kWh";
  if (!price.unit.ends_with(kPerKwh) || price.unit.size() == kPerKwh.size()) {
    throw input_error(fmt::format("{}: electricity price unit '{}' is not CURRENCY/kWh",
                                  price.origin, price.unit));
  }
  p.price_per_kwh = price.value;
  p.currency = price.unit.substr(0, price.unit.size() - kPerKwh.size());
  p.pue = find_reference(refs, "pue_industry_average_2024").value;
  return p;
}

void check_footprint(const FootprintParams& params, double inferences_per_day) {
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
}

Footprint footprint(double device_joules_per_inference, double inferences_per_day,
                    const FootprintParams& params) {
  check_footprint(params, inferences_per_day);
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

FootprintRange footprint(const Range& device_joules_per_inference, double inferences_per_day,
                         const FootprintParams& params) {
  return {footprint(device_joules_per_inference.low, inferences_per_day, params),
          footprint(device_joules_per_inference.typical, inferences_per_day, params),
          footprint(device_joules_per_inference.high, inferences_per_day, params)};
}

}  // namespace infergy::energy
