#include "core/base64.hpp"

#include <array>
#include <cstdint>

#include "core/error.hpp"

namespace arx::core {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> make_reverse() {
  std::array<int8_t, 256> r{};
  for (auto &v : r) v = -1;
  for (int i = 0; i < 64; ++i) r[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
  return r;
}
constexpr auto reverse = make_reverse();

}  // namespace

std::string base64_encode(std::string_view data, size_t line_length) {
  std::string out;
  const size_t encoded = (data.size() + 2) / 3 * 4;
  out.reserve(encoded + (line_length ? encoded / line_length * 2 : 0));
  size_t column = 0;
  auto put = [&](char c) {
    if (line_length && column == line_length) {
      out += "\r\n";
      column = 0;
    }
    out += c;
    ++column;
  };
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(data[i])) << 16 |
                 static_cast<uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8 |
                 static_cast<unsigned char>(data[i + 2]);
    put(alphabet[v >> 18 & 63]), put(alphabet[v >> 12 & 63]), put(alphabet[v >> 6 & 63]), put(alphabet[v & 63]);
  }
  if (size_t rest = data.size() - i) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(data[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8;
    put(alphabet[v >> 18 & 63]);
    put(alphabet[v >> 12 & 63]);
    put(rest == 2 ? alphabet[v >> 6 & 63] : '=');
    put('=');
  }
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t group = 0;
  int have = 0, padding = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
    if (c == '=') {
      if (have < 2) fail(ARX_E_PARSE, "base64: padding at offset " + std::to_string(pos) + " inside a group");
      ++padding;
      group <<= 6;
      if (++have == 4) {
        out += static_cast<char>(group >> 16 & 0xFF);
        if (padding == 1) out += static_cast<char>(group >> 8 & 0xFF);
        have = 0;
        group = 0;
      }
      continue;
    }
    const int8_t v = reverse[static_cast<unsigned char>(c)];
    if (v < 0 || padding)
      fail(ARX_E_PARSE, "base64: invalid character at offset " + std::to_string(pos));
    group = group << 6 | static_cast<uint32_t>(v);
    if (++have == 4) {
      out += static_cast<char>(group >> 16 & 0xFF);
      out += static_cast<char>(group >> 8 & 0xFF);
      out += static_cast<char>(group & 0xFF);
      have = 0;
      group = 0;
    }
  }
  if (have != 0) fail(ARX_E_PARSE, "base64: the text ends inside a group");
  return out;
}

}  // namespace arx::core
