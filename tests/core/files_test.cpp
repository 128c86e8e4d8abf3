// Inputs that cannot hang or exhaust memory, outputs that never follow a planted link or replace
// a special file, and the directory walk that names what it cannot read.
#include "infergy/files.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "infergy/error.hpp"

namespace infergy {
namespace {

namespace fs = std::filesystem;

class Dir {
 public:
  Dir() {
    std::string pattern = (fs::temp_directory_path() / "infergy-files-XXXXXX").string();
    root_ = ::mkdtemp(pattern.data());
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path operator/(const std::string& name) const { return root_ / name; }
  const fs::path& path() const { return root_; }
  fs::path file(const std::string& name, const std::string& content) const {
    std::ofstream(root_ / name, std::ios::binary) << content;
    return root_ / name;
  }

 private:
  fs::path root_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The message of the Error `f` throws, checking its kind.
template <typename F>
std::string error_of(F f, ErrorKind kind) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ReadTextFile, SpecialFilesAreRefusedBeforeAnyRead) {
  Dir d;
  ASSERT_EQ(::mkfifo((d / "fifo").c_str(), 0600), 0);
  // A FIFO with no writer: a blocking open would wait forever.
  EXPECT_TRUE(contains(error_of([&] { read_text_file(d / "fifo"); }, ErrorKind::no_input),
                       "fifo: is a FIFO (named pipe), not a regular file"));
  // /dev/zero never ends: it must be refused, not read until memory runs out.
  EXPECT_TRUE(contains(error_of([] { read_text_file("/dev/zero"); }, ErrorKind::no_input),
                       "/dev/zero: is a character device, not a regular file"));
  EXPECT_TRUE(
      contains(error_of([&] { read_text_file(d.path()); }, ErrorKind::no_input), "is a directory"));
  EXPECT_TRUE(contains(error_of([&] { read_text_file(d / "none"); }, ErrorKind::no_input),
                       "none: no such file"));
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock = (d / "sock").string();
  ASSERT_LT(sock.size(), sizeof addr.sun_path);
  std::copy(sock.begin(), sock.end(), addr.sun_path);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_TRUE(contains(error_of([&] { read_text_file(sock); }, ErrorKind::no_input),
                       "is a socket, not a regular file"));
  ::close(s);
}

TEST(ReadTextFile, SizeIsBounded) {
  Dir d;
  const auto big = d.file("big.csv", std::string(5000, 'x'));
  EXPECT_EQ(read_text_file(big).size(), 5000u);
  EXPECT_TRUE(contains(error_of([&] { read_text_file(big, 4096); }, ErrorKind::input),
                       "big.csv: larger than"));
}

TEST(CheckLineLengths, NamesTheFirstLongLine) {
  check_line_lengths("ab\ncd\n", "f.csv", 2);
  EXPECT_TRUE(
      contains(error_of([] { check_line_lengths("ab\nabc\nabcd", "f.csv", 2); }, ErrorKind::input),
               "f.csv:2: line longer than 2 bytes"));
}

TEST(FindFiles, NamesWhatIsNotARegularFile) {
  Dir d;
  fs::create_directories(d / "a/b");
  d.file("a/b/m2.onnx", "x");
  d.file("m1.onnx", "x");
  d.file("notes.txt", "x");
  ASSERT_EQ(::mkfifo((d / "a/pipe.onnx").c_str(), 0600), 0);
  fs::create_symlink(d / "missing", d / "dangling.onnx");
  fs::create_symlink(d / "m1.onnx", d / "link.onnx");
  fs::create_directory_symlink(d.path(), d / "a/loop");  // not followed: no cycle
  fs::create_symlink(d / "self.onnx", d / "self.onnx");  // a link to itself
  const FoundFiles found = find_files(d.path(), ".onnx");
  EXPECT_EQ(found.files,
            (std::vector<fs::path>{d / "a/b/m2.onnx", d / "link.onnx", d / "m1.onnx"}));
  ASSERT_EQ(found.errors.size(), 3u);
  EXPECT_EQ(found.errors[0].path, d / "a/pipe.onnx");
  EXPECT_TRUE(contains(found.errors[0].message, "pipe.onnx: is a FIFO (named pipe)"));
  EXPECT_EQ(found.errors[1].path, d / "dangling.onnx");
  EXPECT_TRUE(contains(found.errors[1].message, "dangling symbolic link"));
  EXPECT_EQ(found.errors[2].path, d / "self.onnx");
  EXPECT_TRUE(contains(found.errors[2].message, "self.onnx: cannot stat (Too many levels"))
      << found.errors[2].message;
}

TEST(FindFiles, AnUnlistableDirectoryIsAnError) {
  Dir d;
  d.file("plain", "x");
  // A path that is not a directory cannot be listed; permission errors (not testable as root)
  // take the same path through directory_iterator's error code.
  const FoundFiles found = find_files(d / "plain", ".onnx");
  ASSERT_EQ(found.errors.size(), 1u);
  EXPECT_TRUE(contains(found.errors[0].message, "plain: cannot read directory"));
}

TEST(WriteFile, NewReplacedAndRefused) {
  Dir d;
  const auto out = d / "out.txt";
  write_file(out, "one");
  EXPECT_EQ(slurp(out), "one");
  EXPECT_TRUE(contains(error_of([&] { write_file(out, "two"); }, ErrorKind::output),
                       "out.txt: already exists; pass --force"));
  EXPECT_EQ(slurp(out), "one");
  write_file(out, "two", Overwrite::allow);
  EXPECT_EQ(slurp(out), "two");
  // No temporary file is left beside it.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path())) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(WriteFile, ReplacedFileKeepsItsMode) {
  Dir d;
  const auto out = d.file("secret.csv", "old");
  ASSERT_EQ(::chmod(out.c_str(), 0600), 0);
  write_file(out, "new", Overwrite::allow);
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  // Set-id bits are not carried over to data.
  ASSERT_EQ(::chmod(out.c_str(), 04755), 0);
  write_file(out, "newer", Overwrite::allow);
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST(WriteFile, NewFileFollowsTheUmask) {
  Dir d;
  const mode_t old = ::umask(027);
  write_file(d / "f", "x");
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat((d / "f").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(WriteFile, PlantedLinksAreNeverFollowed) {
  Dir d;
  const auto victim = d.file("victim", "precious");
  // The old fixed temporary name, planted as a link to the victim.
  fs::create_symlink(victim, d / "out.txt.infergy-tmp");
  write_file(d / "out.txt", "report");
  EXPECT_EQ(slurp(d / "out.txt"), "report");
  EXPECT_EQ(slurp(victim), "precious");
  EXPECT_TRUE(fs::is_symlink(d / "out.txt.infergy-tmp"));
  // The target itself a link: refused, with or without --force; the link stays a link.
  fs::create_symlink(victim, d / "link.txt");
  for (auto o : {Overwrite::refuse, Overwrite::allow}) {
    EXPECT_TRUE(contains(error_of([&] { write_file(d / "link.txt", "x", o); }, ErrorKind::output),
                         "link.txt: is a symbolic link"));
  }
  fs::create_symlink(d / "nowhere", d / "dangling.txt");
  EXPECT_TRUE(contains(error_of([&] { write_file(d / "dangling.txt", "x"); }, ErrorKind::output),
                       "is a symbolic link"));
  EXPECT_FALSE(fs::exists(d / "nowhere"));
  EXPECT_EQ(slurp(victim), "precious");
  EXPECT_TRUE(fs::is_symlink(d / "link.txt"));
}

TEST(WriteFile, SpecialFilesAreWrittenInPlaceOrRefusedNeverReplaced) {
  Dir d;
  ASSERT_EQ(::mkfifo((d / "fifo").c_str(), 0600), 0);
  EXPECT_TRUE(contains(error_of([&] { write_file(d / "fifo", "x"); }, ErrorKind::output),
                       "fifo: exists (a FIFO (named pipe)); pass --force"));
  // With --force and no reader: an error at once, not a hang, and the FIFO is still one.
  EXPECT_TRUE(
      contains(error_of([&] { write_file(d / "fifo", "x", Overwrite::allow); }, ErrorKind::output),
               "a FIFO that no process is reading"));
  struct stat st {};
  ASSERT_EQ(::lstat((d / "fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  // With a reader, the content goes into the FIFO.
  const int reader = ::open((d / "fifo").c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  write_file(d / "fifo", "through", Overwrite::allow);
  char buffer[16] = {};
  EXPECT_EQ(::read(reader, buffer, sizeof buffer), 7);
  EXPECT_EQ(std::string(buffer), "through");
  ::close(reader);
  // /dev/null stays the device.
  write_file("/dev/null", "discarded", Overwrite::allow);
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_TRUE(
      contains(error_of([&] { write_file(d.path(), "x", Overwrite::allow); }, ErrorKind::output),
               "is a directory"));
}

TEST(WriteFile, StreamsAndMissingDirectories) {
  Dir d;
  EXPECT_EQ(check_output("/dev/stdout", Overwrite::refuse), OutputKind::stream);
  EXPECT_EQ(check_output("/dev/fd/2", Overwrite::refuse), OutputKind::stream);
  const int fd = ::open((d / "stream").c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  write_file("/proc/self/fd/" + std::to_string(fd), "via fd");
  ::close(fd);
  EXPECT_EQ(slurp(d / "stream"), "via fd");
  EXPECT_TRUE(contains(error_of([&] { write_file(d / "no/such/dir/f", "x"); }, ErrorKind::output),
                       "cannot write: no directory"));
  EXPECT_TRUE(contains(error_of([] { write_file("/dev/fd/987", "x"); }, ErrorKind::output),
                       "not open for writing"));
}

TEST(InstallFile, MovesByTheSameRules) {
  Dir d;
  const auto written = d.file("rendered.svg", "<svg/>");
  const auto victim = d.file("victim", "precious");
  fs::create_symlink(victim, d / "fig.svg");
  EXPECT_TRUE(contains(
      error_of([&] { install_file(written, d / "fig.svg", Overwrite::allow); }, ErrorKind::output),
      "is a symbolic link"));
  EXPECT_EQ(slurp(victim), "precious");
  install_file(written, d / "new.svg", Overwrite::refuse);
  EXPECT_EQ(slurp(d / "new.svg"), "<svg/>");
  EXPECT_FALSE(fs::exists(written));
}

}  // namespace
}  // namespace infergy
