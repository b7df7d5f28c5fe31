// The demo generator's random numbers: xoshiro256** seeded through
// splitmix64, with integer range helpers of our own (the standard
// distributions differ between standard libraries), one independent stream
// per company and purpose, and weighted choices. Internal to plugin/demo.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arx::demo::detail {

// xoshiro256** seeded through splitmix64: small, fast and the same everywhere.
class prng {
public:
  explicit prng(uint64_t seed) {
    for (auto &w : s_) w = splitmix(seed);
  }

  static uint64_t splitmix(uint64_t &x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, without modulo bias (rejection sampling).
  uint64_t below(uint64_t n) {
    const uint64_t reject_under = (~n + 1) % n;  // 2^64 mod n
    for (;;) {
      const uint64_t v = next();
      if (v >= reject_under) return v % n;
    }
  }
  // Uniform in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  int index(size_t n) { return static_cast<int>(below(n)); }
  bool chance(uint32_t per_mille) { return below(1000) < per_mille; }

  template <class T> const T &pick(std::span<const T> s) { return s[below(s.size())]; }
  template <class T, size_t N> const T &pick(const T (&a)[N]) { return a[below(N)]; }

  std::string digits(int n, bool nonzero_first = false) {
    std::string s;
    for (int i = 0; i < n; ++i)
      s += static_cast<char>('0' + (i == 0 && nonzero_first ? between(1, 9) : between(0, 9)));
    return s;
  }
  std::string letters(int n, std::string_view alphabet) {
    std::string s;
    for (int i = 0; i < n; ++i) s += alphabet[below(alphabet.size())];
    return s;
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// An independent stream for one purpose of one company.
inline prng stream(uint64_t seed, uint64_t company_index, uint64_t purpose) {
  uint64_t x = seed;
  uint64_t mixed = prng::splitmix(x) ^ ((company_index + 1) * 0xD1B54A32D192ED03ULL) ^
                   ((purpose + 1) * 0xABC98388FB8FAC03ULL);
  return prng(prng::splitmix(mixed));
}

// Picks an index with probability proportional to its weight.
class weighted {
public:
  void add(uint64_t w) { cumulative_.push_back((cumulative_.empty() ? 0 : cumulative_.back()) + w); }
  int pick(prng &r) const {
    const uint64_t v = r.below(cumulative_.back());
    return static_cast<int>(std::upper_bound(cumulative_.begin(), cumulative_.end(), v) - cumulative_.begin());
  }

private:
  std::vector<uint64_t> cumulative_;
};

}  // namespace arx::demo::detail
