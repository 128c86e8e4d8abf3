#include "mapped_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "infergy/error.hpp"

namespace infergy::onnx_wire {

std::shared_ptr<const MappedFile> MappedFile::open(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
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
    throw no_input_error(fmt::format("{}: not a regular file", name));
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
