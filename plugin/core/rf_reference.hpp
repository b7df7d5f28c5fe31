// ISO 11649 structured creditor references ("RF" references): the payment
// reference arx gives every invoice (BT-83, the invoice's payment reference in the ERP) so
// that cash application can match the incoming payment to it.
//
// Form: "RF", two check digits, then 1..21 letters or digits; 25 characters
// at most. The check digits follow ISO 7064 MOD 97-10, as for IBANs: the
// reference with "RF00" moved to its end, letters read as numbers (A = 10 ..
// Z = 35), modulo 97, subtracted from 98.
#pragma once

#include <string>
#include <string_view>

namespace arx::core {

// "RF" + check digits + payload, in electronic format (no spaces, upper
// case). `payload` must be 1..21 ASCII letters or digits (lower-case letters
// are upper-cased). Throws arx::error(ARX_E_INVALID_ARGUMENT) naming the
// payload otherwise.
std::string make_rf_reference(std::string_view payload);

// The payload arx derives from a document number: its letters and digits,
// upper-cased, everything else dropped ("INV-2026/0042" -> "INV20260042").
// Throws arx::error(ARX_E_INVALID_ARGUMENT) when nothing or more than 21
// characters remain.
std::string rf_payload_from_number(std::string_view number);

// True when `text` is a valid RF reference in electronic format or in print
// format (groups separated by single or several spaces, "RF18 5390 0754
// 7034"); letters may be in either case.
bool is_valid_rf_reference(std::string_view text) noexcept;

// The print format: groups of four characters separated by one space.
// `reference` must be valid (arx::error ARX_E_INVALID_ARGUMENT otherwise).
std::string format_rf_reference(std::string_view reference);

}  // namespace arx::core
