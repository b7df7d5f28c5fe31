#include "delivery/run.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/fault.hpp"
#include "core/hash.hpp"
#include "db/rows.hpp"
#include "delivery/mail.hpp"
#include "delivery/post.hpp"
#include "delivery/preference.hpp"
#include "einvoice/from_erp.hpp"
#include "erp/company.hpp"
#include "pdf/merge.hpp"

namespace arx::delivery {

using nlohmann::json;
namespace fs = std::filesystem;

void write_file_atomically(const std::string &path, std::string_view data) {
  const fs::path target(path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw error(ARX_E_ERROR, "cannot create folder " + target.parent_path().string() + ": " + ec.message());
  const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                   std::to_string(getpid()))).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw error(ARX_E_ERROR, "cannot write " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw error(ARX_E_ERROR, "cannot write " + tmp + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw error(ARX_E_ERROR, "cannot flush " + tmp + ": " + std::strerror(err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw error(ARX_E_ERROR, "cannot rename " + tmp + " to " + path + ": " + std::strerror(err));
  }
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

namespace {

// Test hook (the fault tests): ARX_DELIVERY_CRASH=point[:n] ends the process
// at once, without cleanup, the n-th time (default 1st) the run passes `point`
// (after_claim, after_send, after_batch). Nothing else reads it.
void crash_point(const char *point) { core::crash_point("ARX_DELIVERY_CRASH", point, 86); }

std::string setting(db::context &ctx, const std::string &company, const char *key) {
  return config::get(ctx, company, key).value;
}

bool is_file_channel(const std::string &channel) { return channel == "peppol" || channel == "xrechnung" || channel == "portal"; }

long long affected(soci::statement &st) { return st.get_affected_rows(); }

struct outcome {
  enum kind { sent, transient, permanent, not_configured } what = sent;
  std::string detail;
};

// Where a file channel puts a job's documents.
std::string target_dir(db::context &ctx, const std::string &company, const job &j, std::string &missing_key) {
  if (j.channel == "portal") {
    std::string dir = setting(ctx, company, "delivery.portal_dir");
    if (dir.empty()) missing_key = "delivery.portal_dir";
    return dir.empty() ? dir : dir + "/" + j.customer_number;
  }
  std::string dir = setting(ctx, company, "delivery.outbound_dir");
  if (dir.empty()) missing_key = "delivery.outbound_dir";
  return dir;
}

// The manifest an access point reads beside each e-invoice: who sends what to
// whom, and the digest of the file.
std::string manifest_of(const job &j, const stored_document &d, const std::string &company) {
  json m = {{"company", company},           {"document", d.filename},       {"format", d.format},
            {"sha256", d.sha256},           {"size", d.size},               {"reference", j.reference},
            {"customer_number", j.customer_number}, {"receiver", j.recipient}, {"channel", j.channel},
            {"delivery_key", j.key}};
  return m.dump(2) + "\n";
}

// A file channel's delivery is done when every document is in place with its
// digest: rewriting the same bytes under the same name changes nothing, so a
// job recovered after a crash is completed, never duplicated.
bool files_in_place(const std::string &dir, const std::vector<stored_document> &docs) {
  for (const auto &d : docs) {
    std::ifstream in(dir + "/" + d.filename, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    if (core::sha256_hex(ss.str()) != d.sha256) return false;
  }
  return true;
}

outcome deliver_files(db::context &ctx, const std::string &company, const job &j) {
  std::string missing;
  const std::string dir = target_dir(ctx, company, j, missing);
  if (!missing.empty()) return {outcome::not_configured, missing};
  auto docs = job_documents(ctx, j.id, true);
  try {
    for (const auto &d : docs) {
      if (j.channel != "portal") write_file_atomically(dir + "/" + d.filename + ".manifest.json", manifest_of(j, d, company));
      write_file_atomically(dir + "/" + d.filename, d.data);
    }
  } catch (const arx::error &e) {
    return {outcome::transient, e.what()};
  }
  std::string proof;
  for (const auto &d : docs) proof += (proof.empty() ? "" : "; ") + dir + "/" + d.filename + " sha256:" + d.sha256;
  return {outcome::sent, proof};
}

smtp_settings smtp_of(db::context &ctx, const std::string &company) {
  smtp_settings s;
  s.url = setting(ctx, company, "delivery.smtp_url");
  s.starttls = setting(ctx, company, "delivery.smtp_starttls") == "true";
  s.user = setting(ctx, company, "delivery.smtp_user");
  if (const char *pw = std::getenv("ARX_SMTP_PASSWORD")) s.password = pw;
  return s;
}

std::vector<std::string> split_addresses(const std::string &list) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : list + ",") {
    if (c == ',' || c == ';') {
      size_t b = cur.find_first_not_of(" \t"), e = cur.find_last_not_of(" \t");
      if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

// "<DE01.17.post@arx>": the Message-ID of a job, the same on every attempt.
std::string message_id_of(const job &j, const std::string &from) {
  std::string local;
  for (unsigned char c : j.key) local += std::isalnum(c) || c == '-' ? static_cast<char>(c) : '.';
  std::string domain = "arx.invalid";
  auto at = from.rfind('@');
  if (at != std::string::npos) {
    domain = from.substr(at + 1);
    if (!domain.empty() && domain.back() == '>') domain.pop_back();
  }
  return "<" + local + "@" + domain + ">";
}

void set_state(db::context &ctx, int64_t id, const std::string &state, instant now, const std::string &event,
               const std::string &detail) {
  long long i = id;
  ctx.sql() << "UPDATE arx_delivery_job SET state = :s WHERE id = :id", soci::use(state), soci::use(i);
  add_event(ctx, id, now, event, detail);
}

// Puts a job that a stopped run had claimed back in the queue, with an event
// saying why, in a transaction of its own.
void release_claim(db::context &ctx, long long id, instant now, const std::string &why) {
  soci::transaction tx(ctx.sql());
  ctx.sql() << "UPDATE arx_delivery_job SET state = 'queued', claimed_by = NULL, lease_until = NULL WHERE id = :id",
      soci::use(id);
  add_event(ctx, id, now, "recovered", why);
  tx.commit();
}

outcome deliver_email(db::context &ctx, const std::string &company, const job &j, instant now) {
  auto s = smtp_of(ctx, company);
  if (s.url.empty()) return {outcome::not_configured, "delivery.smtp_url"};
  auto docs = job_documents(ctx, j.id, true);
  mail_message m;
  for (const auto &d : docs) {
    if (d.role == "message") {
      // "From: ...\nSubject: ...\n\nbody"
      auto blank = d.data.find("\n\n");
      std::string head = d.data.substr(0, blank);
      m.body_text = blank == std::string::npos ? "" : d.data.substr(blank + 2);
      std::istringstream lines(head);
      for (std::string line; std::getline(lines, line);) {
        if (line.rfind("From: ", 0) == 0) m.from = line.substr(6);
        else if (line.rfind("Subject: ", 0) == 0) m.subject = line.substr(9);
      }
    } else {
      m.attachments.push_back({d.filename, d.content_type, d.data});
    }
  }
  m.to = split_addresses(j.recipient);
  if (m.from.empty()) return {outcome::permanent, "no sender address: set delivery.from_address or the company's e-mail"};
  if (m.to.empty()) return {outcome::permanent, "no recipient e-mail address for customer " + j.customer_number};
  m.message_id = message_id_of(j, m.from);
  m.extra_headers.push_back({"X-Arx-Delivery-Key", j.key});
  const std::string date = rfc5322_now();
  std::string mime_error;
  try {
    (void)build_mime(m, date); // a malformed message fails before anything is marked as sending
  } catch (const arx::error &e) {
    return {outcome::permanent, e.what()};
  }
  {
    // From here until the outcome is recorded, the message may reach the
    // customer: a run that dies in between leaves the job 'sending', and the
    // next run marks it 'uncertain' instead of sending it again.
    soci::transaction tx(ctx.sql());
    set_state(ctx, j.id, "sending", now, "sending", s.url);
    tx.commit();
  }
  auto r = send_mail(s, m, date);
  crash_point("after_send");
  switch (r.outcome) {
  case send_outcome::sent: return {outcome::sent, "SMTP " + r.detail + "; Message-ID " + m.message_id};
  case send_outcome::transient_failure: return {outcome::transient, r.detail};
  case send_outcome::permanent_failure: return {outcome::permanent, r.detail};
  }
  return {outcome::transient, r.detail};
}

struct run_state {
  json jobs = json::array();
  json not_configured = json::array();
  std::map<std::string, int64_t> totals{{"claimed", 0},   {"sent", 0},      {"retry", 0},     {"failed", 0},
                                        {"fell_back", 0}, {"uncertain", 0}, {"recovered", 0}, {"not_configured", 0}};
};

// A channel that failed for good: the next usable channel of the job's chain
// takes over with its own job (and documents), or the job fails.
void fail_for_good(db::context &ctx, const std::string &company_code, int64_t company_id, const job &j,
                   const std::string &why, instant now, run_state &rs) {
  long long id = j.id;
  std::string err = why.size() > 2000 ? why.substr(0, 1997) + "..." : why;
  soci::transaction tx(ctx.sql());
  ctx.sql() << "UPDATE arx_delivery_job SET last_error = :e, claimed_by = NULL, lease_until = NULL WHERE id = :id",
      soci::use(err), soci::use(id);
  std::string next_channel;
  if (!j.fallback.empty() && j.invoice_id) {
    auto chain = parse_chain(j.fallback, "fallback of job " + j.key);
    auto e = einvoice::read_document(ctx, company_code, j.reference, einvoice::specification::peppol_bis3);
    auto pref = preference_for(ctx, company_id, company_code, j.customer_number);
    json skipped, core;
    size_t chosen = choose_channel(e, chain, 0, skipped, core);
    if (chosen < chain.size()) {
      next_channel = chain[chosen];
      auto out = make_channel_output(ctx, company_code, company_id, e, next_channel, pref,
                                     document_language(ctx, company_code, e.language));
      std::vector<int64_t> ids;
      for (const auto &d : out.documents) ids.push_back(put_document(ctx, d).id);
      job n = j;
      n.key = j.key + "/" + next_channel;
      n.channel = next_channel;
      n.fallback = join_chain(chain, chosen + 1);
      n.recipient = out.recipient;
      n.next_attempt_at = now;
      int64_t nid = enqueue(ctx, n, ids, now, "fallback from job " + std::to_string(j.id) + " (" + j.channel + ")");
      set_state(ctx, j.id, "fell_back", now, "fell_back", why + "; continued by job " + std::to_string(nid) + " (" +
                                                                next_channel + ")");
    }
  }
  if (next_channel.empty()) set_state(ctx, j.id, "failed", now, "failed", why);
  tx.commit();
  rs.totals[next_channel.empty() ? "failed" : "fell_back"] += 1;
  rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel},
                     {"state", next_channel.empty() ? "failed" : "fell_back"}, {"detail", why}});
}

void record(db::context &ctx, const std::string &company_code, int64_t company_id, const job &j,
            const outcome &o, instant now, run_state &rs) {
  long long id = j.id;
  if (o.what == outcome::sent) {
    soci::transaction tx(ctx.sql());
    long long t = now;
    std::string proof = o.detail.size() > 2000 ? o.detail.substr(0, 1997) + "..." : o.detail;
    ctx.sql() << "UPDATE arx_delivery_job SET state = 'sent', sent_at = :t, proof = :p, last_error = NULL, "
                 "claimed_by = NULL, lease_until = NULL WHERE id = :id",
        soci::use(t), soci::use(proof), soci::use(id);
    add_event(ctx, j.id, now, "sent", o.detail);
    tx.commit();
    rs.totals["sent"] += 1;
    rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "sent"}, {"detail", o.detail}});
    return;
  }
  if (o.what == outcome::not_configured) {
    // Not the job's fault: it waits, unchanged, until an admin sets the key.
    soci::transaction tx(ctx.sql());
    ctx.sql() << "UPDATE arx_delivery_job SET state = 'queued', attempts = attempts - 1, claimed_by = NULL, "
                 "lease_until = NULL WHERE id = :id",
        soci::use(id);
    tx.commit();
    rs.totals["not_configured"] += 1;
    rs.not_configured.push_back({{"key", j.key}, {"channel", j.channel},
                                 {"message", "configuration key " + o.detail + " is not set for company " +
                                                 company_code + ": the job waits until it is"}});
    return;
  }
  const int max_attempts = std::stoi(setting(ctx, company_code, "delivery.max_attempts"));
  if (o.what == outcome::transient && j.attempts < max_attempts) {
    const long long base = std::stoll(setting(ctx, company_code, "delivery.retry_base_seconds"));
    long long wait = base;
    for (int i = 1; i < j.attempts && wait < 86400; ++i) wait *= 4;
    if (wait > 86400) wait = 86400;
    long long next = now + wait;
    std::string err = o.detail.size() > 2000 ? o.detail.substr(0, 1997) + "..." : o.detail;
    soci::transaction tx(ctx.sql());
    ctx.sql() << "UPDATE arx_delivery_job SET state = 'queued', next_attempt_at = :n, last_error = :e, "
                 "claimed_by = NULL, lease_until = NULL WHERE id = :id",
        soci::use(next), soci::use(err), soci::use(id);
    add_event(ctx, j.id, now, "retry", o.detail + "; next attempt " + core::instant_text(next));
    tx.commit();
    rs.totals["retry"] += 1;
    rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "queued"},
                       {"detail", o.detail}, {"next_attempt_at", core::instant_text(next)}});
    return;
  }
  std::string why = o.what == outcome::transient
                        ? o.detail + " (attempt " + std::to_string(j.attempts) + " of " + std::to_string(max_attempts) + ")"
                        : o.detail;
  fail_for_good(ctx, company_code, company_id, j, why, now, rs);
}

