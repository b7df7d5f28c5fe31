#include "delivery/run.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>

#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/fault.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "db/rows.hpp"
#include "delivery/mail.hpp"
#include "delivery/message.hpp"
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
  // Unique per process and call: two runs of one process (threads) never
  // share a temporary file.
  static std::atomic<unsigned long> serial{0};
  const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                   std::to_string(getpid()) + "-" + std::to_string(++serial)))
                              .string();
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

void flush_dir(const fs::path &dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// The hidden name under which a file waits in its folder, whole and flushed,
// until its transfer is marked: ".<name>[.<owner>].arx-staged" beside `path`,
// the same on every attempt. `owner` is the job id of a file job (two jobs
// may deliver files of one name, e.g. an invoice and its resend) and empty
// for a print batch (its name is unique). Receivers ignore names that start
// with '.'.
std::string staged_path(const std::string &path, const std::string &owner) {
  const fs::path p(path);
  return (p.parent_path() / ("." + p.filename().string() + (owner.empty() ? "" : "." + owner) + ".arx-staged"))
      .string();
}

void stage_file(const std::string &path, const std::string &owner, std::string_view data) {
  write_file_atomically(staged_path(path, owner), data);
}

// Renames the staged file of `path` to `path` (the commit point of a file's
// transfer) and flushes the folder: true when it did, false when there was no
// staged file (it was renamed before); throws arx::error on any other failure.
bool put_in_place(const std::string &path, const std::string &owner) {
  const std::string staged = staged_path(path, owner);
  if (::rename(staged.c_str(), path.c_str()) != 0) {
    const int err = errno;
    if (err == ENOENT) return false;
    throw error(ARX_E_ERROR, "cannot rename " + staged + " to " + path + ": " + std::strerror(err));
  }
  flush_dir(fs::path(path).parent_path());
  return true;
}

// The 'sending' event of a staged transfer names where its files wait:
// "files staged in DIR" (access point, portal) or "print batch staged as
// DIR/NAME.pdf". Older versions wrote the folder or "print batch PATH" there.
constexpr std::string_view files_staged_in = "files staged in ";
constexpr std::string_view batch_staged_as = "print batch staged as ";

// Test hook (the fault tests): ARX_DELIVERY_CRASH=point[:n] ends the process
// at once, without cleanup, the n-th time (default 1st) the run passes `point`
// (after_claim, after_send, after_batch). Nothing else reads it.
void crash_point(const char *point) { core::crash_point("ARX_DELIVERY_CRASH", point, 86); }

std::string setting(db::context &ctx, const std::string &company, const char *key) {
  return config::get(ctx, company, key).value;
}

bool is_file_channel(const std::string &channel) { return channel == "peppol" || channel == "xrechnung" || channel == "portal"; }

std::string cut(const std::string &s) { return s.size() > 2000 ? s.substr(0, 1997) + "..." : s; }

struct outcome {
  // unfinished: a file transfer marked 'sending' that could not put every
  // staged file in place; the job stays 'sending' and recovery completes it.
  enum kind { sent, transient, permanent, not_configured, uncertain, lost, unfinished };
  outcome() = default;
  outcome(kind k, std::string d, std::string m = {}) : what(k), detail(std::move(d)), message(std::move(m)) {}
  kind what = sent;
  std::string detail;   // the proof, the error, or the configuration key that is missing
  std::string message;  // not_configured: what the admin must do, when more than setting `detail`
};

// This run: its claim token, its clocks and the test hook.
struct run_context {
  const run_options &o;
  std::string token;  // unique per run: host, process and 64 random bits
  instant now;        // the business clock: events, backoff, sent_at
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // The clock of leases: the real clock, or (a test's fixed clock) the run's
  // clock moving on in real time.
  instant clock() const {
    if (!o.now) return core::now_unix();
    return now + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
  }
  instant lease() const { return clock() + o.lease_seconds; }
  void pause(const char *point, int64_t id) const {
    if (o.test_pause) o.test_pause(point, id);
  }
};

std::string claim_token() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  const uint64_t r = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(r));
  return std::string(host).substr(0, 60) + ":" + std::to_string(getpid()) + ":" + hex;
}

// Who may change a job, and how it must look for the change to apply: the
// run that holds its claim (its token, the job claimed or sending, or marked
// uncertain by a run that recovered it while this one was still sending), or
// a recovering run, which changes a job only as it read it (that state, token
// and expired lease). Every change of a claimed job goes through here, so a
// run that lost a job can no longer touch it.
struct holder {
  long long id = 0;
  std::string token;
  std::string s1 = "claimed", s2 = "sending", s3 = "uncertain";
  int any_lease = 1;
  long long lease = 0;
};

