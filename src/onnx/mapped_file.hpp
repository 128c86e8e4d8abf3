// Read-only memory mapping of a model file, so that the loader touches only the pages it parses:
// weight payloads that are skipped are never read from disk.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

namespace infergy::onnx_wire {

class MappedFile {
 public:
  /// Maps `path`; throws no_input_error for a missing path, a directory or an unreadable file,
  /// input_error for an empty file.
  static std::shared_ptr<const MappedFile> open(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  MappedFile(void* data, std::size_t size) : data_(data), size_(size) {}
  void* data_;
  std::size_t size_;
};

}  // namespace infergy::onnx_wire