// Jobs a dead run left behind: a claim that never started its transfer is
// simply released; a file transfer is finished or redone (idempotent); an
// e-mail that may have gone out becomes 'uncertain' and is never sent again
// by arx on its own.
// The print batches in `dir` by the delivery keys their manifests list: a
// batch counts once both its manifest and its PDF are in place (the PDF is
// written last).
std::map<std::string, std::string> printed_letters(const std::string &dir, const std::string &company_code) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return out;
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    const auto &p = e.path();
    const std::string name = p.filename().string();
    if (p.extension() != ".json" || name.rfind(company_code + "-", 0) != 0) continue;
    fs::path pdf = p;
    pdf.replace_extension(".pdf");
    if (!fs::is_regular_file(pdf, ec)) continue;
    std::ifstream in(p, std::ios::binary);
    json m = json::parse(in, nullptr, false);
    if (m.is_discarded() || !m.contains("letters") || !m["letters"].is_array()) continue;
    for (const auto &l : m["letters"])
      if (l.contains("delivery_key") && l["delivery_key"].is_string())
        out.emplace(l["delivery_key"].get<std::string>(), (fs::path(dir) / pdf.filename()).string());
  }
  return out;
}

void recover(db::context &ctx, const std::string &company_code, int64_t company_id, instant now, run_state &rs) {
  long long c = company_id, t = now;
  std::optional<std::map<std::string, std::string>> printed;
  std::vector<long long> ids;
  {
    soci::rowset<long long> rows = (ctx.sql().prepare << "SELECT id FROM arx_delivery_job WHERE company_id = :c AND "
                                                         "state IN ('claimed', 'sending') AND lease_until < :t",
                                    soci::use(c), soci::use(t));
    for (long long id : rows) ids.push_back(id);
  }
  for (long long id : ids) {
    auto j = load_job(ctx, id);
    if (!j) continue;
    rs.totals["recovered"] += 1;
    if (j->channel == "print") {
      // A run that stopped after writing its batch but before recording it:
      // the letter is in that batch (its manifest names the job's key), so it
      // is recorded as sent with the batch as proof instead of printed again.
      if (!printed)
        printed = printed_letters(setting(ctx, company_code, "delivery.print_dir"), company_code);
      if (auto it = printed->find(j->key); it != printed->end()) {
        record(ctx, company_code, company_id, *j,
               {outcome::sent, "print batch " + it->second + " (found after a stopped run)"}, now, rs);
        continue;
      }
    }
    if (j->state == "claimed" || j->channel == "print") {
      // Not in any batch: released, it goes into the next one.
      release_claim(ctx, id, now, "released the claim of a run that stopped before delivering");
      continue;
    }
    if (is_file_channel(j->channel)) {
      std::string missing;
      const std::string dir = target_dir(ctx, company_code, *j, missing);
      auto docs = job_documents(ctx, id, false);
      if (missing.empty() && files_in_place(dir, docs)) {
        record(ctx, company_code, company_id, *j, {outcome::sent, "found in place after a stopped run: " + dir}, now, rs);
      } else {
        release_claim(ctx, id, now, "a stopped run left the transfer unfinished; it is redone");
      }
      continue;
    }
    soci::transaction tx(ctx.sql());
    set_state(ctx, id, "uncertain", now, "uncertain",
              "the run sending this e-mail stopped before the server's answer was recorded; it may have arrived. "
              "arx does not send it again by itself: resend it with 'arx invoice resend' if the customer lacks it");
    ctx.sql() << "UPDATE arx_delivery_job SET claimed_by = NULL, lease_until = NULL WHERE id = :id", soci::use(id);
    tx.commit();
    rs.totals["uncertain"] += 1;
    rs.jobs.push_back({{"id", id}, {"key", j->key}, {"channel", j->channel}, {"state", "uncertain"},
                       {"detail", "stopped mid-transfer in an earlier run"}});
  }
}