holder held_by(const run_context &rc, int64_t id) {
  holder h;
  h.id = id;
  h.token = rc.token;
  return h;
}

holder held_as_read(const job &j) {
  holder h;
  h.id = j.id;
  h.token = j.claimed_by;
  h.s1 = h.s2 = h.s3 = j.state;
  h.any_lease = 0;
  h.lease = j.lease_until.value_or(0);
  return h;
}

// UPDATE arx_delivery_job SET `set` (its parameters `uses`, in order) for the
// job `h` holds; false when the job is no longer held that way.
template <class... Uses>
bool update_held(db::context &ctx, const holder &h, const std::string &set, Uses &&...uses) {
  soci::details::prepare_temp_type p =
      (ctx.sql().prepare << "UPDATE arx_delivery_job SET " + set +
                                " WHERE id = :id AND COALESCE(claimed_by, '') = :tok AND state IN (:s1, :s2, :s3) "
                                "AND (:any = 1 OR lease_until = :lease)");
  ((void)(p, std::forward<Uses>(uses)), ...);
  p, soci::use(h.id), soci::use(h.token), soci::use(h.s1), soci::use(h.s2), soci::use(h.s3), soci::use(h.any_lease),
      soci::use(h.lease);
  soci::statement st(p);
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// The claim: one committed step, from the real clock; a job another run
// claimed first (or that is no longer due) is skipped.
bool claim(db::context &ctx, const run_context &rc, long long id) {
  long long lease = rc.lease(), t = rc.now;
  soci::transaction tx(ctx.sql());
  soci::statement st = (ctx.sql().prepare << "UPDATE arx_delivery_job SET state = 'claimed', claimed_by = :w, "
                                             "lease_until = :l, attempts = attempts + 1 WHERE id = :id AND "
                                             "state = 'queued' AND next_attempt_at <= :t",
                        soci::use(rc.token), soci::use(lease), soci::use(id), soci::use(t));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;  // rolled back: nothing written
  add_event(ctx, id, rc.now, "claimed", rc.token);
  tx.commit();
  return true;
}

// The start of a transfer, committed before anything leaves: the job goes
// from 'claimed' to 'sending' with a fresh lease, only while this run still
// holds its claim and the lease has not run out. After this point a stopped
// run's job is never simply redone: recovery looks for what arrived.
// mark_sending is that step inside the caller's transaction.
bool mark_sending(db::context &ctx, const run_context &rc, int64_t job_id, const std::string &detail) {
  long long id = job_id, lease = rc.lease(), c = rc.clock();
  soci::statement st = (ctx.sql().prepare << "UPDATE arx_delivery_job SET state = 'sending', lease_until = :l "
                                             "WHERE id = :id AND claimed_by = :w AND state = 'claimed' AND "
                                             "lease_until >= :c",
                        soci::use(lease), soci::use(id), soci::use(rc.token), soci::use(c));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  add_event(ctx, job_id, rc.now, "sending", detail);
  return true;
}

bool begin_transfer(db::context &ctx, const run_context &rc, int64_t job_id, const std::string &detail) {
  soci::transaction tx(ctx.sql());
  if (!mark_sending(ctx, rc, job_id, detail)) return false;
  tx.commit();
  return true;
}

// Extends the lease of a transfer in progress (between the files of a job);
// false when this run no longer holds it.
bool keep_lease(db::context &ctx, const run_context &rc, int64_t job_id) {
  long long id = job_id, lease = rc.lease(), c = rc.clock();
  soci::statement st = (ctx.sql().prepare << "UPDATE arx_delivery_job SET lease_until = :l WHERE id = :id AND "
                                             "claimed_by = :w AND state = 'sending' AND lease_until >= :c",
                        soci::use(lease), soci::use(id), soci::use(rc.token), soci::use(c));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// Renews the claim of a job this run holds and has not started to transfer,
// just before it stages the job's files: a run whose claim ran out (another
// run may hold the job and stage the same names) stages nothing.
bool keep_claim(db::context &ctx, const run_context &rc, int64_t job_id) {
  long long id = job_id, lease = rc.lease(), c = rc.clock();
  soci::statement st = (ctx.sql().prepare << "UPDATE arx_delivery_job SET lease_until = :l WHERE id = :id AND "
                                             "claimed_by = :w AND state = 'claimed' AND lease_until >= :c",
                        soci::use(lease), soci::use(id), soci::use(rc.token), soci::use(c));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

outcome lost_before_transfer() {
  return {outcome::lost, "another run took this job over after this run's claim ran out (lease expired); "
                         "this run did not transfer it"};
}

// Where a file channel puts a job's documents.
std::string target_dir(db::context &ctx, const std::string &company, const job &j, std::string &missing_key) {
  if (j.channel == "portal") {
    std::string dir = setting(ctx, company, "delivery.portal_dir");
    if (dir.empty()) missing_key = "delivery.portal_dir";
    return dir.empty() ? dir : dir + "/" + portal_folder_name(j.customer_number);
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

outcome deliver_files(db::context &ctx, const std::string &company, const job &j, const run_context &rc) {
  std::string missing, dir;
  try {
    dir = target_dir(ctx, company, j, missing);
  } catch (const arx::error &e) {
    return {outcome::permanent, e.what()};  // a customer number no folder can be named after
  }
  if (!missing.empty()) return {outcome::not_configured, missing};
  auto docs = job_documents(ctx, j.id, true);
  if (!keep_claim(ctx, rc, j.id)) return lost_before_transfer();
  // Staged first, whole and flushed, under hidden names: a run that stops
  // before the transfer is marked leaves the job 'claimed', and the next one
  // stages the same names again.
  try {
    for (const auto &d : docs) {
      if (j.channel != "portal")
        stage_file(dir + "/" + d.filename + ".manifest.json", std::to_string(j.id), manifest_of(j, d, company));
      stage_file(dir + "/" + d.filename, std::to_string(j.id), d.data);
    }
  } catch (const arx::error &e) {
    return {outcome::transient, e.what()};
  }
  if (!begin_transfer(ctx, rc, j.id, std::string(files_staged_in) + dir)) return lost_before_transfer();
  rc.pause("sending", j.id);
  // The renames are the transfer: each file is in place (and may be taken
  // away by the receiver) the moment its staged file is gone. The manifest
  // goes first, so an access point never sees an e-invoice without it.
  try {
    for (size_t i = 0; i < docs.size(); ++i) {
      const auto &d = docs[i];
      if (i > 0 && !keep_lease(ctx, rc, j.id))
        return {outcome::lost, "another run took this job over in the middle of its transfer (lease expired) after " +
                                   std::to_string(i) + " of " + std::to_string(docs.size()) +
                                   " files; that run completes it"};
      std::vector<std::string> paths;
      if (j.channel != "portal") paths.push_back(dir + "/" + d.filename + ".manifest.json");
      paths.push_back(dir + "/" + d.filename);
      for (const auto &p : paths)
        if (!put_in_place(p, std::to_string(j.id))) throw error(ARX_E_ERROR, "the staged file of " + p + " is missing");
    }
  } catch (const arx::error &e) {
    return {outcome::unfinished, e.what()};
  }
  rc.pause("transferred", j.id);
  crash_point("after_send");
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

bool is_plain_smtp(const std::string &url) { return url.size() >= 7 && std::equal(url.begin(), url.begin() + 7, "smtp://"); }

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

outcome deliver_email(db::context &ctx, const std::string &company, const job &j, const run_context &rc) {
  auto s = smtp_of(ctx, company);
  if (s.url.empty()) return {outcome::not_configured, "delivery.smtp_url"};
  const bool login = !s.user.empty() || core::url_without_userinfo(s.url) != s.url;
  if (login && is_plain_smtp(s.url) && !s.starttls)
    return {outcome::not_configured, "delivery.smtp_starttls",
            "company " + company + " sends an SMTP login (delivery.smtp_user) over smtp:// without STARTTLS "
            "(delivery.smtp_starttls = false): the password would travel in clear. Set delivery.smtp_starttls to "
            "true, use an smtps:// delivery.smtp_url, or clear delivery.smtp_user; the job waits until then"};
  auto docs = job_documents(ctx, j.id, true);
  mail_message m;
  try {
    for (const auto &d : docs) {
      if (d.role == "message") {
        const mail_text t = read_message_document(d);
        m.from = t.from;
        m.subject = t.subject;
        m.body_text = t.body;
      } else {
        m.attachments.push_back({d.filename, d.content_type, d.data});
      }
    }
  } catch (const arx::error &e) {
    return {outcome::permanent, e.what()};
  }
  m.to = split_addresses(j.recipient);
  if (m.from.empty()) return {outcome::permanent, "no sender address: set delivery.from_address or the company's e-mail"};
  if (m.to.empty()) return {outcome::permanent, "no recipient e-mail address for customer " + j.customer_number};
  m.message_id = message_id_of(j, m.from);
  m.extra_headers.push_back({"X-Arx-Delivery-Key", j.key});
  const std::string date = rfc5322_now();
  try {
    (void)build_mime(m, date); // a malformed message fails before anything is marked as sending
  } catch (const arx::error &e) {
    return {outcome::permanent, e.what()};
  }
  // From here until the outcome is recorded, the message may reach the
  // customer: a run that dies in between leaves the job 'sending', and the
  // next run marks it 'uncertain' instead of sending it again.
  if (!begin_transfer(ctx, rc, j.id, core::url_without_userinfo(s.url))) return lost_before_transfer();
  rc.pause("sending", j.id);
  auto r = send_mail(s, m, date);
  crash_point("after_send");
  switch (r.outcome) {
  case send_outcome::sent: return {outcome::sent, "SMTP " + r.detail + "; Message-ID " + m.message_id};
  case send_outcome::transient_failure: return {outcome::transient, r.detail};
  case send_outcome::permanent_failure: return {outcome::permanent, r.detail};
  case send_outcome::uncertain: return {outcome::uncertain, r.detail};
  }
  return {outcome::transient, r.detail};
}

struct run_state {
  json jobs = json::array();
  json not_configured = json::array();
  std::map<std::string, int64_t> totals{{"claimed", 0},   {"sent", 0},      {"retry", 0},     {"failed", 0},
                                        {"fell_back", 0}, {"uncertain", 0}, {"recovered", 0}, {"not_configured", 0},
                                        {"lost", 0}};
};

void report_lost(const job &j, const std::string &detail, run_state &rs) {
  rs.totals["lost"] += 1;
  rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "lost"}, {"detail", detail}});
}

// A channel that failed for good: the next usable channel of the job's chain
// takes over with its own job (and documents), or the job fails.
bool fail_for_good(db::context &ctx, const std::string &company_code, int64_t company_id, const job &j,
                   const holder &h, const std::string &why, instant now, run_state &rs, bool report_lost_job) {
  std::string err = cut(why);
  soci::transaction tx(ctx.sql());
  if (!update_held(ctx, h, "last_error = :e, lease_until = NULL", soci::use(err))) {
    tx.rollback();
    if (report_lost_job)
      report_lost(j, "another run took this job over (lease expired) before its failure could be recorded: " + why, rs);
    return false;
  }
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
      std::string state = "fell_back";
      long long id = j.id;
      ctx.sql() << "UPDATE arx_delivery_job SET state = :s WHERE id = :id", soci::use(state), soci::use(id);
      add_event(ctx, j.id, now, "fell_back",
                why + "; continued by job " + std::to_string(nid) + " (" + next_channel + ")");
    }
  }
  if (next_channel.empty()) {
    std::string state = "failed";
    long long id = j.id;
    ctx.sql() << "UPDATE arx_delivery_job SET state = :s WHERE id = :id", soci::use(state), soci::use(id);
    add_event(ctx, j.id, now, "failed", why);
  }
  tx.commit();
  rs.totals[next_channel.empty() ? "failed" : "fell_back"] += 1;
  rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel},
                     {"state", next_channel.empty() ? "failed" : "fell_back"}, {"detail", why}});
  return true;
}

