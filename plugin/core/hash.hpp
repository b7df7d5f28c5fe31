// Digests of documents and files (proof of delivery, bank-file identity).
#pragma once

#include <string>
#include <string_view>

namespace arx::core {

// SHA-256 of `data` as 64 lower-case hex digits. Throws arx::error
// (ARX_E_INTERNAL) if the digest cannot be computed.
std::string sha256_hex(std::string_view data);

}  // namespace arx::core
