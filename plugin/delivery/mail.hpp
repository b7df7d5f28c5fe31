// E-mail transport of the delivery run: one invoice (its PDF, its e-invoice
// XML) becomes one MIME message, sent over SMTP with libcurl.
//
// build_mime is a pure function of the message and the date it is given, so a
// retried delivery job sends byte for byte the same text with the same
// Message-ID; a receiving system can drop the duplicate of a message whose
// first attempt did reach it although the reply got lost.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arx::delivery {

struct attachment {
  std::string filename;      // UTF-8; non-ASCII names are sent as RFC 2231 parameters
  std::string content_type;  // "application/pdf", "application/xml"; empty: application/octet-stream
  std::string data;          // the bytes, sent base64
};

struct mail_message {
  std::string from;              // "AR Department <ar@seller.example>" or a bare address
  std::vector<std::string> to;   // bare addresses
  std::string subject;           // UTF-8; RFC 2047 encoded-words when not plain ASCII
  std::string body_text;         // UTF-8 plain text, any line endings (sent as CRLF)
  std::string message_id;        // "<key@host>", stable per delivery job (idempotency)
  std::vector<std::pair<std::string, std::string>> extra_headers;  // {"X-Arx-Delivery-Key", "..."}
  std::vector<attachment> attachments;
};

// The RFC 5322 / MIME text of `m`: headers From, To, Subject, Date
// (date_rfc5322 as given, never the clock), Message-ID, MIME-Version, the extra
// headers, then multipart/mixed with a text/plain; charset=UTF-8 part
// (quoted-printable) and one base64 part per attachment (lines of 76,
// Content-Disposition: attachment). CRLF line endings throughout; the boundary
// is derived from the content, so the same input gives the same text.
//
// Throws arx::error(ARX_E_INVALID_ARGUMENT) for a malformed message: empty
// from, no recipient, an address with spaces or angle brackets, a CR or LF in
// any header value (from, to, subject, message_id, extra header, attachment
// filename or content type, the date), an empty message_id or date, an extra
// header with an invalid name or one that build_mime writes itself (From, To,
// Content-Type, ...), an attachment without a file name, text that is not UTF-8.
std::string build_mime(const mail_message &m, std::string_view date_rfc5322);

struct smtp_settings {
  std::string url;             // "smtp://127.0.0.1:2525" or "smtps://host:465"
  bool starttls = true;        // require STARTTLS (CURLUSESSL_ALL) on smtp://
  std::string user, password;  // empty user: no AUTH; a user needs smtps:// or starttls
  long timeout_seconds = 30;   // the whole conversation, connection included (checked about
                               // once a second while waiting for a reply)
};

enum class send_outcome {
  sent,               // the server accepted the message (250 after DATA)
  transient_failure,  // try again later: no connection, timeout, 4xx reply, or the connection
                      // failed before the end of the message (the final ".") was sent: the
                      // server cannot have accepted it
  permanent_failure,  // do not retry as is: 5xx reply (unknown recipient, ...), bad settings
  uncertain,          // the whole message, its final "." included, was sent, but no reply
                      // came (connection lost, timeout): the server may have accepted it, so
                      // sending it again could deliver it twice
};

struct send_result {
  send_outcome outcome;
  std::string detail;  // the server (URL without credentials) and its last reply or the curl
                       // error; never the password
};

// Sends one message: MAIL FROM is the address in m.from, RCPT TO each of m.to
// (any refused recipient fails the whole message), DATA is build_mime's text.
// Never throws for network or SMTP failures; see send_outcome for how they are
// classified. Throws arx::error(ARX_E_INVALID_ARGUMENT) for a malformed message
// (as build_mime), for settings without a URL, and for a login (user) over
// smtp:// without starttls: a password never goes out in clear.
//
// Thread-safe: each call uses its own curl handle; libcurl's global state is
// initialised once (std::call_once) on first use.
send_result send_mail(const smtp_settings &s, const mail_message &m, std::string_view date_rfc5322);

// The current time as an RFC 5322 date in UTC: "Thu, 05 Mar 2026 14:03:07 +0000".
std::string rfc5322_now();

}  // namespace arx::delivery