// Records the outcome of a job's attempt in one transaction, only while `h`
// still holds the job; false when it no longer does (the run reports the job
// as lost, unless report_lost_job is false: a recovering run that finds a job
// changed since it read it has nothing to report).
bool record(db::context &ctx, const std::string &company_code, int64_t company_id, const job &j, const holder &h,
            const outcome &o, instant now, run_state &rs, bool report_lost_job = true) {
  auto lost = [&](const std::string &detail) {
    if (report_lost_job) report_lost(j, detail, rs);
    return false;
  };
  if (o.what == outcome::lost) return lost(o.detail);
  if (o.what == outcome::unfinished) {
    // Left 'sending' with its lease: once that runs out, recovery puts the
    // remaining staged files in place. Nothing is written again.
    soci::transaction tx(ctx.sql());
    std::string err = cut(o.detail);
    if (!update_held(ctx, h, "last_error = :e", soci::use(err))) {
      tx.rollback();
      return lost("transfer interrupted (" + o.detail + "); another run had taken the job over and completes it");
    }
    add_event(ctx, j.id, now, "unfinished", o.detail + "; the next run completes the transfer");
    tx.commit();
    rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "sending"},
                       {"detail", o.detail + "; the next run completes the transfer"}});
    return true;
  }
  if (o.what == outcome::sent) {
    soci::transaction tx(ctx.sql());
    long long t = now;
    std::string proof = cut(o.detail);
    // The token stays: it names the run that delivered the job.
    if (!update_held(ctx, h, "state = 'sent', sent_at = :t, proof = :p, last_error = NULL, lease_until = NULL",
                     soci::use(t), soci::use(proof))) {
      tx.rollback();
      return lost("transferred (" + o.detail + "), but another run had already taken the job over (lease "
                  "expired) and records it");
    }
    add_event(ctx, j.id, now, "sent", o.detail);
    tx.commit();
    rs.totals["sent"] += 1;
    rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "sent"}, {"detail", o.detail}});
    return true;
  }
  if (o.what == outcome::uncertain) {
    // The message may have arrived: never sent again by arx on its own.
    soci::transaction tx(ctx.sql());
    std::string err = cut(o.detail);
    if (!update_held(ctx, h, "state = 'uncertain', last_error = :e, lease_until = NULL", soci::use(err))) {
      tx.rollback();
      return lost("sent with no answer (" + o.detail + "); another run had taken the job over");
    }
    add_event(ctx, j.id, now, "uncertain",
              o.detail + ". arx does not send it again by itself: resend it with 'arx invoice resend' if the "
                         "customer lacks it");
    tx.commit();
    rs.totals["uncertain"] += 1;
    rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "uncertain"},
                       {"detail", o.detail}});
    return true;
  }
  if (o.what == outcome::not_configured) {
    // Not the job's fault: it waits, unchanged, until an admin sets the key.
    soci::transaction tx(ctx.sql());
    if (!update_held(ctx, h, "state = 'queued', attempts = attempts - 1, claimed_by = NULL, lease_until = NULL")) {
      tx.rollback();
      return lost(lost_before_transfer().detail);
    }
    tx.commit();
    rs.totals["not_configured"] += 1;
    rs.not_configured.push_back({{"key", j.key}, {"channel", j.channel},
                                 {"message", !o.message.empty() ? o.message
                                                                : "configuration key " + o.detail +
                                                                      " is not set for company " + company_code +
                                                                      ": the job waits until it is"}});
    return true;
  }
  const int max_attempts = std::stoi(setting(ctx, company_code, "delivery.max_attempts"));
  if (o.what == outcome::transient && j.attempts < max_attempts) {
    const long long base = std::stoll(setting(ctx, company_code, "delivery.retry_base_seconds"));
    long long wait = base;
    for (int i = 1; i < j.attempts && wait < 86400; ++i) wait *= 4;
    if (wait > 86400) wait = 86400;
    long long next = now + wait;
    std::string err = cut(o.detail);
    soci::transaction tx(ctx.sql());
    if (!update_held(ctx, h, "state = 'queued', next_attempt_at = :n, last_error = :e, claimed_by = NULL, "
                             "lease_until = NULL",
                     soci::use(next), soci::use(err))) {
      tx.rollback();
      return lost("not transferred (" + o.detail + "); another run had taken the job over");
    }
    add_event(ctx, j.id, now, "retry", o.detail + "; next attempt " + core::instant_text(next));
    tx.commit();
    rs.totals["retry"] += 1;
    rs.jobs.push_back({{"id", j.id}, {"key", j.key}, {"channel", j.channel}, {"state", "queued"},
                       {"detail", o.detail}, {"next_attempt_at", core::instant_text(next)}});
    return true;
  }
  std::string why = o.what == outcome::transient
                        ? o.detail + " (attempt " + std::to_string(j.attempts) + " of " + std::to_string(max_attempts) + ")"
                        : o.detail;
  return fail_for_good(ctx, company_code, company_id, j, h, why, now, rs, report_lost_job);
}

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

