// Reads a PDF a test made back as text and page count, with poppler's
// pdftotext and pdfinfo (Debian's poppler-utils):
//
//   const std::string text = arx::test::pdf_text(bytes);  // pdftotext -layout
//   EXPECT_EQ(arx::test::pdf_pages(bytes), 3);
//
// The bytes go to a temporary file that is removed afterwards.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace arx::test {

// A temporary file holding `bytes`, removed with the object.
struct temp_pdf {
  std::filesystem::path path;
  explicit temp_pdf(const std::string &bytes) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("arx-test-pdf-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".pdf");
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~temp_pdf() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  temp_pdf(const temp_pdf &) = delete;
  temp_pdf &operator=(const temp_pdf &) = delete;
};

// What `command` writes to standard output.
inline std::string run(const std::string &command) {
  std::string out;
  FILE *p = ::popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

inline std::string pdf_text(const std::string &bytes) {
  temp_pdf f(bytes);
  return run("pdftotext -layout '" + f.path.string() + "' - 2>&1");
}

inline std::string pdf_info(const std::string &bytes) {
  temp_pdf f(bytes);
  return run("pdfinfo '" + f.path.string() + "' 2>&1");
}

// The page count pdfinfo reports, or -1.
inline int pdf_pages(const std::string &bytes) {
  std::smatch m;
  const std::string info = pdf_info(bytes);
  if (!std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)"))) return -1;
  return std::stoi(m[1]);
}

}  // namespace arx::test
