// Composing a decided notice: its e-mail text and letter PDF from the
// template of its level and language, the copies of its overdue invoices (the
// PDFs posted earlier, or rendered from the ERP once and kept), and the
// delivery jobs that send them through the outbox. A few notices per
// transaction under the dunning lock; a notice is composed once (its state
// moves from decided to composed with its jobs, and every job's idempotency
// key names the run's date, the customer, the currency and the channel).
#pragma once

#include <cstdint>
#include <functional>

#include <nlohmann/json.hpp>

#include "erp/company.hpp"
#include "db/context.hpp"

namespace arx::dunning {

// Composes the notices of `run_id` still decided (of one customer when
// `only_customer` is not 0). `before_commit` runs before each transaction
// commits (the crash test hook). Result: {"composed","emails","letters",
// "calls","invoice_copies_rendered"}.
nlohmann::json compose_notices(db::context &ctx, const erp::company &company, int64_t run_id,
                               int64_t only_customer, int64_t now, const std::function<void()> &before_commit);

}  // namespace arx::dunning
