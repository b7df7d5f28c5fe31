#include "delivery/mail.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::delivery {
namespace {

// Header lines are kept within RFC 5322's recommended 78 characters where the
// content allows; encoded-words carry at most this many bytes each, so that
// "Subject: " plus one word stays within the limit (RFC 2047: a word <= 75).
constexpr size_t header_line_limit = 78;
constexpr size_t encoded_word_bytes = 39;

bool has_cr_lf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

void require_header_value(std::string_view value, std::string_view what) {
  if (has_cr_lf(value)) invalid_argument("mail: " + std::string(what) + " contains a line break (CR or LF)");
  if (!core::is_utf8(value)) invalid_argument("mail: " + std::string(what) + " is not UTF-8");
}

bool is_plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u < 0x7F) || u == '\t';
  });
}

// An address as it goes into the envelope and the To header: something@domain
// without spaces, angle brackets or commas (display names belong in `from`).
void require_address(std::string_view a, std::string_view what) {
  require_header_value(a, what);
  if (a.empty()) invalid_argument("mail: " + std::string(what) + " is empty");
  if (a.find_first_of(" \t<>,\"") != std::string_view::npos || a.find('@') == std::string_view::npos ||
      a.front() == '@' || a.back() == '@')
    invalid_argument("mail: " + std::string(what) + " '" + std::string(a) + "' is not a bare address");
}

struct mailbox {
  std::string display_name;  // unquoted
  std::string address;
};

// "AR Department <ar@seller.example>", "\"Doe, J.\" <j@x>" or "ar@seller.example".
mailbox parse_from(std::string_view from) {
  require_header_value(from, "from");
  const std::string_view f = core::trim(from, core::blanks);
  if (f.empty()) invalid_argument("mail: from is empty");
  mailbox mb;
  const size_t lt = f.rfind('<');
  if (lt != std::string_view::npos && f.back() == '>') {
    mb.address = std::string(f.substr(lt + 1, f.size() - lt - 2));
    std::string_view name = core::trim(f.substr(0, lt), core::blanks);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
      for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        mb.display_name += name[i];
      }
    } else {
      mb.display_name = std::string(name);
    }
  } else {
    mb.address = std::string(f);
  }
  require_address(mb.address, "from address");
  return mb;
}

// RFC 2047 "B" encoded-words for UTF-8 text, split on character boundaries,
// separated by folding white space (which a reader drops between words).
std::string encoded_words(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(pos + encoded_word_bytes, text.size());
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (end < text.size() && end > pos && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    out += core::base64_encode(text.substr(pos, end - pos));
    out += "?=";
    pos = end;
  }
  return out;
}

// Folds "Name: value" at spaces so that lines stay within the limit; returns
// false (and leaves `out` alone) when some word is too long for that.
bool fold_plain(std::string_view name, std::string_view value, std::string &out) {
  std::string result(name);
  result += ": ";
  size_t column = result.size();
  size_t pos = 0;
  bool first = true;
  while (pos <= value.size()) {
    size_t sp = value.find(' ', pos);
    if (sp == std::string_view::npos) sp = value.size();
    const std::string_view word = value.substr(pos, sp - pos);
    if (!first && column + 1 + word.size() > header_line_limit) {
      result += "\r\n ";
      column = 1;
    } else if (!first) {
      result += ' ';
      ++column;
    }
    result += word;
    column += word.size();
    if (column > header_line_limit) return false;
    first = false;
    pos = sp + 1;
  }
  out += result;
  out += "\r\n";
  return true;
}

// An unstructured header (Subject, extra headers): plain when it is printable
// ASCII that cannot be mistaken for an encoded-word, RFC 2047 otherwise.
void put_unstructured(std::string &out, std::string_view name, std::string_view value) {
  const bool plain = is_plain_ascii(value) && value.find("=?") == std::string_view::npos &&
                     value.find('\t') == std::string_view::npos && value.find("  ") == std::string_view::npos;
  if (plain && fold_plain(name, value, out)) return;
  out += name;
  out += ": ";
  out += encoded_words(value);
  out += "\r\n";
}