// Puts a job a stopped run had claimed back in the queue, with an event
// saying why, in a transaction of its own; false when the job changed since
// it was read (its run came back, or another run recovered it first).
bool release_claim(db::context &ctx, const job &j, instant now, const std::string &why) {
  soci::transaction tx(ctx.sql());
  if (!update_held(ctx, held_as_read(j), "state = 'queued', claimed_by = NULL, lease_until = NULL")) return false;
  add_event(ctx, j.id, now, "recovered", why);
  tx.commit();
  return true;
}

// The detail of the job's last 'sending' event: where its transfer went.
std::string sending_detail(db::context &ctx, int64_t job_id) {
  long long id = job_id;
  std::string detail;
  soci::rowset<soci::row> rows = (ctx.sql().prepare << "SELECT detail FROM arx_delivery_event WHERE job_id = :j AND "
                                                       "event = 'sending' ORDER BY id DESC",
                                  soci::use(id));
  for (const auto &r : rows) {
    if (r.get_indicator(0) != soci::i_null) detail = r.get<std::string>(0);
    break;
  }
  return detail;
}

// Completes a staged transfer a stopped run marked 'sending': every staged
// file still there is renamed into place (in the order the run renames them);
// a staged file that is gone was renamed already, and the receiver may have
// taken it away since. Returns how many files this call put in place; throws
// arx::error when a rename fails.
size_t complete_staged(const std::vector<std::string> &paths, const std::string &owner) {
  size_t n = 0;
  for (const auto &p : paths)
    if (put_in_place(p, owner)) ++n;
  return n;
}

