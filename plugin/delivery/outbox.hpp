// The delivery outbox: documents arx generated (the exact bytes delivered) and
// the jobs that deliver them, in arx's own tables (sql/migrations/*/0002).
// Everything here runs inside the caller's transaction; nothing commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/context.hpp"

namespace arx::delivery {

// Seconds since 1970 (UTC): the clock of the outbox. Tests move it.
using instant = int64_t;

struct stored_document {
  int64_t id = 0;
  std::string role;          // "invoice", "attachment", "statement"
  std::string format;        // ubl, xrechnung-ubl, xrechnung-cii, cii, pdf, file
  std::string filename;
  std::string content_type;
  std::string sha256;        // hex of the bytes
  int64_t size = 0;
  std::string data;          // the bytes (empty when only the metadata was loaded)
};

struct new_document {
  int64_t company_id = 0;
  std::optional<int64_t> invoice_id;
  std::string customer_number;
  std::string reference;     // invoice number or statement reference
  std::string role;
  std::string format;
  std::string filename;
  std::string content_type;
  std::string data;
};

// Whose a document or a job is: the company, the invoice (none for a
// statement), the customer and the reference people see.
struct owner {
  int64_t company_id = 0;
  std::optional<int64_t> invoice_id;
  std::string customer_number;
  std::string reference;
};

// A document of `o`: its role ("invoice", "attachment", ...), format, file
// name, content type and bytes.
new_document document_for(const owner &o, std::string role, std::string format, std::string filename,
                          std::string content_type, std::string data);

// Inserts a document (metadata, then its bytes as base64 chunks in one
// vector insert) and returns its id and digest.
stored_document put_document(db::context &ctx, const new_document &d);

// One document with its bytes; checks the digest. Throws ARX_E_NOT_FOUND.
stored_document load_document(db::context &ctx, int64_t id);

struct job {
  int64_t id = 0;
  int64_t company_id = 0;
  std::optional<int64_t> invoice_id;
  std::string customer_number;
  std::string reference;
  std::string purpose;       // "invoice", "resend", "statement"
  std::string key;           // idempotency key
  int generation = 1;
  std::string channel;       // peppol, xrechnung, email, print, portal
  std::string fallback;      // the rest of the chain, comma-separated
  std::string recipient;     // e-mail addresses, endpoint id, or ""
  std::string state;         // queued, claimed, sending, sent, failed, uncertain, fell_back
  int attempts = 0;
  instant next_attempt_at = 0;
  std::string last_error;
  std::string proof;
  std::optional<instant> sent_at;
  instant created_at = 0;
  std::string claimed_by;    // the claim token of the run that holds (or last held) the job
  std::optional<instant> lease_until;  // until when that claim holds (claimed, sending)
};

// A job of `o` to enqueue: what it delivers (purpose, key, generation), by
// which channel (the rest of the chain as fallback) to whom, and when first.
job job_for(const owner &o, std::string purpose, std::string key, int generation, std::string channel,
            std::string fallback, std::string recipient, instant next_attempt_at);

// The job with this key, if any.
std::optional<job> find_job(db::context &ctx, const std::string &key);
std::optional<job> load_job(db::context &ctx, int64_t id);

// Inserts a queued job with its documents (in attachment order) and its
// first event. Returns the job's id.
int64_t enqueue(db::context &ctx, const job &j, const std::vector<int64_t> &documents, instant now,
                const std::string &event_detail);

std::vector<stored_document> job_documents(db::context &ctx, int64_t job_id, bool with_data);

void add_event(db::context &ctx, int64_t job_id, instant at, const std::string &event, const std::string &detail);

// Jobs of a company (0 = all), newest first, optionally of one state or one
// reference (invoice number).
std::vector<job> list_jobs(db::context &ctx, int64_t company_id, const std::string &state,
                           const std::string &reference, size_t limit);

}  // namespace arx::delivery
