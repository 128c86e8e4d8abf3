// Hostile numbers, counters and children: non-finite and out-of-range values never print as
// "inf J" or "nan", NaN is rejected wherever a number is read, an energy counter reset is not
// read as a wrap, an impossible jump is rejected with a note, and signals reach a stopped or
// stubborn command.
#include <nlohmann/json.hpp>

#include "hostile/sandbox.hpp"

namespace infergy::hostile {
namespace {

std::string hardware_row(const std::string& tdp, const std::string& fp32, const std::string& fp16) {
  return "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_matrix_tflops,"
         "memory_bw_gbs,sources\n"
         "odd-gpu,Odd GPU,Odd,server-gpu,2021-01-01," +
         tdp + "," + fp32 + "," + fp16 + ",1500,https://example.com/datasheet\n";
}

bool prints_non_finite(const std::string& text) {
  for (const char* word : {"inf", "nan", "NaN", "Inf"}) {
    for (auto pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
      const bool left = pos == 0 || !std::isalpha(static_cast<unsigned char>(text[pos - 1]));
      const auto end = pos + std::strlen(word);
      const bool right = end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
      if (left && right) return true;
    }
  }
  return false;
}

TEST(HostileNumbers, ExtremeHardwareFiguresNeverPrintInfOrNan) {
  // Subnormal, huge and tiny figures: each run either prints finite numbers or exits 65 with
  // one line naming the device or the file.
  for (const auto& [tdp, fp32, fp16] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"300", "5e-324", "5e-324"},
           {"300", "1e308", "1e308"},
           {"1e-300", "20", "150"},
           {"1e308", "20", "150"},
           {"300", "2e-308", "1e-310"}}) {
    Sandbox box;
    box.file("hw.csv", hardware_row(tdp, fp32, fp16));
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"estimate", "--gflops", "29", "--hw", "odd-gpu", "--hardware-file", "hw.csv"},
             {"estimate", "--gflops", "29", "--hw", "odd-gpu", "--hardware-file", "hw.csv",
              "--precision", "fp16", "--per-day", "1e9"},
             {"estimate", "--gflops", "29", "--hw", "odd-gpu", "--hardware-file", "hw.csv",
              "--precision", "fp16", "--method", "roofline", "--format", "json"}}) {
      SCOPED_TRACE(tdp + " W, " + fp32 + " TFLOPS: " + args[0]);
      const Result r = run(box, {args});
      if (r.code == 0) {
        EXPECT_FALSE(prints_non_finite(r.out)) << r.out;
      } else {
        EXPECT_EQ(r.code, 65) << r.err;
        EXPECT_TRUE(one_error_line(r, ""));
        EXPECT_TRUE(r.err.find("odd-gpu") != std::string::npos ||
                    r.err.find("hw.csv") != std::string::npos)
            << r.err;
      }
    }
  }
}

TEST(HostileNumbers, TrendsWithAnExtremeDeviceSayWhy) {
  // Every model's joules on a device of 5e-324 TFLOPS would be infinite: the study stops with
  // one line naming a model and the device instead of fitting "inf".
  Sandbox box;
  box.file("hw.csv",
           "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,tf32_matrix_tflops,"
           "fp16_matrix_tflops,memory_bw_gbs,sources\n"
           "odd-gpu,Odd GPU,Odd,server-gpu,2021-01-01,300,5e-324,5e-324,5e-324,1500,"
           "https://example.com/datasheet\n");
  const Result r =
      run(box, {{"trends", "--hardware-file", "hw.csv", "--hw-rule", "fixed:odd-gpu"}});
  if (r.code == 0) {
    EXPECT_FALSE(prints_non_finite(r.out)) << r.out;
  } else {
    EXPECT_EQ(r.code, 65) << r.err;
    EXPECT_TRUE(one_error_line(r, "odd-gpu"));
  }
}

TEST(HostileNumbers, NanAndInfinityAreRejectedWhereverANumberIsRead) {
  for (const char* bad : {"nan", "NaN", "-nan", "inf", "-Infinity", "1e999", "0x1p3"}) {
    SCOPED_TRACE(bad);
    Sandbox box;
    box.file("hw.csv", hardware_row(bad, "20", "150"));
    box.file("t.csv", std::string("name,gflops\nm,") + bad + "\n");
    box.file("glue.csv",
             std::string("name,date,params_m,gflops,input_tokens,gflops_method,glue_test,"
                         "source_compute\nM,2022-01-01,110,") +
                 bad + ",128,paper,80,https://example.com/p\n");
    const auto before = box.snapshot();
    Result r = run(box, {{"hw", "list", "--hardware-file", "hw.csv"}});
    EXPECT_EQ(r.code, 65);
    EXPECT_TRUE(
        one_error_line(r, std::string("hw.csv:2:6 (tdp_w): '") + bad + "' is not a number"));
    r = run(box, {{"estimate", "--table", "t.csv", "--hw", "v100-sxm2-16gb"}});
    EXPECT_EQ(r.code, 65);
    EXPECT_TRUE(
        one_error_line(r, std::string("t.csv:2:2 (gflops): '") + bad + "' is not a number"));
    r = run(box, {{"trends", "--models", "glue.csv", "--strict"}});
    EXPECT_EQ(r.code, 65);
    EXPECT_TRUE(one_error_line(r, "glue.csv:2:4 (gflops)"));
    // Without --strict the row is skipped with a warning naming the cell; nothing is computed
    // from it.
    r = run(box, {{"trends", "--models", "glue.csv", "--format", "json"}});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("glue.csv:2:4 (gflops)"), std::string::npos) << r.err;
    EXPECT_FALSE(prints_non_finite(r.out));
    EXPECT_TRUE(changed(before, box.snapshot()).empty());
  }
}

