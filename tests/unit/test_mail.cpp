// The e-mail transport of the delivery run: the MIME text build_mime writes
// (read back with a small parser written here, independent of the writer) and
// send_mail against a real SMTP server on loopback (tests/support/smtp_sink.py)
// that succeeds, refuses, fails temporarily, stalls or is down.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "delivery/mail.hpp"
#include "smtp_sink.hpp"

namespace {

using namespace arx::delivery;

constexpr std::string_view date = "Thu, 05 Mar 2026 14:03:07 +0000";

// Bytes that look like a PDF and contain every byte value (so base64 is
// exercised on binary data, NULs and CR/LF included).
std::string pdf_like() {
  std::string d = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  for (int round = 0; round < 3; ++round)
    for (int b = 0; b < 256; ++b) d += static_cast<char>(b);
  d += "\r\n.\r\n..\n%%EOF\n";
  return d;
}

const std::string xml_doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:"
    "Invoice-2\"><cbc:ID>RE-2026-000042</cbc:ID><cbc:Note>Zahlbar bis 31.03. \xE2\x80\x93 danke</cbc:Note></Invoice>\n";

mail_message sample() {
  mail_message m;
  m.from = "AR Department <ar@seller.example>";
  m.to = {"billing@buyer.example", "accounts.payable@buyer.example"};
  m.subject = "Invoice RE-2026-000042 from Seller GmbH";
  m.body_text =
      "Dear customer,\n\nplease find attached invoice RE-2026-000042 of 2026-03-05 over EUR 1,234.56, due on "
      "2026-04-04 (this line is longer than seventy-six characters on purpose).\n\nKind regards\nAR Department\n";
  m.message_id = "<arx-delivery-DE01-RE-2026-000042-email-1@seller.example>";
  m.extra_headers = {{"X-Arx-Delivery-Key", "DE01/RE-2026-000042/email/1"}};
  m.attachments = {{"RE-2026-000042.pdf", "application/pdf", pdf_like()},
                   {"RE-2026-000042.xml", "application/xml", xml_doc}};
  return m;
}

// ---- a small MIME reader for the assertions --------------------------------

struct part {
  std::vector<std::pair<std::string, std::string>> headers;  // unfolded, name as written
  std::string body;
  std::string header(std::string_view name) const {
    for (const auto &[n, v] : headers)
      if (std::equal(n.begin(), n.end(), name.begin(), name.end(),
                     [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); }))
        return v;
    return {};
  }
  size_t count(std::string_view name) const {
    return static_cast<size_t>(std::count_if(headers.begin(), headers.end(), [&](const auto &h) { return h.first == name; }));
  }
};

part parse_part(const std::string &text) {
  part p;
  const size_t end = text.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos) << "no blank line after the headers";
  const std::string head = text.substr(0, end);
  p.body = end == std::string::npos ? "" : text.substr(end + 4);
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find("\r\n", pos);
    if (eol == std::string::npos) eol = head.size();
    const std::string line = head.substr(pos, eol - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      EXPECT_FALSE(p.headers.empty());
      if (!p.headers.empty()) p.headers.back().second += line;  // unfold: drop only the CRLF
    } else {
      const size_t colon = line.find(':');
      EXPECT_NE(colon, std::string::npos) << line;
      std::string value = line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      p.headers.emplace_back(line.substr(0, colon), value);
    }
    pos = eol + 2;
  }
  return p;
}

std::string boundary_of(const std::string &content_type) {
  const std::smatch m = [&] {
    std::smatch r;
    std::regex_search(content_type, r, std::regex("boundary=\"([^\"]+)\""));
    return r;
  }();
  return m.empty() ? "" : m[1].str();
}

// The body parts of a multipart body (without preamble and epilogue).
std::vector<part> split_multipart(const std::string &body, const std::string &boundary) {
  std::vector<part> parts;
  const std::string delim = "\r\n--" + boundary;
  std::string b = "\r\n" + body;  // the first delimiter may open the body
  size_t pos = b.find(delim);
  EXPECT_NE(pos, std::string::npos) << "no boundary in the body";
  while (pos != std::string::npos) {
    size_t start = pos + delim.size();
    if (b.compare(start, 2, "--") == 0) break;  // close delimiter
    EXPECT_EQ(b.compare(start, 2, "\r\n"), 0);
    start += 2;
    const size_t next = b.find(delim, start);
    EXPECT_NE(next, std::string::npos) << "no close delimiter";
    parts.push_back(parse_part(b.substr(start, next - start)));
    pos = next;
  }
  return parts;
}