std::string worker_name() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

void run_company(db::context &ctx, const erp::company &company, const run_options &o, instant now, run_state &rs,
                 size_t &budget) {
  recover(ctx, company.code, company.id, now, rs);
  long long c = company.id, t = now, lease = now + o.lease_seconds;
  const std::string worker = worker_name();
  std::vector<long long> due;
  {
    soci::rowset<long long> rows = (ctx.sql().prepare << "SELECT id FROM arx_delivery_job WHERE company_id = :c AND "
                                                         "state = 'queued' AND next_attempt_at <= :t ORDER BY id",
                                    soci::use(c), soci::use(t));
    for (long long id : rows) due.push_back(id);
  }
  std::vector<job> print_jobs;
  for (long long id : due) {
    if (o.max_jobs && budget == 0) break;
    // The claim: one committed step; a job another run claimed first is skipped.
    long long n = 0;
    {
      soci::transaction tx(ctx.sql());
      soci::statement st = (ctx.sql().prepare << "UPDATE arx_delivery_job SET state = 'claimed', claimed_by = :w, "
                                                 "lease_until = :l, attempts = attempts + 1 WHERE id = :id AND "
                                                 "state = 'queued'",
                            soci::use(worker), soci::use(lease), soci::use(id));
      st.execute(true);
      n = affected(st);
      if (n == 1) add_event(ctx, id, now, "claimed", worker);
      tx.commit();
    }
    if (n != 1) continue;
    if (budget) --budget;
    rs.totals["claimed"] += 1;
    auto j = load_job(ctx, id);
    crash_point("after_claim");
    ctx.progress("delivery", static_cast<uint64_t>(rs.totals["claimed"]), due.size());
    if (j->channel == "print") {
      print_jobs.push_back(*j);
      continue;
    }
    outcome out;
    try {
      out = j->channel == "email" ? deliver_email(ctx, company.code, *j, now) : deliver_files(ctx, company.code, *j);
    } catch (const arx::error &e) {
      out = {outcome::transient, e.what()};
    }
    record(ctx, company.code, company.id, *j, out, now, rs);
  }
  if (print_jobs.empty()) return;
  const std::string dir = setting(ctx, company.code, "delivery.print_dir");
  if (dir.empty()) {
    for (const auto &j : print_jobs) record(ctx, company.code, company.id, j, {outcome::not_configured, "delivery.print_dir"}, now, rs);
    return;
  }
  // One print batch per run: every claimed letter merged into one PDF, with a
  // manifest listing which pages belong to which job.
  std::vector<std::string> pdfs;
  json manifest = {{"company", company.code}, {"created_at", core::instant_text(now)}, {"letters", json::array()}};
  for (const auto &j : print_jobs)
    for (auto &d : job_documents(ctx, j.id, true)) {
      pdfs.push_back(std::move(d.data));
      manifest["letters"].push_back({{"delivery_key", j.key}, {"reference", j.reference}, {"recipient", j.recipient},
                                     {"document", d.filename}, {"sha256", d.sha256}});
    }
  const std::string name = company.code + "-" + std::to_string(now) + "-" + std::to_string(print_jobs.front().id);
  try {
    write_file_atomically(dir + "/" + name + ".json", manifest.dump(2) + "\n");
    write_file_atomically(dir + "/" + name + ".pdf", pdf::merge_pdfs(pdfs));
  } catch (const arx::error &e) {
    for (const auto &j : print_jobs) record(ctx, company.code, company.id, j, {outcome::transient, e.what()}, now, rs);
    return;
  }
  crash_point("after_batch");
  for (const auto &j : print_jobs)
    record(ctx, company.code, company.id, j, {outcome::sent, "print batch " + dir + "/" + name + ".pdf"}, now, rs);
}

}  // namespace