// Jobs whose run stopped, or stalled past its lease (docs/DELIVERY.md, the
// recovery table): a claim that never started its transfer is released; a
// file or print transfer marked 'sending' is completed from its staged files
// and recorded, never written again; an e-mail that may have gone out becomes
// 'uncertain' and is never sent again by arx on its own. Each change applies
// only to the job as it was read, so two recovering runs, or a recovering run
// and the job's own run coming back, never both act on it (a staged file is
// renamed by whichever gets there first).
void recover(db::context &ctx, const std::string &company_code, int64_t company_id, const run_context &rc,
             run_state &rs) {
  long long c = company_id, t = rc.clock();
  const instant now = rc.now;
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
    if (!j || (j->state != "claimed" && j->state != "sending") || !j->lease_until || *j->lease_until >= t) continue;
    const holder as_read = held_as_read(*j);
    const std::string was = "(claimed by " + j->claimed_by + ")";
    if (j->state == "claimed") {
      // Nothing was transmitted: staged files (if any) are staged again.
      if (release_claim(ctx, *j, now, "released the claim of a run that stopped before delivering " + was))
        rs.totals["recovered"] += 1;
      continue;
    }
    if (j->channel == "print" || is_file_channel(j->channel)) {
      const std::string detail = sending_detail(ctx, id);
      std::vector<std::string> paths;
      std::string where;
      if (j->channel == "print" && detail.rfind(batch_staged_as, 0) == 0) {
        where = detail.substr(batch_staged_as.size());
        std::string manifest = where;
        if (manifest.size() > 4 && manifest.compare(manifest.size() - 4, 4, ".pdf") == 0)
          manifest.replace(manifest.size() - 4, 4, ".json");
        paths = {manifest, where};
      } else if (j->channel != "print" && detail.rfind(files_staged_in, 0) == 0) {
        where = detail.substr(files_staged_in.size());
        for (const auto &d : job_documents(ctx, id, false)) {
          if (j->channel != "portal") paths.push_back(where + "/" + d.filename + ".manifest.json");
          paths.push_back(where + "/" + d.filename);
        }
      }
      if (!paths.empty()) {
        // The transfer was marked after every file was staged: the renames
        // were its only step left, and a file whose staged copy is gone was
        // delivered (the receiver may have taken it since).
        size_t completed = 0;
        try {
          completed = complete_staged(paths, j->channel == "print" ? "" : std::to_string(id));
        } catch (const arx::error &e) {
          rs.jobs.push_back({{"id", id}, {"key", j->key}, {"channel", j->channel}, {"state", "sending"},
                             {"detail", std::string("a stopped run's transfer could not be completed: ") + e.what() +
                                            "; the next run tries again"}});
          continue;
        }
        const std::string proof =
            (j->channel == "print" ? "print batch " : "") + where + " (found delivered after a stopped run " + was +
            (completed ? "; this run put " + std::to_string(completed) + " staged file(s) in place)" : ")");
        if (record(ctx, company_code, company_id, *j, as_read, {outcome::sent, proof}, now, rs, false))
          rs.totals["recovered"] += 1;
        continue;
      }
    }
    // A transfer marked by an older version, before files were staged.
    if (j->channel == "print") {
      // The letter is recorded when a batch in the print folder names it;
      // with no batch it was not printed.
      if (!printed)
        printed = printed_letters(setting(ctx, company_code, "delivery.print_dir"), company_code);
      if (auto it = printed->find(j->key); it != printed->end()) {
        if (record(ctx, company_code, company_id, *j, as_read,
                   {outcome::sent, "print batch " + it->second + " (found after a stopped run " + was + ")"}, now, rs,
                   false))
          rs.totals["recovered"] += 1;
      } else if (release_claim(ctx, *j, now, "released a letter of a stopped run " + was + " in no batch")) {
        rs.totals["recovered"] += 1;
      }
      continue;
    }
    if (is_file_channel(j->channel)) {
      std::string missing, dir;
      try {
        dir = target_dir(ctx, company_code, *j, missing);
      } catch (const arx::error &) {
        missing = "delivery.portal_dir";
      }
      auto docs = job_documents(ctx, id, false);
      if (missing.empty() && files_in_place(dir, docs)) {
        if (record(ctx, company_code, company_id, *j, as_read,
                   {outcome::sent, "found in place after a stopped run " + was + ": " + dir}, now, rs, false))
          rs.totals["recovered"] += 1;
      } else if (release_claim(ctx, *j, now, "a stopped run " + was + " left the transfer unfinished; it is redone")) {
        rs.totals["recovered"] += 1;
      }
      continue;
    }
    soci::transaction tx(ctx.sql());
    // The token stays on the job: should the run that was sending it come
    // back with the server's answer, it records that answer.
    if (!update_held(ctx, as_read, "state = 'uncertain', lease_until = NULL")) continue;
    add_event(ctx, id, now, "uncertain",
              "the run sending this e-mail " + was + " stopped before the server's answer was recorded; it may have "
              "arrived. arx does not send it again by itself: resend it with 'arx invoice resend' if the customer "
              "lacks it");
    tx.commit();
    rs.totals["recovered"] += 1;
    rs.totals["uncertain"] += 1;
    rs.jobs.push_back({{"id", id}, {"key", j->key}, {"channel", j->channel}, {"state", "uncertain"},
                       {"detail", "stopped mid-transfer in an earlier run"}});
  }
}

