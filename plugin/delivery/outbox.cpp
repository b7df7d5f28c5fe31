#include "delivery/outbox.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/base64.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "db/rows.hpp"

namespace arx::delivery {
namespace {

// Bytes per chunk: 2,997 bytes give 3,996 base64 characters, within the
// column's VARCHAR(4000) on every dialect.
constexpr size_t chunk_bytes = 2997;

int64_t last_id(db::context &ctx) { return ctx.db().last_insert_id(); }

const char *job_columns =
    "id, company_id, invoice_id, customer_number, reference, purpose, idempotency_key, generation, channel, "
    "fallback, recipient, state, attempts, next_attempt_at, last_error, proof, sent_at, created_at, claimed_by, "
    "lease_until";

job job_of(const soci::row &r) {
  job j;
  auto i64 = [&](size_t i) { return db::row_int(r, i); };
  auto text = [&](size_t i) { return r.get_indicator(i) == soci::i_null ? std::string() : r.get<std::string>(i); };
  j.id = i64(0);
  j.company_id = i64(1);
  if (r.get_indicator(2) != soci::i_null) j.invoice_id = i64(2);
  j.customer_number = text(3);
  j.reference = text(4);
  j.purpose = text(5);
  j.key = text(6);
  j.generation = static_cast<int>(i64(7));
  j.channel = text(8);
  j.fallback = text(9);
  j.recipient = text(10);
  j.state = text(11);
  j.attempts = static_cast<int>(i64(12));
  j.next_attempt_at = i64(13);
  j.last_error = text(14);
  j.proof = text(15);
  if (r.get_indicator(16) != soci::i_null) j.sent_at = i64(16);
  j.created_at = i64(17);
  j.claimed_by = text(18);
  if (r.get_indicator(19) != soci::i_null) j.lease_until = i64(19);
  return j;
}

}  // namespace

new_document document_for(const owner &o, std::string role, std::string format, std::string filename,
                          std::string content_type, std::string data) {
  return {.company_id = o.company_id, .invoice_id = o.invoice_id, .customer_number = o.customer_number,
          .reference = o.reference, .role = std::move(role), .format = std::move(format),
          .filename = std::move(filename), .content_type = std::move(content_type), .data = std::move(data)};
}

job job_for(const owner &o, std::string purpose, std::string key, int generation, std::string channel,
            std::string fallback, std::string recipient, instant next_attempt_at) {
  job j;
  j.company_id = o.company_id;
  j.invoice_id = o.invoice_id;
  j.customer_number = o.customer_number;
  j.reference = o.reference;
  j.purpose = std::move(purpose);
  j.key = std::move(key);
  j.generation = generation;
  j.channel = std::move(channel);
  j.fallback = std::move(fallback);
  j.recipient = std::move(recipient);
  j.next_attempt_at = next_attempt_at;
  return j;
}

stored_document put_document(db::context &ctx, const new_document &d) {
  stored_document s;
  s.role = d.role;
  s.format = d.format;
  s.filename = d.filename;
  s.content_type = d.content_type;
  s.size = static_cast<int64_t>(d.data.size());
  s.sha256 = core::sha256_hex(d.data);
  long long company = d.company_id, size = s.size, now = core::now_unix();
  long long invoice = d.invoice_id.value_or(0);
  soci::indicator invoice_ind = d.invoice_id ? soci::i_ok : soci::i_null;
  ctx.sql() << "INSERT INTO arx_document (company_id, invoice_id, customer_number, reference, role, format, filename, "
               "content_type, size_bytes, sha256, created_at, created_by) VALUES (:c, :i, :cu, :r, :ro, :f, :fn, :ct, "
               ":sz, :h, :t, :u)",
      soci::use(company), soci::use(invoice, invoice_ind), soci::use(d.customer_number), soci::use(d.reference),
      soci::use(d.role), soci::use(d.format), soci::use(d.filename), soci::use(d.content_type), soci::use(size),
      soci::use(s.sha256), soci::use(now), soci::use(ctx.user());
  s.id = last_id(ctx);
  std::vector<long long> ids;
  std::vector<int> seqs;
  std::vector<std::string> chunks;
  for (size_t off = 0, seq = 0; off < d.data.size() || seq == 0; off += chunk_bytes, ++seq) {
    ids.push_back(s.id);
    seqs.push_back(static_cast<int>(seq));
    chunks.push_back(core::base64_encode(std::string_view(d.data).substr(off, chunk_bytes)));
    if (d.data.empty()) break;
  }
  ctx.sql() << "INSERT INTO arx_document_chunk (document_id, seq, data) VALUES (:d, :s, :x)", soci::use(ids),
      soci::use(seqs), soci::use(chunks);
  return s;
}

stored_document load_document(db::context &ctx, int64_t id) {
  stored_document s;
  long long doc = id, size = 0;
  soci::indicator ind = soci::i_ok;
  ctx.sql() << "SELECT role, format, filename, content_type, sha256, size_bytes FROM arx_document WHERE id = :id",
      soci::use(doc), soci::into(s.role, ind), soci::into(s.format), soci::into(s.filename),
      soci::into(s.content_type), soci::into(s.sha256), soci::into(size);
  if (!ctx.sql().got_data()) throw error(ARX_E_NOT_FOUND, "no document with id " + std::to_string(id));
  s.id = id;
  s.size = size;
  soci::rowset<std::string> rows =
      (ctx.sql().prepare << "SELECT data FROM arx_document_chunk WHERE document_id = :d ORDER BY seq", soci::use(doc));
  for (const auto &chunk : rows) s.data += core::base64_decode(chunk);
  if (static_cast<int64_t>(s.data.size()) != s.size || core::sha256_hex(s.data) != s.sha256)
    throw error(ARX_E_INTERNAL, "document " + std::to_string(id) + " (" + s.filename +
                                    ") does not match its stored size and SHA-256: the outbox is damaged");
  return s;
}

std::optional<job> find_job(db::context &ctx, const std::string &key) {
  soci::rowset<soci::row> rows = (ctx.sql().prepare << std::string("SELECT ") + job_columns +
                                                          " FROM arx_delivery_job WHERE idempotency_key = :k",
                                  soci::use(key));
  for (const auto &r : rows) return job_of(r);
  return std::nullopt;
}

std::optional<job> load_job(db::context &ctx, int64_t id) {
  long long i = id;
  soci::rowset<soci::row> rows =
      (ctx.sql().prepare << std::string("SELECT ") + job_columns + " FROM arx_delivery_job WHERE id = :id",
       soci::use(i));
  for (const auto &r : rows) return job_of(r);
  return std::nullopt;
}

int64_t enqueue(db::context &ctx, const job &j, const std::vector<int64_t> &documents, instant now,
                const std::string &event_detail) {
  long long company = j.company_id, invoice = j.invoice_id.value_or(0), at = j.next_attempt_at, created = now;
  soci::indicator invoice_ind = j.invoice_id ? soci::i_ok : soci::i_null;
  int generation = j.generation;
  ctx.sql() << "INSERT INTO arx_delivery_job (company_id, invoice_id, customer_number, reference, purpose, "
               "idempotency_key, generation, channel, fallback, recipient, state, attempts, next_attempt_at, "
               "created_at) VALUES (:c, :i, :cu, :r, :p, :k, :g, :ch, :fb, :rc, 'queued', 0, :at, :t)",
      soci::use(company), soci::use(invoice, invoice_ind), soci::use(j.customer_number), soci::use(j.reference),
      soci::use(j.purpose), soci::use(j.key), soci::use(generation), soci::use(j.channel), soci::use(j.fallback),
      soci::use(j.recipient), soci::use(at), soci::use(created);
  const int64_t id = last_id(ctx);
  if (!documents.empty()) {
    std::vector<long long> jobs, docs;
    std::vector<int> positions;
    for (size_t i = 0; i < documents.size(); ++i) {
      jobs.push_back(id);
      docs.push_back(documents[i]);
      positions.push_back(static_cast<int>(i));
    }
    ctx.sql() << "INSERT INTO arx_delivery_job_document (job_id, document_id, position) VALUES (:j, :d, :p)",
        soci::use(jobs), soci::use(docs), soci::use(positions);
  }
  add_event(ctx, id, now, "queued", event_detail);
  return id;
}

std::vector<stored_document> job_documents(db::context &ctx, int64_t job_id, bool with_data) {
  long long j = job_id;
  std::vector<long long> ids;
  {
    soci::rowset<long long> rows = (ctx.sql().prepare << "SELECT document_id FROM arx_delivery_job_document "
                                                         "WHERE job_id = :j ORDER BY position",
                                    soci::use(j));
    for (long long id : rows) ids.push_back(id);
  }
  std::vector<stored_document> out;
  for (long long id : ids) {
    if (with_data) {
      out.push_back(load_document(ctx, id));
      continue;
    }
    stored_document s;
    long long size = 0;
    ctx.sql() << "SELECT role, format, filename, content_type, sha256, size_bytes FROM arx_document WHERE id = :id",
        soci::use(id), soci::into(s.role), soci::into(s.format), soci::into(s.filename), soci::into(s.content_type),
        soci::into(s.sha256), soci::into(size);
    s.id = id;
    s.size = size;
    out.push_back(std::move(s));
  }
  return out;
}

void add_event(db::context &ctx, int64_t job_id, instant at, const std::string &event, const std::string &detail) {
  long long j = job_id, t = at;
  std::string d = detail.size() > 2000 ? detail.substr(0, 1997) + "..." : detail;
  ctx.sql() << "INSERT INTO arx_delivery_event (job_id, at, event, detail) VALUES (:j, :t, :e, :d)", soci::use(j),
      soci::use(t), soci::use(event), soci::use(d);
}

std::vector<job> list_jobs(db::context &ctx, int64_t company_id, const std::string &state,
                           const std::string &reference, size_t limit) {
  long long c = company_id, lim = limit == 0 ? 1000000 : static_cast<long long>(limit);
  std::string sql = std::string("SELECT ") + job_columns +
                    " FROM arx_delivery_job WHERE (:c1 = 0 OR company_id = :c2) AND (:s1 = '' OR state = :s2) "
                    "AND (:r1 = '' OR reference = :r2) ORDER BY id DESC LIMIT :lim";
  soci::rowset<soci::row> rows = (ctx.sql().prepare << sql, soci::use(c, "c1"), soci::use(c, "c2"),
                                  soci::use(state, "s1"), soci::use(state, "s2"), soci::use(reference, "r1"),
                                  soci::use(reference, "r2"), soci::use(lim, "lim"));
  std::vector<job> out;
  for (const auto &r : rows) out.push_back(job_of(r));
  return out;
}

}  // namespace arx::delivery