bool is_atext_phrase(std::string_view s) {
  // atext (RFC 5322 3.2.3) and spaces: needs no quoting as a display name.
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-/=?^_`{|}~ ").find(c) != std::string_view::npos;
  });
}

std::string format_mailbox(const mailbox &mb) {
  if (mb.display_name.empty()) return mb.address;
  std::string name;
  if (!is_plain_ascii(mb.display_name) || mb.display_name.find("=?") != std::string::npos) {
    name = encoded_words(mb.display_name);
  } else if (is_atext_phrase(mb.display_name)) {
    name = mb.display_name;
  } else {
    name = "\"";
    for (char c : mb.display_name) {
      if (c == '"' || c == '\\') name += '\\';
      name += c;
    }
    name += '"';
  }
  return name + " <" + mb.address + ">";
}

// "To: a@x, b@y" folded after commas.
void put_address_list(std::string &out, std::string_view name, const std::vector<std::string> &addresses) {
  out += name;
  out += ": ";
  size_t column = name.size() + 2;
  for (size_t i = 0; i < addresses.size(); ++i) {
    const std::string &a = addresses[i];
    if (i > 0) {
      out += ',';
      ++column;
      if (column + 1 + a.size() > header_line_limit) {
        out += "\r\n";
        column = 0;
      }
      out += ' ';
      ++column;
    }
    out += a;
    column += a.size();
  }
  out += "\r\n";
}

// Quoted-printable (RFC 2045 6.7) of UTF-8 text. Line breaks of any kind become
// CRLF; other bytes outside printable ASCII, '=' and white space before a line
// break are escaped; soft breaks keep lines within 76 characters.
std::string quoted_printable(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t column = 0;
  auto put = [&](std::string_view token) {
    if (column + token.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      column = 0;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    const bool literal = (u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      put(std::string_view(&c, 1));
    } else {
      const char esc[3] = {'=', hex[u >> 4], hex[u & 15]};
      put(std::string_view(esc, 3));
    }
  }
  return out;
}

bool is_header_name(std::string_view n) {
  return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && c != ':';
  });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The quoted-string of a MIME parameter value (ASCII).
std::string quoted(std::string_view v) {
  std::string q = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + '"';
}

// `; filename=...` of Content-Disposition: a quoted-string for printable ASCII,
// otherwise RFC 2231 UTF-8 percent-encoding, split into numbered continuations
// when long. Each parameter starts on its own folded line.
std::string filename_parameter(std::string_view name) {
  if (is_plain_ascii(name) && name.find('\t') == std::string_view::npos && name.size() <= 60)
    return ";\r\n filename=" + quoted(name);
  static constexpr char hex[] = "0123456789ABCDEF";
  std::vector<std::string> tokens;  // one per byte, never split across segments
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos)
      tokens.emplace_back(1, c);
    else
      tokens.push_back({'%', hex[u >> 4], hex[u & 15]});
  }
  std::vector<std::string> segments(1, "UTF-8''");
  for (const auto &t : tokens) {
    if (segments.back().size() + t.size() > 60) segments.emplace_back();
    segments.back() += t;
  }
  if (segments.size() == 1) return ";\r\n filename*=" + segments[0];
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i)
    out += ";\r\n filename*" + std::to_string(i) + "*=" + segments[i];
  return out;
}

// A boundary that depends only on the content (deterministic output) and
// cannot occur inside it: "=_" never appears in base64 or quoted-printable.
std::string make_boundary(const mail_message &m, std::string_view date) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xFF;  // field separator
    h *= 1099511628211ull;
  };
  mix(m.from);
  for (const auto &t : m.to) mix(t);
  mix(m.subject);
  mix(m.body_text);
  mix(m.message_id);
  mix(date);
  for (const auto &[k, v] : m.extra_headers) mix(k), mix(v);
  for (const auto &a : m.attachments) mix(a.filename), mix(a.content_type), mix(a.data);
  static constexpr char hex[] = "0123456789abcdef";
  std::string b = "=_arx_";
  for (int shift = 60; shift >= 0; shift -= 4) b += hex[(h >> shift) & 15];
  return b;
}

std::string normalized_message_id(std::string_view id) {
  require_header_value(id, "message_id");
  std::string_view t = core::trim(id, core::blanks);
  if (t.empty()) invalid_argument("mail: message_id is empty (it is set per delivery job)");
  std::string out = t.front() == '<' ? std::string(t) : "<" + std::string(t) + ">";
  const std::string_view inner = std::string_view(out).substr(1, out.size() - 2);
  if (out.back() != '>' || inner.empty() || inner.find_first_of(" \t<>") != std::string_view::npos ||
      inner.find('@') == std::string_view::npos)
    invalid_argument("mail: message_id '" + std::string(id) + "' is not of the form <key@host>");
  return out;
}

}  // namespace

std::string build_mime(const mail_message &m, std::string_view date_rfc5322) {
  // ---- validation: everything before anything is written
  const mailbox from = parse_from(m.from);
  if (m.to.empty()) invalid_argument("mail: the message has no recipient");
  for (const auto &t : m.to) require_address(t, "recipient");
  require_header_value(m.subject, "subject");
  if (!core::is_utf8(m.body_text)) invalid_argument("mail: body_text is not UTF-8");
  const std::string message_id = normalized_message_id(m.message_id);
  require_header_value(date_rfc5322, "date");
  if (core::trim(date_rfc5322, core::blanks).empty()) invalid_argument("mail: the date is empty");
  static constexpr std::array<std::string_view, 11> reserved = {
      "From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
      "Content-Transfer-Encoding", "Content-Disposition"};
  for (const auto &[name, value] : m.extra_headers) {
    if (!is_header_name(name)) invalid_argument("mail: '" + name + "' is not a valid header name");
    for (auto r : reserved)
      if (iequals(name, r)) invalid_argument("mail: extra header " + name + " is written by build_mime itself");
    require_header_value(value, "header " + name);
  }
  for (const auto &a : m.attachments) {
    require_header_value(a.filename, "attachment filename");
    if (core::trim(a.filename, core::blanks).empty()) invalid_argument("mail: an attachment has no filename");
    require_header_value(a.content_type, "content type of " + a.filename);
    if (!a.content_type.empty() && (a.content_type.find('/') == std::string::npos || !is_plain_ascii(a.content_type)))
      invalid_argument("mail: content type '" + a.content_type + "' of " + a.filename + " is not type/subtype");
  }

  // ---- headers
  const std::string boundary = make_boundary(m, date_rfc5322);
  std::string out;
  out.reserve(1024 + m.body_text.size() * 3 / 2 +
              [&] {
                size_t n = 0;
                for (const auto &a : m.attachments) n += a.data.size() * 4 / 3 + a.data.size() / 38 + 256;
                return n;
              }());
  out += "From: " + format_mailbox(from) + "\r\n";
  put_address_list(out, "To", m.to);
  put_unstructured(out, "Subject", m.subject);
  out += "Date: " + std::string(core::trim(date_rfc5322, core::blanks)) + "\r\n";
  out += "Message-ID: " + message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  for (const auto &[name, value] : m.extra_headers) put_unstructured(out, name, value);
  out += "Content-Type: multipart/mixed;\r\n boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a multi-part message in MIME format.\r\n";

  // ---- the text
  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "\r\n";
  out += quoted_printable(m.body_text);

  // ---- the attachments
  for (const auto &a : m.attachments) {
    const std::string type = a.content_type.empty() ? "application/octet-stream" : a.content_type;
    out += "\r\n--" + boundary + "\r\n";
    out += "Content-Type: " + type;
    // The name parameter of Content-Type is what older clients (Outlook) show;
    // for non-ASCII names they read an encoded-word there, as commonly sent.
    if (is_plain_ascii(a.filename) && a.filename.size() <= 60)
      out += ";\r\n name=" + quoted(a.filename);
    else if (a.filename.size() <= encoded_word_bytes)
      out += ";\r\n name=\"" + encoded_words(a.filename) + "\"";
    out += "\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Content-Disposition: attachment" + filename_parameter(a.filename) + "\r\n";
    out += "\r\n";
    out += core::base64_encode(a.data, 76);
  }
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

namespace {

// libcurl's global state, set up once for the process on first use.
CURLcode global_init() {
  static std::once_flag once;
  static CURLcode init_result = CURLE_OK;
  std::call_once(once, [] { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return init_result;
}

// The URL without user information, for messages.
std::string server_name(std::string_view url) {
  std::string s = core::url_without_userinfo(url);
  if (const size_t p = s.find("***@"); p != std::string::npos) s.erase(p, 4);
  return s;
}

bool is_plain_smtp(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return false;
  return iequals(url.substr(0, sep), "smtp");
}

struct upload {
  std::string_view data;
  size_t offset = 0;
};

size_t read_callback(char *buffer, size_t size, size_t nitems, void *userdata) {
  auto *u = static_cast<upload *>(userdata);
  const size_t n = std::min(size * nitems, u->data.size() - u->offset);
  std::copy_n(u->data.data() + u->offset, n, buffer);
  u->offset += n;
  return n;
}

// Keeps the last reply line the server sent (a multi-line reply's last line
// carries the final code), for the detail of a result. Only the server's lines
// are seen here, never what curl sends (AUTH).
int debug_callback(CURL *, curl_infotype type, char *data, size_t size, void *userdata) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  // 221 answers the QUIT curl sends after a failure: keep the reply before it.
  if (!line.empty() && line.rfind("221", 0) != 0) *static_cast<std::string *>(userdata) = std::move(line);
  return 0;
}

// libcurl 7.88 waits for the reply to the end of DATA without looking at
// CURLOPT_TIMEOUT; the progress callback, which it calls while waiting,
// enforces the deadline there.
struct progress {
  std::chrono::steady_clock::time_point deadline;
  bool expired = false;
};

int progress_callback(void *userdata, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto *p = static_cast<progress *>(userdata);
  if (std::chrono::steady_clock::now() < p->deadline) return 0;
  p->expired = true;
  return 1;
}

struct curl_deleter {
  void operator()(CURL *c) const noexcept { curl_easy_cleanup(c); }
};
struct slist_deleter {
  void operator()(curl_slist *l) const noexcept { curl_slist_free_all(l); }
};

// Errors that another attempt with the same settings would meet again.
bool is_setup_error(CURLcode rc) {
  switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_AUTH_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

send_result send_mail(const smtp_settings &s, const mail_message &m, std::string_view date_rfc5322) {
  const std::string text = build_mime(m, date_rfc5322);  // validates the message
  if (s.url.empty()) invalid_argument("mail: the SMTP settings have no URL");
  const std::string server = server_name(s.url);
  const bool login = !s.user.empty() || core::url_without_userinfo(s.url) != s.url;
  if (login && is_plain_smtp(s.url) && !s.starttls)
    invalid_argument("mail: refusing to send an SMTP login to " + server +
                     " in clear: use smtps:// or require STARTTLS");
  if (const CURLcode init = global_init(); init != CURLE_OK)
    return {send_outcome::transient_failure, server + ": curl_global_init failed: " + curl_easy_strerror(init)};

  // Everything libcurl points to outlives the handle (declared before it):
  // curl_easy_cleanup may still talk to the server (QUIT).
  std::unique_ptr<curl_slist, slist_deleter> rcpt;
  for (const auto &t : m.to) {
    curl_slist *next = curl_slist_append(rcpt.get(), ("<" + t + ">").c_str());
    if (!next) return {send_outcome::transient_failure, server + ": out of memory"};
    (void)rcpt.release();
    rcpt.reset(next);
  }
  const std::string mail_from = "<" + parse_from(m.from).address + ">";
  upload up{text, 0};
  std::string last_reply;
  char errbuf[CURL_ERROR_SIZE] = {};
  const long timeout = s.timeout_seconds > 0 ? s.timeout_seconds : 30;
  progress deadline{std::chrono::steady_clock::now() + std::chrono::seconds(timeout)};

  std::unique_ptr<CURL, curl_deleter> curl(curl_easy_init());
  if (!curl) return {send_outcome::transient_failure, server + ": curl_easy_init failed"};
  CURL *c = curl.get();

  curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
  // One connection per message, closed (QUIT) within curl_easy_perform.
  curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_callback);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // for the debug callback only: nothing is printed
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_callback);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &last_reply);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_callback);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &deadline);
  if (s.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!s.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
  }

  const CURLcode rc = curl_easy_perform(c);
  // Nothing more to report or wait for.
  curl_easy_setopt(c, CURLOPT_VERBOSE, 0L);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 1L);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  // Bytes of the message handed to the connection (dot-stuffing only adds).
  curl_off_t uploaded = 0;
  curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  // The message went out whole and the end of it ("\r\n.\r\n", which libcurl
  // sends after the last byte) could be sent too: from here on, a failure
  // without a reply leaves open whether the server accepted it.
  const bool in_data = code == 354 || last_reply.rfind("354", 0) == 0;
  const bool whole_message_sent = in_data && up.offset == text.size() && uploaded >= static_cast<curl_off_t>(text.size()) &&
                                  rc != CURLE_SEND_ERROR;

  std::string detail = server + ": ";
  if (rc == CURLE_OK) {
    detail += last_reply.empty() ? "accepted" : last_reply;
  } else if (deadline.expired) {
    detail += "operation timed out after " + std::to_string(timeout) + " s";
    if (!last_reply.empty()) detail += " (last reply: " + last_reply + ")";
    if (whole_message_sent) detail += " after the whole message was sent";
  } else {
    const bool reply_failed = !last_reply.empty() && code >= 400;
    if (reply_failed) detail += last_reply + " (";
    detail += errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (reply_failed) detail += ")";
  }
  // A server may echo what it got; the password never leaves in a message.
  if (!s.password.empty())
    for (size_t p; (p = detail.find(s.password)) != std::string::npos;) detail.replace(p, s.password.size(), "***");

  if (rc == CURLE_OK) return {send_outcome::sent, std::move(detail)};
  if (code >= 500 && code < 600) return {send_outcome::permanent_failure, std::move(detail)};
  if (code >= 400 && code < 500) return {send_outcome::transient_failure, std::move(detail)};
  // No reply to the end of the message (the last reply is still DATA's 354):
  // whether the server took it cannot be known from here.
  if (whole_message_sent) {
    detail += "; no reply after the end of the message: the server may have accepted it";
    return {send_outcome::uncertain, std::move(detail)};
  }
  if (is_setup_error(rc)) return {send_outcome::permanent_failure, std::move(detail)};
  return {send_outcome::transient_failure, std::move(detail)};
}

std::string rfc5322_now() {
  static constexpr std::array<std::string_view, 7> days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[static_cast<size_t>(tm.tm_wday)].data(),
                tm.tm_mday, months[static_cast<size_t>(tm.tm_mon)].data(), tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

}  // namespace arx::delivery