// One print batch per run: every letter this run still holds merged into one
// PDF, with a manifest listing which pages belong to which job. The letters
// are claimed here, just before the batch, and marked 'sending' once it is
// staged and before it is renamed into place, so a letter is never in two
// batches and a stopped run's batch is completed, never written again.
void print_batch(db::context &ctx, const erp::company &company, const std::vector<long long> &ids,
                 const run_context &rc, run_state &rs, size_t &budget, size_t due) {
  std::vector<job> claimed;
  for (long long id : ids) {
    if (rc.o.max_jobs && budget == 0) break;
    if (!claim(ctx, rc, id)) continue;
    if (budget) --budget;
    rs.totals["claimed"] += 1;
    claimed.push_back(*load_job(ctx, id));
    crash_point("after_claim");
    ctx.progress("delivery", static_cast<uint64_t>(rs.totals["claimed"]), due);
    rc.pause("claimed", id);
  }
  if (claimed.empty()) return;
  const std::string dir = setting(ctx, company.code, "delivery.print_dir");
  if (dir.empty()) {
    for (const auto &j : claimed)
      record(ctx, company.code, company.id, j, held_by(rc, j.id), {outcome::not_configured, "delivery.print_dir"},
             rc.now, rs);
    return;
  }
  // The batch is staged (manifest and PDF under hidden names), then every
  // letter in it is marked 'sending' in one transaction naming the batch, so
  // no letter is marked for a batch that does not hold exactly the marked
  // letters. A letter this run no longer holds is dropped and the batch staged
  // again under the same names: nothing committed names them yet.
  std::vector<job> batch;
  for (const auto &j : claimed) {
    if (keep_claim(ctx, rc, j.id)) batch.push_back(j);
    else record(ctx, company.code, company.id, j, held_by(rc, j.id), lost_before_transfer(), rc.now, rs);
  }
  if (batch.empty()) return;
  // Named after a letter this run holds: no other run's batch has its name.
  const std::string name = company.code + "-" + std::to_string(rc.now) + "-" + std::to_string(batch.front().id);
  const std::string json_path = dir + "/" + name + ".json", pdf_path = dir + "/" + name + ".pdf";
  for (;;) {
    try {
      std::vector<std::string> pdfs;
      json manifest = {{"company", company.code}, {"created_at", core::instant_text(rc.now)}, {"letters", json::array()}};
      for (const auto &j : batch)
        for (auto &d : job_documents(ctx, j.id, true)) {
          pdfs.push_back(std::move(d.data));
          manifest["letters"].push_back({{"delivery_key", j.key}, {"reference", j.reference},
                                         {"recipient", j.recipient}, {"document", d.filename}, {"sha256", d.sha256}});
        }
      stage_file(json_path, "", manifest.dump(2) + "\n");
      stage_file(pdf_path, "", pdf::merge_pdfs(pdfs));
    } catch (const arx::error &e) {
      for (const auto &j : batch)
        record(ctx, company.code, company.id, j, held_by(rc, j.id), {outcome::transient, e.what()}, rc.now, rs);
      return;
    }
    size_t lost_at = batch.size();
    {
      soci::transaction tx(ctx.sql());
      for (size_t k = 0; k < batch.size() && lost_at == batch.size(); ++k)
        if (!mark_sending(ctx, rc, batch[k].id, std::string(batch_staged_as) + pdf_path)) lost_at = k;
      if (lost_at == batch.size()) tx.commit();
      else tx.rollback();
    }
    if (lost_at == batch.size()) break;
    record(ctx, company.code, company.id, batch[lost_at], held_by(rc, batch[lost_at].id), lost_before_transfer(),
           rc.now, rs);
    batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(lost_at));
    if (batch.empty()) return;  // its staged files stay: hidden, and never renamed
  }
  rc.pause("sending", batch.front().id);
  // The renames print the batch: the manifest first, the PDF last (a print
  // room takes a batch once both are there).
  try {
    if (!put_in_place(json_path, "") || !put_in_place(pdf_path, ""))
      throw error(ARX_E_ERROR, "a staged file of print batch " + pdf_path + " is missing");
  } catch (const arx::error &e) {
    for (const auto &j : batch)
      record(ctx, company.code, company.id, j, held_by(rc, j.id), {outcome::unfinished, e.what()}, rc.now, rs);
    return;
  }
  rc.pause("transferred", batch.front().id);
  crash_point("after_batch");
  for (const auto &j : batch)
    record(ctx, company.code, company.id, j, held_by(rc, j.id), {outcome::sent, "print batch " + pdf_path}, rc.now,
           rs);
}