json run(db::context &ctx, const run_options &o) {
  const instant now = o.now ? o.now : core::now_unix();
  run_state rs;
  std::vector<erp::company> companies;
  if (o.company.empty()) companies = erp::list_companies(ctx);
  else companies.push_back(erp::find_company(ctx, o.company));
  size_t budget = o.max_jobs;
  json names = json::array();
  for (const auto &c : companies) {
    names.push_back(c.code);
    run_company(ctx, c, o, now, rs, budget);
  }
  json totals = json::object();
  for (const auto &[k, v] : rs.totals) totals[k] = v;
  return {{"companies", names}, {"at", core::instant_text(now)}, {"totals", totals}, {"jobs", rs.jobs},
          {"not_configured", rs.not_configured}};
}

json status(db::context &ctx, const std::string &company, const std::string &state, const std::string &reference,
            size_t limit) {
  int64_t company_id = company.empty() ? 0 : erp::find_company(ctx, company).id;
  long long c = company_id;
  json counts = json::object();
  {
    soci::rowset<soci::row> rows = (ctx.sql().prepare << "SELECT channel, state, COUNT(*) FROM arx_delivery_job WHERE "
                                                         "(:c1 = 0 OR company_id = :c2) GROUP BY channel, state "
                                                         "ORDER BY channel, state",
                                    soci::use(c, "c1"), soci::use(c, "c2"));
    for (const auto &r : rows) {
      counts[r.get<std::string>(0)][r.get<std::string>(1)] = db::row_int(r, 2);
    }
  }
  json attention = json::array();
  for (const char *s : {"failed", "uncertain"})
    for (const auto &j : list_jobs(ctx, company_id, s, reference, 100)) attention.push_back(job_json(j));
  json jobs = json::array();
  for (const auto &j : list_jobs(ctx, company_id, state, reference, limit ? limit : 50)) {
    auto jj = job_json(j);
    json events = json::array();
    long long id = j.id;
    soci::rowset<soci::row> rows = (ctx.sql().prepare << "SELECT at, event, detail FROM arx_delivery_event WHERE "
                                                         "job_id = :j ORDER BY id",
                                    soci::use(id));
    for (const auto &r : rows) {
      events.push_back({{"at", core::instant_text(db::row_int(r, 0))}, {"event", r.get<std::string>(1)},
                        {"detail", r.get_indicator(2) == soci::i_null ? json(nullptr) : json(r.get<std::string>(2))}});
    }
    jj["events"] = events;
    jobs.push_back(jj);
  }
  return {{"company", company.empty() ? json(nullptr) : json(company)}, {"counts", counts},
          {"needs_attention", attention}, {"jobs", jobs}};
}

}  // namespace arx::delivery
