// Hostile inputs: FIFOs, devices, directories and sockets where a file is expected (refused with
// one line before any read, never a hang), inputs too large or with too long a line, and
// directory walks that name what they cannot read instead of skipping it.
#include <sys/socket.h>
#include <sys/un.h>

#include <nlohmann/json.hpp>

#include "hostile/sandbox.hpp"

namespace infergy::hostile {
namespace {

const std::string kFixtures = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/";

// A Unix socket bound at `name` in the sandbox (kept open for the case).
class BoundSocket {
 public:
  BoundSocket(const Sandbox& box, const std::string& name) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = (box / name).string();
    if (path.size() >= sizeof addr.sun_path) throw std::runtime_error("socket path too long");
    std::copy(path.begin(), path.end(), addr.sun_path);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("bind failed");
    }
  }
  ~BoundSocket() { ::close(fd_); }

 private:
  int fd_ = -1;
};

struct SpecialInput {
  std::string path;     // as given on the command line (relative to the sandbox)
  std::string message;  // what the one line says
};

// Every input flag, given each kind of special file.
TEST(HostileInput, SpecialFilesAreRefusedWithOneLineAndNeverBlock) {
  Sandbox box;
  box.fifo("pipe.csv");
  box.fifo("pipe.onnx");
  fs::create_directories(box / "dir.csv");
  const BoundSocket socket(box, "sock.csv");
  const std::vector<SpecialInput> inputs = {
      {"pipe.csv", "pipe.csv: is a FIFO (named pipe), not a regular file"},
      {"/dev/zero", "/dev/zero: is a character device, not a regular file"},
      {"dir.csv", "dir.csv: is a directory"},
      {"sock.csv", "sock.csv: is a socket, not a regular file"},
  };
  const auto before = box.snapshot();
  for (const auto& in : inputs) {
    const std::vector<std::vector<std::string>> commands = {
        {"hw", "list", "--hardware-file", in.path},
        {"estimate", "--gflops", "4", "--hw", "v100-sxm2-16gb", "--hardware-file", in.path},
        {"estimate", "--table", in.path, "--hw", "v100-sxm2-16gb"},
        {"trends", "--models", in.path},
        {"report", "--out", "rep", "--no-figures", "--models", in.path},
    };
    for (const auto& args : commands) {
      const Result r = run(box, {args, Stdout::capture, false, std::chrono::seconds(30)});
      EXPECT_FALSE(r.timed_out) << args[0] << " " << in.path << " hung";
      EXPECT_EQ(r.code, 66) << args[0] << " " << in.path << ": " << r.err;
      EXPECT_TRUE(one_error_line(r, in.message)) << args[0];
    }
  }
  // The model loader: the same check.
  for (const auto& [path, message] : std::vector<std::pair<std::string, std::string>>{
           {"pipe.onnx", "pipe.onnx: is a FIFO (named pipe), not a regular file"},
           {"/dev/zero", "/dev/zero: is a character device, not a regular file"},
           {"sock.csv", "sock.csv: is a socket, not a regular file"}}) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"analyze", path}, {"estimate", path, "--hw", "v100-sxm2-16gb"}}) {
      const Result r = run(box, {args, Stdout::capture, false, std::chrono::seconds(30)});
      EXPECT_FALSE(r.timed_out) << path << " hung";
      EXPECT_EQ(r.code, 66) << path << ": " << r.err;
      EXPECT_TRUE(one_error_line(r, message));
    }
  }
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
}

TEST(HostileInput, TextInputsAreBoundedInSizeAndLineLength) {
  Sandbox box;
  // A line of 2 MiB (the limit is 1 MiB) in a hardware file, a model table and a dataset.
  const std::string long_line = "id,name\n" + std::string(2 << 20, 'x') + "\n";
  box.file("long.csv", long_line);
  // A 65 MiB file (the limit is 64 MiB), sparse: it costs no disk.
  {
    const int fd = ::open((box / "huge.csv").c_str(), O_WRONLY | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, off_t{65} << 20), 0);
    ::close(fd);
  }
  const auto before = box.snapshot();
  for (const auto& [file, code, message] : std::vector<std::tuple<std::string, int, std::string>>{
           {"long.csv", 65, "long.csv:2: line longer than 1048576 bytes"},
           {"huge.csv", 65, "huge.csv: larger than 64 MiB"}}) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"hw", "list", "--hardware-file", file},
             {"estimate", "--table", file, "--hw", "v100-sxm2-16gb"},
             {"trends", "--models", file}}) {
      const Result r = run(box, {args});
      EXPECT_EQ(r.code, code) << args[0] << " " << file << ": " << r.err;
      EXPECT_TRUE(one_error_line(r, message)) << args[0];
    }
  }
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
}

TEST(HostileInput, ManyColumnsDoNotHang) {
  // Half a million header names in one line under the line limit: the duplicate check must not
  // be quadratic.
  Sandbox box;
  std::string header;
  for (int i = 0; i < 100000; ++i) header += (i ? "," : "") + std::to_string(i);
  box.file("wide.csv", header + "\n");
  const Result r = run(box, {{"estimate", "--table", "wide.csv", "--hw", "v100-sxm2-16gb"},
                             Stdout::capture,
                             false,
                             std::chrono::seconds(30)});
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.code, 65);
  EXPECT_TRUE(one_error_line(r, "wide.csv:1:100001: missing column 'name'"));
}

TEST(HostileInput, RecursiveWalkNamesWhatItCannotRead) {
  Sandbox box;
  fs::create_directories(box / "models/locked");
  fs::copy_file(kFixtures + "alexnet.onnx", box / "models/ok.onnx");
  fs::copy_file(kFixtures + "alexnet.onnx", box / "models/locked/hidden.onnx");
  box.file("models/unreadable.onnx", slurp(kFixtures + "alexnet.onnx"), 0000);
  box.fifo("models/pipe.onnx");
  box.link("models/dangling.onnx", box / "models/nowhere");
  box.link("models/loop", box / "models");  // a cycle, not followed
  ::chmod((box / "models/locked").c_str(), 0000);
  const auto before = box.snapshot();
  for (const char* format : {"csv", "json"}) {
    const Result r = run(box, {{"analyze", "-r", "models", "--format", format},
                               Stdout::capture,
                               /*unprivileged=*/true,
                               std::chrono::seconds(60)});
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.code, 66) << r.err;  // the first failure's code: cannot read
    for (const char* named : {"models/locked", "models/pipe.onnx", "models/dangling.onnx",
                              "models/unreadable.onnx", "models/ok.onnx"}) {
      EXPECT_NE(r.out.find(named), std::string::npos) << named << " not named:\n" << r.out;
    }
    EXPECT_NE(r.out.find("cannot read directory"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("is a FIFO"), std::string::npos);
    EXPECT_NE(r.out.find("dangling symbolic link"), std::string::npos);
    if (std::string(format) == "json") {
      const auto j = nlohmann::json::parse(r.out);
      ASSERT_EQ(j.size(), 5u);
      std::size_t ok = 0;
      for (const auto& row : j) ok += row["error"].is_null();
      EXPECT_EQ(ok, 1u);
    }
  }
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
}

}  // namespace
}  // namespace infergy::hostile