void run_company(db::context &ctx, const erp::company &company, const run_context &rc, run_state &rs,
                 size_t &budget) {
  recover(ctx, company.code, company.id, rc, rs);
  long long c = company.id, t = rc.now;
  std::vector<std::pair<long long, std::string>> due;
  {
    soci::rowset<soci::row> rows = (ctx.sql().prepare << "SELECT id, channel FROM arx_delivery_job WHERE company_id = :c "
                                                         "AND state = 'queued' AND next_attempt_at <= :t ORDER BY id",
                                    soci::use(c), soci::use(t));
    for (const auto &r : rows) due.emplace_back(db::row_int(r, 0), r.get<std::string>(1));
  }
  std::vector<long long> print_ids;
  for (const auto &[id, channel] : due) {
    if (channel == "print") {
      print_ids.push_back(id);  // claimed together, just before the batch
      continue;
    }
    if (rc.o.max_jobs && budget == 0) break;
    if (!claim(ctx, rc, id)) continue;
    if (budget) --budget;
    rs.totals["claimed"] += 1;
    auto j = load_job(ctx, id);
    crash_point("after_claim");
    ctx.progress("delivery", static_cast<uint64_t>(rs.totals["claimed"]), due.size());
    rc.pause("claimed", id);
    outcome out;
    try {
      out = j->channel == "email" ? deliver_email(ctx, company.code, *j, rc) : deliver_files(ctx, company.code, *j, rc);
    } catch (const arx::error &e) {
      out = {outcome::transient, e.what()};
    }
    record(ctx, company.code, company.id, *j, held_by(rc, id), out, rc.now, rs);
  }
  print_batch(ctx, company, print_ids, rc, rs, budget, due.size());
}

}  // namespace

