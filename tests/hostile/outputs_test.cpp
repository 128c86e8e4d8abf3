// Hostile outputs: planted links, special files, existing files, refused targets found before a
// long run, and write errors on stdout. Each case asserts the exit code, the one-line message and
// which files changed (only the intended output, or none).
#include <sys/stat.h>

#include "hostile/sandbox.hpp"

namespace infergy::hostile {
namespace {

const std::string kModel = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/alexnet.onnx";

TEST(HostileOutput, PlantedTemporaryNameLinkIsNotFollowed) {
  Sandbox box;
  box.file("victim", "precious");
  box.link("out.txt.infergy-tmp", box / "victim");
  box.link(".out.txt.infergy-tmp", box / "victim");
  const auto before = box.snapshot();
  const Result r = run(box, {{"analyze", kModel, "-o", "out.txt"}});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(changed(before, box.snapshot()), std::set<std::string>{"out.txt"});
  EXPECT_EQ(slurp(box / "victim"), "precious");
}

TEST(HostileOutput, LinkAsTargetIsRefusedEvenWithForce) {
  for (const bool force : {false, true}) {
    Sandbox box;
    box.file("victim", "precious");
    box.link("out.txt", box / "victim");
    box.link("dangling.txt", box / "nowhere");
    const auto before = box.snapshot();
    for (const char* target : {"out.txt", "dangling.txt"}) {
      std::vector<std::string> args{"analyze", kModel, "-o", target};
      if (force) args.push_back("--force");
      const Result r = run(box, {args});
      EXPECT_EQ(r.code, 73);
      EXPECT_TRUE(one_error_line(r, std::string(target) + ": is a symbolic link"));
    }
    EXPECT_TRUE(changed(before, box.snapshot()).empty());
  }
}

TEST(HostileOutput, SpecialFilesAreNeverReplaced) {
  Sandbox box;
  box.fifo("pipe");
  const auto before = box.snapshot();
  // Without --force: exists. With --force and no reader: an error at once, no hang.
  Result r = run(box, {{"hw", "list", "-o", "pipe"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "pipe: exists (a FIFO (named pipe)); pass --force"));
  r = run(
      box,
      {{"hw", "list", "-o", "pipe", "--force"}, Stdout::capture, false, std::chrono::seconds(20)});
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "a FIFO that no process is reading"));
  EXPECT_TRUE(changed(before, box.snapshot()).empty());

  // A device: written in place with --force (as root the real /dev/null must stay a device).
  struct stat st {};
  r = run(box, {{"hw", "list", "-o", "/dev/null", "--force"}});
  EXPECT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  r = run(box, {{"hw", "list", "-o", "/dev/null"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "/dev/null: exists (a character device)"));
  r = run(box, {{"hw", "list", "-o", ".", "--force"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, ".: is a directory"));
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
}

TEST(HostileOutput, ReplacedFileKeepsItsModeAndExistingIsRefused) {
  Sandbox box;
  box.file("private.csv", "old", 0600);
  auto before = box.snapshot();
  Result r = run(box, {{"hw", "list", "--format", "csv", "-o", "private.csv"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "private.csv: already exists; pass --force"));
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
  r = run(box, {{"hw", "list", "--format", "csv", "-o", "private.csv", "--force"}});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(changed(before, box.snapshot()), std::set<std::string>{"private.csv"});
  struct stat st {};
  ASSERT_EQ(::stat((box / "private.csv").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_NE(slurp(box / "private.csv").find("id,"), std::string::npos);
}

TEST(HostileOutput, StreamsAreWrittenInPlace) {
  Sandbox box;
  const auto before = box.snapshot();
  for (const char* target : {"-", "/dev/stdout"}) {
    const Result r = run(box, {{"hw", "list", "--format", "csv", "-o", target}});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("id,", 0), 0u) << target;
  }
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
  const Result r = run(box, {{"hw", "list", "-o", "missing-dir/out.txt"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "missing-dir/out.txt: cannot write: no directory missing-dir"));
}

TEST(HostileOutput, MeasureRefusesAnExistingOutputBeforeRunningTheCommand) {
  Sandbox box;
  box.file("report.txt", "keep");
  const auto before = box.snapshot();
  const Result r = run(box, {{"measure", "--allow-no-sensors", "--sysfs-root", ".", "-o",
                              "report.txt", "--", "sh", "-c", "touch RAN"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "report.txt: already exists; pass --force"));
  EXPECT_TRUE(changed(before, box.snapshot()).empty()) << "the command ran";
}

TEST(HostileOutput, ReportRefusesBeforeTheStudyAndNeverFollowsPlantedLinks) {
  Sandbox box;
  // An existing report: refused without --force, with nothing written.
  box.file("rep/index.html", "old");
  auto before = box.snapshot();
  Result r = run(box, {{"report", "--out", "rep", "--no-figures"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "rep/index.html exists"));
  EXPECT_TRUE(changed(before, box.snapshot()).empty());

  // Planted links where data files and figures go: refused even with --force, victim intact.
  Sandbox planted;
  planted.file("victim", "precious");
  planted.link("rep/data/trends.csv", planted / "victim");
  before = planted.snapshot();
  r = run(planted, {{"report", "--out", "rep", "--force", "--no-figures"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "rep/data/trends.csv: is a symbolic link"));
  EXPECT_TRUE(changed(before, planted.snapshot()).empty());

  Sandbox figure;
  figure.file("victim", "precious");
  figure.link("rep/figures/imagenet-gflops.svg", figure / "victim");
  before = figure.snapshot();
  r = run(figure, {{"report", "--out", "rep", "--force", "--no-figures"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "imagenet-gflops.svg: is a symbolic link"));
  EXPECT_TRUE(changed(before, figure.snapshot()).empty());

  // The figures directory itself replaced by a link elsewhere.
  Sandbox redirected;
  fs::create_directories(redirected / "elsewhere");
  fs::create_directories(redirected / "rep");
  redirected.link("rep/figures", redirected / "elsewhere");
  before = redirected.snapshot();
  r = run(redirected, {{"report", "--out", "rep", "--force", "--no-figures"}});
  EXPECT_EQ(r.code, 73);
  EXPECT_TRUE(one_error_line(r, "rep/figures: is not a directory"));
  EXPECT_TRUE(changed(before, redirected.snapshot()).empty());
}

TEST(HostileOutput, WriteErrorsOnStdoutAreAnErrorExit) {
  Sandbox box;
  struct Case {
    Stdout out;
    const char* message;
  };
  for (const Case& c : {Case{Stdout::dev_full, "standard output: write failed (No space left"},
                        Case{Stdout::broken_pipe, "standard output: write failed (Broken pipe)"},
                        Case{Stdout::closed, "standard output: write failed (Bad file"}}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"hw", "list"}, std::vector<std::string>{"hw", "list", "-o", "-"},
          std::vector<std::string>{"--help"}, std::vector<std::string>{"analyze", kModel}}) {
      const Result r = run(box, {args, c.out});
      EXPECT_EQ(r.code, 73) << args[0] << " " << c.message;
      EXPECT_TRUE(one_error_line(r, c.message)) << args[0];
    }
  }
  EXPECT_TRUE(box.snapshot().empty());
}

}  // namespace
}  // namespace infergy::hostile