// A fake sysfs with one RAPL package zone whose counter the measured command rewrites.
struct FakeRapl {
  explicit FakeRapl(const Sandbox& box) : zone(box / "sys/class/powercap/intel-rapl:0") {
    box.file("sys/class/powercap/intel-rapl:0/name", "package-0\n");
    box.file("sys/class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
    box.file("sys/class/powercap/intel-rapl:0/energy_uj", "5000000000\n");
  }
  // A shell command that sets the counter atomically (a reader never sees a half-written file).
  std::string set(const std::string& value) const {
    return "echo " + value + " > '" + (zone / "tmp").string() + "' && mv '" +
           (zone / "tmp").string() + "' '" + (zone / "energy_uj").string() + "'";
  }
  fs::path zone;
};

TEST(HostileCounters, AResetIsNotReadAsAWrap) {
  // From 5e9 uJ the counter restarts near zero: as a wrap it would be ~257 kJ in well under a
  // second (hundreds of kW), so it is a reset and the domain says so.
  Sandbox box;
  const FakeRapl rapl(box);
  const std::string script =
      rapl.set("5000100000") + "; sleep 0.3; " + rapl.set("1000") + "; sleep 0.3";
  const Result r = run(box, {{"measure", "--sysfs-root", ".", "--format", "json", "-o", "m.json",
                              "--", "sh", "-c", script}});
  EXPECT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(slurp(box / "m.json"));
  ASSERT_EQ(j["domains"].size(), 1u);
  const auto& d = j["domains"][0];
  EXPECT_FALSE(d["available"].get<bool>()) << d.dump();
  EXPECT_NE(d["unavailable_reason"].get<std::string>().find("a reset, not a wrap-around"),
            std::string::npos);
  EXPECT_EQ(d["wraps"], 0);
}

TEST(HostileCounters, AnImpossibleJumpIsRejectedWithANote) {
  // +10 J, then +5e7 J in one interval (far beyond what a CPU package draws), then +10 J.
  Sandbox box;
  const FakeRapl rapl(box);
  const std::string script = "sleep 0.2; " + rapl.set("5010000000") + "; sleep 0.2; " +
                             rapl.set("50005010000000") + "; sleep 0.2; " +
                             rapl.set("50005020000000") + "; sleep 0.2";
  const Result r = run(box, {{"measure", "--sysfs-root", ".", "--format", "json", "-o", "m.json",
                              "--", "sh", "-c", script}});
  EXPECT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(slurp(box / "m.json"));
  const auto& d = j["domains"][0];
  ASSERT_TRUE(d["available"].get<bool>()) << d.dump();
  EXPECT_NEAR(d["joules"].get<double>(), 20.0, 1e-9);
  const std::string notes = d["notes"].dump();
  EXPECT_NE(notes.find("rejected as beyond what the device can draw"), std::string::npos) << notes;
  EXPECT_NE(notes.find("lower bound"), std::string::npos);
}

// Sends `signals` to infergy, 300 ms apart, once the command has created `marker`.
std::function<void(pid_t)> signal_when(const fs::path& marker, std::vector<int> signals) {
  return [marker, signals](pid_t pid) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!fs::exists(marker) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (int s : signals) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      ::kill(pid, s);
    }
  };
}

TEST(HostileChildren, TermReachesAStoppedCommand) {
  Sandbox box;
  const Result r = run(box, {{"measure", "--allow-no-sensors", "--sysfs-root", ".", "--", "sh",
                              "-c", "touch started; kill -STOP $$; sleep 30"},
                             Stdout::capture,
                             false,
                             std::chrono::seconds(20),
                             signal_when(box / "started", {SIGTERM})});
  EXPECT_FALSE(r.timed_out) << "measure ignored TERM while its command was stopped";
  EXPECT_EQ(r.code, 143) << r.err;
}

TEST(HostileChildren, ASecondSignalEndsTheWait) {
  Sandbox box;
  for (int sig : {SIGTERM, SIGINT}) {
    const Result r =
        run(box, {{"measure", "--allow-no-sensors", "--sysfs-root", ".", "--", "sh", "-c",
                   "trap '' TERM INT; touch started; while :; do sleep 0.1; done"},
                  Stdout::capture,
                  false,
                  std::chrono::seconds(20),
                  signal_when(box / "started", {sig, sig})});
    EXPECT_FALSE(r.timed_out) << "a second signal did not end the wait";
    EXPECT_EQ(r.code, 137) << r.err;  // the command was killed (SIGKILL)
    fs::remove(box / "started");
  }
}

}  // namespace
}  // namespace infergy::hostile