std::string portal_folder_name(std::string_view number) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < number.size(); ++i) {
    const auto u = static_cast<unsigned char>(number[i]);
    if (std::isalnum(u) || u == '-' || u == '_' || (u == '.' && i > 0)) {
      out += static_cast<char>(u);
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  if (out.empty())
    throw error(ARX_E_VALIDATION, "the customer has no customer number: delivery.portal_dir needs one to name its "
                                  "folder");
  if (out.size() > 255)
    throw error(ARX_E_VALIDATION, "customer number " + core::quote(number) + " is too long to name a folder in "
                                  "delivery.portal_dir (" + std::to_string(out.size()) + " bytes, at most 255)");
  return out;
}

json run(db::context &ctx, const run_options &o) {
  const run_context rc{o, claim_token(), o.now ? o.now : core::now_unix()};
  run_state rs;
  std::vector<erp::company> companies;
  if (o.company.empty()) companies = erp::list_companies(ctx);
  else companies.push_back(erp::find_company(ctx, o.company));
  size_t budget = o.max_jobs;
  json names = json::array();
  for (const auto &c : companies) {
    names.push_back(c.code);
    run_company(ctx, c, rc, rs, budget);
  }
  json totals = json::object();
  for (const auto &[k, v] : rs.totals) totals[k] = v;
  return {{"companies", names}, {"at", core::instant_text(rc.now)}, {"totals", totals}, {"jobs", rs.jobs},
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
