#include "mapped_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "infergy/error.hpp"
#include "infergy/files.hpp"

namespace infergy::onnx_wire {

std::shared_ptr<const MappedFile> MappedFile::open(const std::filesystem::path& path) {
  const std::string name = path.string();
  // The type is checked before the open, so a device is never opened, and the open does not block
  // (a FIFO would wait for a writer forever); fstat below checks the file that was opened.
  struct stat before {};
  if (::stat(name.c_str(), &before) != 0) {
    if (errno == ENOENT) throw no_input_error(fmt::format("{}: no such file", name));
    throw no_input_error(fmt::format("{}: cannot open ({})", name, std::strerror(errno)));
  }
  if (S_ISDIR(before.st_mode)) {
    throw no_input_error(fmt::format("{}: is a directory, not a model file", name));
  }
  if (!S_ISREG(before.st_mode)) {
    throw no_input_error(
        fmt::format("{}: is {}, not a regular file", name, file_type_name(before.st_mode)));
  }
  const int fd = ::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) throw no_input_error(fmt::format("{}: no such file", name));
    throw no_input_error(fmt::format("{}: cannot open ({})", name, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    throw no_input_error(fmt::format("{}: cannot stat ({})", name, std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw no_input_error(fmt::format("{}: is a directory, not a model file", name));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw no_input_error(
        fmt::format("{}: is {}, not a regular file", name, file_type_name(st.st_mode)));
  }
  if (st.st_size == 0) {
    ::close(fd);
    throw input_error(fmt::format("{}: empty file, not an ONNX model", name));
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  ::close(fd);
  if (data == MAP_FAILED) {
    throw no_input_error(fmt::format("{}: cannot map ({})", name, std::strerror(err)));
  }
  return std::shared_ptr<const MappedFile>(new MappedFile(data, size));
}

MappedFile::~MappedFile() {
  ::munmap(data_, size_);
}

}  // namespace infergy::onnx_wire
