// libFuzzer target over the energy-counter accumulation of `infergy measure`: a counter sensor
// driven by arbitrary readings (values, failures, times), counter ranges, units and power
// limits. Whatever the readings, the result must be unavailable with a reason or a finite,
// non-negative number of joules no larger than the device could have drawn over the run, with
// finite mean and peak power; nothing may overflow (UBSan) or crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "measure/energy_track.hpp"

namespace {

using namespace infergy::measure;

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  template <typename T>
  T take() {
    T v{};
    const std::size_t n = std::min(sizeof v, size_ - std::min(pos_, size_));
    std::memcpy(&v, data_ + pos_, n);
    pos_ += sizeof v;
    return v;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

struct Read {
  std::optional<std::uint64_t> value;
  double dt = 0;
};

class FuzzedCounter final : public CounterSensor {
 public:
  FuzzedCounter(SensorInfo info, double units_per_joule, std::optional<std::uint64_t> range,
                std::vector<Read> reads)
      : CounterSensor(std::move(info), units_per_joule, range), reads_(std::move(reads)) {}

 protected:
  CounterValue read_counter() override {
    const Read& r = reads_[std::min(next_++, reads_.size() - 1)];
    if (!r.value) return {std::nullopt, "fuzzed failure"};
    return {*r.value, {}};
  }

 private:
  std::vector<Read> reads_;
  std::size_t next_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in(data, size);
  const auto flags = in.take<std::uint8_t>();
  SensorInfo info{"fuzz", static_cast<SensorKind>(flags % 5), "fuzz", "fuzz", true, std::nullopt};
  if (flags & 0x08) info.power_limit_w = static_cast<double>(in.take<std::uint16_t>());
  const double units_per_joule = (flags & 0x10) ? 1e3 : 1e6;  // NVML mJ, RAPL uJ
  std::optional<std::uint64_t> range;
  if (flags & 0x20) {
    range = (flags & 0x40) ? in.take<std::uint64_t>() : std::uint64_t{262143328850ULL};
  }
  std::vector<Read> reads;
  std::uint64_t value = in.take<std::uint64_t>() % (std::uint64_t{1} << 48);
  reads.push_back({value, 0});
  while (!in.empty() && reads.size() < 4096) {
    const auto op = in.take<std::uint8_t>();
    const double dt = static_cast<double>(in.take<std::uint16_t>()) / 1000.0;  // up to 65 s
    switch (op % 4) {
      case 0:  // a small increase
        value += in.take<std::uint16_t>();
        reads.push_back({value, dt});
        break;
      case 1:  // any value at all: a reset, a wrap, a jump
        value = in.take<std::uint64_t>();
        reads.push_back({value, dt});
        break;
      case 2:  // a failed read
        reads.push_back({std::nullopt, dt});
        break;
      default:  // a small step back (jitter)
        value -= std::min<std::uint64_t>(value, in.take<std::uint8_t>());
        reads.push_back({value, dt});
    }
  }
  FuzzedCounter sensor(info, units_per_joule, range, reads);
  double t = 0;
  sensor.start(t);
  for (std::size_t i = 1; i + 1 < reads.size(); ++i) {
    t += reads[i].dt;
    sensor.sample(t);
  }
  if (reads.size() > 1) t += reads.back().dt;
  const SensorReading r = sensor.stop(t);
  if (r.joules) {
    const double j = *r.joules;
    if (!std::isfinite(j) || j < 0) std::abort();
    // Each counted interval is at most max power x (its length + the update slack).
    const double bound = plausible_max_power_w(info) *
                         (r.duration_s + kCounterUpdateSlackS * static_cast<double>(r.reads));
    if (j > bound * (1 + 1e-9)) std::abort();
    if (r.mean_power_w && !std::isfinite(*r.mean_power_w)) std::abort();
    if (r.peak_power_w && !std::isfinite(*r.peak_power_w)) std::abort();
  } else if (r.unavailable_reason.empty()) {
    std::abort();
  }
  return 0;
}