std::string qp_decode(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out += s[i];
    } else if (s.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

// Decodes a header made of RFC 2047 B-words separated by folding white space.
std::string decode_words(const std::string &v) {
  std::string out;
  const std::regex word("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");
  for (std::sregex_iterator it(v.begin(), v.end(), word), end; it != end; ++it)
    out += arx::core::base64_decode((*it)[1].str());
  return out;
}

std::string crlf(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

void expect_crlf_only(const std::string &text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at offset " << i;
    }
    if (text[i] == '\r') {
      ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at offset " << i;
    }
  }
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find("\r\n", pos);
    if (eol == std::string::npos) eol = text.size();
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 2;
  }
  return lines;
}

template <class F>
void expect_invalid(F &&f, std::string_view what) {
  try {
    f();
    ADD_FAILURE() << "accepted: " << what;
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT) << what << ": " << e.what();
  }
}

// ---- build_mime ------------------------------------------------------------

TEST(Mail, MimeHeadersAndParts) {
  const mail_message m = sample();
  const std::string text = build_mime(m, date);
  expect_crlf_only(text);
  ASSERT_EQ(text.substr(text.size() - 2), "\r\n");

  const part msg = parse_part(text);
  EXPECT_EQ(msg.header("From"), "AR Department <ar@seller.example>");
  EXPECT_EQ(msg.header("To"), "billing@buyer.example, accounts.payable@buyer.example");
  EXPECT_EQ(msg.header("Subject"), "Invoice RE-2026-000042 from Seller GmbH");
  EXPECT_EQ(msg.header("Date"), date);
  EXPECT_EQ(msg.header("Message-ID"), m.message_id);
  EXPECT_EQ(msg.header("MIME-Version"), "1.0");
  EXPECT_EQ(msg.header("X-Arx-Delivery-Key"), "DE01/RE-2026-000042/email/1");
  for (const char *h : {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"})
    EXPECT_EQ(msg.count(h), 1u) << h;
  // Headers are no longer than 78 characters per line.
  for (const auto &l : lines_of(text.substr(0, text.find("\r\n\r\n")))) EXPECT_LE(l.size(), 78u) << l;

  const std::string ct = msg.header("Content-Type");
  EXPECT_EQ(ct.rfind("multipart/mixed;", 0), 0u) << ct;
  const std::string boundary = boundary_of(ct);
  ASSERT_FALSE(boundary.empty()) << ct;
  EXPECT_LE(boundary.size(), 70u);
  EXPECT_NE(text.find("\r\n--" + boundary + "--\r\n"), std::string::npos) << "no close delimiter";

  const auto parts = split_multipart(msg.body, boundary);
  ASSERT_EQ(parts.size(), 3u);

  EXPECT_EQ(parts[0].header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(parts[0].header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(qp_decode(parts[0].body), crlf(m.body_text));

  const std::vector<std::pair<std::string, std::string>> expected = {
      {"application/pdf", "RE-2026-000042.pdf"}, {"application/xml", "RE-2026-000042.xml"}};
  for (size_t i = 0; i < 2; ++i) {
    const part &p = parts[i + 1];
    SCOPED_TRACE(expected[i].second);
    EXPECT_EQ(p.header("Content-Type"), expected[i].first + "; name=\"" + expected[i].second + "\"");
    EXPECT_EQ(p.header("Content-Transfer-Encoding"), "base64");
    EXPECT_EQ(p.header("Content-Disposition"), "attachment; filename=\"" + expected[i].second + "\"");
    for (const auto &l : lines_of(p.body)) {
      EXPECT_LE(l.size(), 76u);
      EXPECT_EQ(l.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="), std::string::npos);
    }
    EXPECT_EQ(arx::core::base64_decode(p.body), m.attachments[i].data);
  }
  // Every line of the message stays within the SMTP limit.
  for (const auto &l : lines_of(text)) EXPECT_LE(l.size(), 998u);
}

TEST(Mail, MimeIsDeterministic) {
  const mail_message m = sample();
  const std::string a = build_mime(m, date);
  EXPECT_EQ(a, build_mime(m, date));
  EXPECT_EQ(a, build_mime(sample(), date));
  // Another date or another attachment: another text (and boundary).
  EXPECT_NE(a, build_mime(m, "Fri, 06 Mar 2026 09:00:00 +0000"));
  mail_message other = sample();
  other.attachments[0].data += "x";
  const std::string b = build_mime(other, date);
  EXPECT_NE(boundary_of(parse_part(a).header("Content-Type")), boundary_of(parse_part(b).header("Content-Type")));
}

TEST(Mail, MimeEncodesNonAsciiSubjectNameAndFilename) {
  mail_message m = sample();
  m.from = "Buchhaltung Müller & Söhne <ar@seller.example>";
  m.subject = "Rechnung RE-2026-000042 – Müller & Söhne GmbH, fällig am 31.03.2026, Betrag 1.234,56 € — "
              "bitte überweisen";
  m.extra_headers.push_back({"X-Arx-Customer", "Café Zoë"});
  m.attachments[0].filename = "Rechnung_Müller.pdf";
  m.attachments[1].filename =
      "XRechnung_Müller_und_Söhne_Großhandel_für_Bürobedarf_und_Schreibwaren_RE-2026-000042.xml";
  const std::string text = build_mime(m, date);
  expect_crlf_only(text);
  const std::string head = text.substr(0, text.find("\r\n\r\n"));
  // Headers are 7-bit ASCII, in lines of at most 78.
  EXPECT_TRUE(std::all_of(head.begin(), head.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  for (const auto &l : lines_of(head)) EXPECT_LE(l.size(), 78u) << l;

  const part msg = parse_part(text);
  const std::string subject = msg.header("Subject");
  EXPECT_EQ(subject.rfind("=?UTF-8?B?", 0), 0u) << subject;
  EXPECT_EQ(decode_words(subject), m.subject);
  const std::string from = msg.header("From");
  EXPECT_EQ(decode_words(from.substr(0, from.find(" <"))), "Buchhaltung Müller & Söhne");
  EXPECT_NE(from.find(" <ar@seller.example>"), std::string::npos) << from;
  EXPECT_EQ(decode_words(msg.header("X-Arx-Customer")), "Café Zoë");

  const auto parts = split_multipart(msg.body, boundary_of(msg.header("Content-Type")));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1].header("Content-Disposition"), "attachment; filename*=UTF-8''Rechnung_M%C3%BCller.pdf");
  const std::string type = parts[1].header("Content-Type");
  EXPECT_EQ(type.rfind("application/pdf; name=\"=?UTF-8?B?", 0), 0u) << type;
  EXPECT_EQ(decode_words(type), "Rechnung_Müller.pdf");
  // A long name is split into RFC 2231 continuations; joined, it is the name.
  const std::string disposition = parts[2].header("Content-Disposition");
  EXPECT_NE(disposition.find("filename*0*=UTF-8''XRechnung_M%C3%BCller"), std::string::npos) << disposition;
  EXPECT_NE(disposition.find("filename*1*="), std::string::npos) << disposition;
  std::string joined;
  const std::regex seg("filename\\*\\d+\\*=([^;]*)");
  for (std::sregex_iterator it(disposition.begin(), disposition.end(), seg), end; it != end; ++it) joined += (*it)[1];
  ASSERT_EQ(joined.rfind("UTF-8''", 0), 0u);
  std::string decoded;
  for (size_t i = 7; i < joined.size(); ++i) {
    if (joined[i] == '%') {
      decoded += static_cast<char>(std::stoi(joined.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += joined[i];
    }
  }
  EXPECT_EQ(decoded, m.attachments[1].filename);
  EXPECT_EQ(arx::core::base64_decode(parts[1].body), m.attachments[0].data);
}

TEST(Mail, MimeQuotedPrintableText) {
  mail_message m = sample();
  m.attachments.clear();
  m.body_text = "Grüße aus Köln = 100 %\r\n.a line starting with a dot\rold Mac line\nFrom here\ntrailing space \n" +
                std::string(200, 'x') + "\n\ttab";
  const std::string text = build_mime(m, date);
  expect_crlf_only(text);
  const part msg = parse_part(text);
  const auto parts = split_multipart(msg.body, boundary_of(msg.header("Content-Type")));
  ASSERT_EQ(parts.size(), 1u);
  const std::string &qp = parts[0].body;
  for (const auto &l : lines_of(qp)) {
    EXPECT_LE(l.size(), 76u) << l;
    EXPECT_TRUE(l.empty() || (l.back() != ' ' && l.back() != '\t')) << "white space at the end of: " << l;
    EXPECT_TRUE(std::all_of(l.begin(), l.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) << l;
  }
  EXPECT_NE(qp.find("Gr=C3=BC=C3=9Fe aus K=C3=B6ln =3D 100 %"), std::string::npos) << qp;
  EXPECT_EQ(qp_decode(qp), "Grüße aus Köln = 100 %\r\n.a line starting with a dot\r\nold Mac line\r\nFrom here\r\n"
                           "trailing space \r\n" + std::string(200, 'x') + "\r\n\ttab");
}

TEST(Mail, BareFromAddressAndQuotedDisplayName) {
  mail_message m = sample();
  m.from = "ar@seller.example";
  EXPECT_EQ(parse_part(build_mime(m, date)).header("From"), "ar@seller.example");
  m.from = "\"Seller, AR\" <ar@seller.example>";
  EXPECT_EQ(parse_part(build_mime(m, date)).header("From"), "\"Seller, AR\" <ar@seller.example>");
  m.message_id = "key-1@seller.example";  // brackets added
  EXPECT_EQ(parse_part(build_mime(m, date)).header("Message-ID"), "<key-1@seller.example>");
}

TEST(Mail, MalformedMessagesAreRefused) {
  auto with = [](auto change) {
    mail_message m = sample();
    change(m);
    return m;
  };
  const std::vector<std::pair<std::string, mail_message>> bad = {
      {"no recipient", with([](mail_message &m) { m.to.clear(); })},
      {"empty from", with([](mail_message &m) { m.from = ""; })},
      {"blank from", with([](mail_message &m) { m.from = "  "; })},
      {"LF in subject", with([](mail_message &m) { m.subject = "Invoice\nBcc: victim@example.org"; })},
      {"CR in subject", with([](mail_message &m) { m.subject = "Invoice\r"; })},
      {"CRLF in from", with([](mail_message &m) { m.from = "ar@seller.example\r\nBcc: x@y"; })},
      {"LF in recipient", with([](mail_message &m) { m.to.push_back("a@b.example\nRCPT TO:<c@d>"); })},
      {"recipient with a name", with([](mail_message &m) { m.to = {"Billing <billing@buyer.example>"}; })},
      {"recipient without @", with([](mail_message &m) { m.to = {"billing"}; })},
      {"LF in extra header", with([](mail_message &m) { m.extra_headers = {{"X-Key", "a\nb"}}; })},
      {"colon in header name", with([](mail_message &m) { m.extra_headers = {{"X-Key:", "a"}}; })},
      {"extra header overriding Bcc", with([](mail_message &m) { m.extra_headers = {{"bcc", "x@y.example"}}; })},
      {"extra Content-Type", with([](mail_message &m) { m.extra_headers = {{"Content-Type", "text/html"}}; })},
      {"empty message id", with([](mail_message &m) { m.message_id = ""; })},
      {"message id with space", with([](mail_message &m) { m.message_id = "<a b@c>"; })},
      {"CR in filename", with([](mail_message &m) { m.attachments[0].filename = "a\r.pdf"; })},
      {"empty filename", with([](mail_message &m) { m.attachments[0].filename = ""; })},
      {"LF in content type", with([](mail_message &m) { m.attachments[0].content_type = "application/pdf\n"; })},
      {"subject not UTF-8", with([](mail_message &m) { m.subject = "Rechnung f\xFC"; })},
  };
  for (const auto &[what, m] : bad) expect_invalid([&] { build_mime(m, date); }, what);
  expect_invalid([&] { build_mime(sample(), "Thu, 05 Mar 2026\r\nBcc: x@y"); }, "CRLF in the date");
  expect_invalid([&] { build_mime(sample(), ""); }, "empty date");

  // send_mail refuses the same before it connects anywhere.
  smtp_settings s;
  s.url = "smtp://127.0.0.1:" + std::to_string(arx::test::unused_port());
  for (const auto &[what, m] : bad) expect_invalid([&] { send_mail(s, m, date); }, what);
  expect_invalid([&] { send_mail(smtp_settings{}, sample(), date); }, "no URL");
}

TEST(Mail, Rfc5322Now) {
  const std::string now = rfc5322_now();
  EXPECT_TRUE(std::regex_match(now, std::regex("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] "
                                               "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 2[0-9]{3} "
                                               "[0-2][0-9]:[0-5][0-9]:[0-6][0-9] \\+0000")))
      << now;
}

// ---- send_mail against a real SMTP server -----------------------------------

smtp_settings settings_for(const arx::test::smtp_sink &sink) {
  smtp_settings s;
  s.url = sink.url();
  s.starttls = false;  // the sink speaks no TLS; no login is sent
  s.timeout_seconds = 5;
  return s;
}

TEST(MailSmtp, DeliversMessageWithAttachments) {
  arx::test::smtp_sink sink;
  const mail_message m = sample();
  const send_result r = send_mail(settings_for(sink), m, date);
  ASSERT_EQ(r.outcome, send_outcome::sent) << r.detail;
  EXPECT_NE(r.detail.find("127.0.0.1:" + std::to_string(sink.port())), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("250"), std::string::npos) << r.detail;

  const auto got = sink.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].mail_from, "ar@seller.example");
  EXPECT_EQ(got[0].rcpt_to, m.to);
  // The server got exactly the text build_mime writes (dot-stuffing undone).
  EXPECT_EQ(got[0].data, build_mime(m, date));

  const part msg = parse_part(got[0].data);
  EXPECT_EQ(msg.header("Message-ID"), m.message_id);
  EXPECT_EQ(msg.header("To"), "billing@buyer.example, accounts.payable@buyer.example");
  EXPECT_EQ(msg.header("X-Arx-Delivery-Key"), "DE01/RE-2026-000042/email/1");
  const auto parts = split_multipart(msg.body, boundary_of(msg.header("Content-Type")));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(qp_decode(parts[0].body), crlf(m.body_text));
  EXPECT_EQ(arx::core::base64_decode(parts[1].body), pdf_like());
  EXPECT_EQ(arx::core::base64_decode(parts[2].body), xml_doc);
}

TEST(MailSmtp, ConnectionRefusedIsTransient) {
  const int port = arx::test::unused_port();
  smtp_settings s;
  s.url = "smtp://mailer:url-secret@127.0.0.1:" + std::to_string(port);
  s.user = "mailer";
  s.password = "s3cret-pw";
  s.starttls = true;
  s.timeout_seconds = 5;
  const send_result r = send_mail(s, sample(), date);
  EXPECT_EQ(r.outcome, send_outcome::transient_failure) << r.detail;
  EXPECT_NE(r.detail.find("smtp://127.0.0.1:" + std::to_string(port)), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("onnect"), std::string::npos) << r.detail;  // "Failed to connect ..."
  EXPECT_EQ(r.detail.find("secret"), std::string::npos) << r.detail;
  EXPECT_EQ(r.detail.find("s3cret-pw"), std::string::npos) << r.detail;
}

TEST(MailSmtp, TemporaryFailureThenSent) {
  for (const int code : {451, 421}) {
    SCOPED_TRACE(code);
    arx::test::smtp_sink_options o;
    o.tempfail_first = 1;
    o.tempfail_code = code;
    arx::test::smtp_sink sink(o);
    const send_result first = send_mail(settings_for(sink), sample(), date);
    EXPECT_EQ(first.outcome, send_outcome::transient_failure) << first.detail;
    EXPECT_NE(first.detail.find(std::to_string(code) + " 4.3."), std::string::npos) << first.detail;
    EXPECT_TRUE(sink.messages().empty());

    const send_result second = send_mail(settings_for(sink), sample(), date);
    EXPECT_EQ(second.outcome, send_outcome::sent) << second.detail;
    const auto got = sink.messages();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].data, build_mime(sample(), date));
  }
}

TEST(MailSmtp, RejectedRecipientIsPermanent) {
  arx::test::smtp_sink sink({.reject_rcpt = "^nobody@"});
  mail_message m = sample();
  m.to = {"billing@buyer.example", "nobody@buyer.example"};
  const send_result r = send_mail(settings_for(sink), m, date);
  EXPECT_EQ(r.outcome, send_outcome::permanent_failure) << r.detail;
  EXPECT_NE(r.detail.find("550 5.1.1 <nobody@buyer.example>"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("127.0.0.1:" + std::to_string(sink.port())), std::string::npos) << r.detail;
  // One refused recipient: nothing is sent, not even to the others.
  EXPECT_TRUE(sink.messages().empty());

  m.to = {"billing@buyer.example"};
  EXPECT_EQ(send_mail(settings_for(sink), m, date).outcome, send_outcome::sent);
  ASSERT_EQ(sink.messages().size(), 1u);
  EXPECT_EQ(sink.messages()[0].rcpt_to, m.to);
}

TEST(MailSmtp, ServerDownThenUp) {
  arx::test::smtp_sink sink;
  const int port = sink.port();
  sink.stop();
  ASSERT_FALSE(arx::test::port_accepts(port));
  const send_result down = send_mail(settings_for(sink), sample(), date);
  EXPECT_EQ(down.outcome, send_outcome::transient_failure) << down.detail;

  sink.restart();
  ASSERT_EQ(sink.port(), port);
  const send_result up = send_mail(settings_for(sink), sample(), date);
  EXPECT_EQ(up.outcome, send_outcome::sent) << up.detail;
  const auto got = sink.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].data.find("Message-ID: " + sample().message_id + "\r\n"), std::string::npos);
}

TEST(MailSmtp, TimeoutAfterTheWholeMessageIsUncertain) {
  arx::test::smtp_sink_options o;
  o.delay_ms = 3000;
  arx::test::smtp_sink sink(o);
  smtp_settings s = settings_for(sink);
  s.timeout_seconds = 1;
  // The server only answers after 3 s; the 1 s deadline ends the wait after
  // the whole message was sent. A server may keep a message whose client left
  // (this one drops it): sending it again could deliver it twice.
  const send_result r = send_mail(s, sample(), date);
  EXPECT_EQ(r.outcome, send_outcome::uncertain) << r.detail;
  EXPECT_NE(r.detail.find("timed out"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("after the whole message was sent"), std::string::npos) << r.detail;
}

TEST(MailSmtp, ConnectionResetBeforeTheEndOfTheMessageIsTransient) {
  arx::test::smtp_sink sink({.drop_in_data = 1});
  // Larger than what a loopback connection buffers: the client is still
  // sending when the server dies, so the end of the message never left.
  mail_message big = sample();
  std::string scan(5 << 20, '\0');
  for (size_t i = 0; i < scan.size(); ++i) scan[i] = static_cast<char>((i * 2654435761u) >> 13);
  big.attachments.push_back({"scan.pdf", "application/pdf", scan});
  const send_result r = send_mail(settings_for(sink), big, date);
  EXPECT_EQ(r.outcome, send_outcome::transient_failure) << r.detail;
  EXPECT_NE(r.detail.find("127.0.0.1:" + std::to_string(sink.port())), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("Send failure"), std::string::npos) << r.detail;
  EXPECT_TRUE(sink.messages().empty());
  EXPECT_EQ(send_mail(settings_for(sink), big, date).outcome, send_outcome::sent);
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(MailSmtp, ConnectionResetAfterTheEndOfTheMessageIsUncertain) {
  arx::test::smtp_sink sink({.drop_after_data = 1});
  const send_result r = send_mail(settings_for(sink), sample(), date);
  EXPECT_EQ(r.outcome, send_outcome::uncertain) << r.detail;
  EXPECT_NE(r.detail.find("may have accepted"), std::string::npos) << r.detail;
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(MailSmtp, RefusalAtTheEndOfTheMessageIsPermanent) {
  arx::test::smtp_sink sink({.permfail_first = 1});
  const send_result r = send_mail(settings_for(sink), sample(), date);
  EXPECT_EQ(r.outcome, send_outcome::permanent_failure) << r.detail;
  EXPECT_NE(r.detail.find("554 5.7.1"), std::string::npos) << r.detail;
  EXPECT_TRUE(sink.messages().empty());
}

TEST(MailSmtp, NoLoginInClear) {
  arx::test::smtp_sink sink;
  for (const bool url_login : {false, true}) {
    smtp_settings s = settings_for(sink);
    if (url_login) s.url = "smtp://mailer:pw@127.0.0.1:" + std::to_string(sink.port());
    else s.user = "mailer", s.password = "s3cret-pw";
    std::string message;
    try {
      send_mail(s, sample(), date);
    } catch (const arx::error &e) {
      message = e.what();
      EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
    }
    EXPECT_NE(message.find("in clear"), std::string::npos) << message;
    EXPECT_EQ(message.find("pw"), std::string::npos) << message;
  }
  EXPECT_TRUE(sink.messages().empty());
  EXPECT_TRUE(smtp_settings{}.starttls) << "STARTTLS is required unless turned off";
}

}  // namespace
