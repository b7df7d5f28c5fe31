// The ERP port's writes against the reference profile, on both databases:
// ids from the ERP's own allocator (never meeting rows loaded by hand with
// explicit ids), the expected-amount guard, fee documents numbered by the
// ERP, write-offs, and reversing an application.
#include <set>

#include "erp/booking.hpp"
#include "fixture.hpp"

namespace arx::test {
namespace {

constexpr int64_t erp_ids_from = 1'000'000'000'000;

class erp_port : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure()) return;
    install();
    auto &s = ctx().sql();
    s << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE')";
    s << "INSERT INTO erp_customer (id, company_id, number, name) VALUES (10, 1, 'C1', 'Kunde AG')";
    for (int64_t id : {1, 2, 3}) {
      const std::string number = "RE-" + std::to_string(id);
      s << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
           "net_amount, tax_amount, gross_amount, state) VALUES (:id, 1, 10, :n, 'invoice', '2026-10-01', "
           "'2026-11-01', 'EUR', 100.00, 0.00, 100.00, 'posted')",
          soci::use(id), soci::use(number);
      s << "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, original_amount, "
           "open_amount) VALUES (:id, 1, 10, :i, '2026-11-01', 'EUR', 100.00, 100.00)",
          soci::use(id), soci::use(id);
    }
    // Loaded by hand with explicit ids, as tests and the demo do.
    s << "INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount) VALUES (5, 1, 10, "
         "'2026-11-02', 'EUR', 1.00)";
    s << "INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind) VALUES (7, 5, 3, 1.00, "
         "'payment')";
    s << "UPDATE erp_open_item SET open_amount = 99.00 WHERE id = 3";
  }

  std::string open(int64_t item) {
    std::string v;
    ctx().sql() << "SELECT " + std::string(ctx().db().kind() == db::dialect::sqlite ? "printf('%.2f', open_amount)"
                                                                                      : "CAST(open_amount AS VARCHAR)") +
                       " FROM erp_open_item WHERE id = :id",
        soci::into(v), soci::use(item);
    return v;
  }
  long long scalar(const std::string &query) {
    long long n = 0;
    ctx().sql() << query, soci::into(n);
    return n;
  }

  // 100.00 to item 1 (90.00 paid, 2.00 discount, 8.00 deducted), 50.00 to
  // item 2, 5.00 left on account: 145.00 arrived.
  static erp::payment three_kinds() {
    erp::payment p;
    p.customer_id = 10;
    p.value_date = "2026-11-18";
    p.currency = "EUR";
    p.amount_minor = 14500;
    p.payer_name = "Kunde AG";
    p.remittance_text = "RE-1 RE-2";
    p.allocations = {{1, 9000, "payment"}, {1, 200, "discount"}, {1, 800, "deduction"}, {2, 5000, "payment"}};
    return p;
  }
  static erp::items_read as_read() { return {{1, {10000, 2}}, {2, {10000, 2}}, {3, {9900, 2}}}; }
};

TEST_F(erp_port, applying_a_payment_books_it_with_its_allocations_under_ids_of_the_erp) {
  std::vector<erp::booked_payment> booked;
  {
    soci::transaction tx(ctx().sql());
    booked = erp::apply_payments(ctx(), 1, {three_kinds()}, as_read());
    tx.commit();
  }
  ASSERT_EQ(booked.size(), 1u);
  EXPECT_GE(booked[0].payment_id, erp_ids_from);
  ASSERT_EQ(booked[0].allocation_ids.size(), 4u);
  const std::set<int64_t> distinct(booked[0].allocation_ids.begin(), booked[0].allocation_ids.end());
  EXPECT_EQ(distinct.size(), 4u);
  for (int64_t id : booked[0].allocation_ids) EXPECT_GE(id, erp_ids_from);
  EXPECT_EQ(open(1), "0.00");
  EXPECT_EQ(open(2), "50.00");
  EXPECT_EQ(open(3), "99.00");
  EXPECT_EQ(count("erp_payment"), 2);
  EXPECT_EQ(count("erp_payment_allocation"), 5);
  const long long pid = booked[0].payment_id;
  long long discount = 0, deduction = 0;
  ctx().sql() << "SELECT COUNT(*) FROM erp_payment_allocation WHERE payment_id = :p AND kind = 'discount'",
      soci::use(pid), soci::into(discount);
  ctx().sql() << "SELECT COUNT(*) FROM erp_payment_allocation WHERE payment_id = :p AND kind = 'deduction'",
      soci::use(pid), soci::into(deduction);
  EXPECT_EQ(discount, 1);
  EXPECT_EQ(deduction, 1);

  // A row loaded by hand afterwards, below 10^12, meets none of the ERP's ids;
  // the next booking continues after the ERP's own.
  ctx().sql() << "INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount) VALUES (6, 1, "
                 "10, '2026-11-03', 'EUR', 1.00)";
  erp::payment cash;
  cash.customer_id = 10;
  cash.value_date = "2026-11-19";
  cash.currency = "EUR";
  cash.amount_minor = 2500;
  std::vector<int64_t> unapplied;
  {
    soci::transaction tx(ctx().sql());
    unapplied = erp::record_unapplied_cash(ctx(), 1, {cash, cash});
    tx.commit();
  }
  ASSERT_EQ(unapplied.size(), 2u);
  EXPECT_NE(unapplied[0], unapplied[1]);
  for (int64_t id : unapplied) {
    EXPECT_GT(id, booked[0].payment_id);
    long long allocated = 0;
    ctx().sql() << "SELECT COUNT(*) FROM erp_payment_allocation WHERE payment_id = :p", soci::use(id),
        soci::into(allocated);
    EXPECT_EQ(allocated, 0);
  }
  EXPECT_EQ(count("erp_payment"), 5);
}

TEST_F(erp_port, an_item_changed_since_it_was_read_is_not_overwritten) {
  ctx().sql() << "UPDATE erp_open_item SET open_amount = 60.00 WHERE id = 2";  // someone booked on it
  {
    soci::transaction tx(ctx().sql());
    try {
      erp::apply_payments(ctx(), 1, {three_kinds()}, as_read());
      FAIL() << "the changed item was overwritten";
    } catch (const erp::items_changed &e) {
      EXPECT_EQ(e.open_item_ids, std::vector<int64_t>{2});
    }
    tx.rollback();
  }
  EXPECT_EQ(open(1), "100.00");
  EXPECT_EQ(open(2), "60.00");
  EXPECT_EQ(count("erp_payment"), 1);
  EXPECT_EQ(count("erp_payment_allocation"), 1);
}

TEST_F(erp_port, fee_documents_are_booked_and_numbered_by_the_erp) {
  erp::fee_document f;
  f.customer_id = 10;
  f.currency = "EUR";
  f.issue_date = "2026-12-15";
  f.due_date = "2026-12-25";
  f.lines = {{"Mahngebühr", 500}, {"Verzugszinsen", 656}};
  erp::fee_document g = f;
  g.lines = {{"Mahngebühr", 1000}};
  std::vector<erp::booked_fee> booked;
  {
    soci::transaction tx(ctx().sql());
    booked = erp::book_fee_documents(ctx(), 1, {f, g});
    tx.commit();
  }
  ASSERT_EQ(booked.size(), 2u);
  EXPECT_NE(booked[0].invoice_id, booked[1].invoice_id);
  for (const auto &b : booked) {
    EXPECT_GE(b.invoice_id, erp_ids_from);
    EXPECT_GE(b.open_item_id, erp_ids_from);
    EXPECT_EQ(b.number, "DN-" + std::to_string(b.invoice_id));
  }
  EXPECT_EQ(open(booked[0].open_item_id), "11.56");
  EXPECT_EQ(open(booked[1].open_item_id), "10.00");
  long long lines = 0, fees = 0;
  ctx().sql() << "SELECT COUNT(*) FROM erp_invoice_line l JOIN erp_invoice i ON i.id = l.invoice_id "
                 "WHERE i.kind = 'fee' AND l.tax_category = 'O'",
      soci::into(lines);
  ctx().sql() << "SELECT COUNT(*) FROM erp_invoice WHERE kind = 'fee' AND state = 'posted' AND number = "
                 "payment_reference",
      soci::into(fees);
  EXPECT_EQ(lines, 3);
  EXPECT_EQ(fees, 2);
}

TEST_F(erp_port, a_write_off_reduces_the_item_only_if_it_is_unchanged) {
  {
    soci::transaction tx(ctx().sql());
    const int64_t id = erp::write_off(ctx(), 1, {3, "EUR", 1900, 9900});
    EXPECT_GE(id, erp_ids_from);
    tx.commit();
  }
  EXPECT_EQ(open(3), "80.00");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_payment_allocation WHERE kind = 'write_off' AND payment_id IS NULL"), 1);
  {
    soci::transaction tx(ctx().sql());
    EXPECT_THROW(erp::write_off(ctx(), 1, {3, "EUR", 1000, 9900}), erp::items_changed);  // it holds 80.00 now
    tx.rollback();
  }
  EXPECT_EQ(open(3), "80.00");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_payment_allocation WHERE kind = 'write_off'"), 1);
}

TEST_F(erp_port, reversing_an_application_gives_the_items_their_amounts_back) {
  std::vector<erp::booked_payment> booked;
  {
    soci::transaction tx(ctx().sql());
    booked = erp::apply_payments(ctx(), 1, {three_kinds()}, as_read());
    tx.commit();
  }
  const int64_t pid = booked[0].payment_id;
  // Undo the discount alone: item 1 is open for it again.
  {
    soci::transaction tx(ctx().sql());
    const auto undone = erp::reverse_application(ctx(), 1, pid, {booked[0].allocation_ids[1]});
    ASSERT_EQ(undone.size(), 1u);
    EXPECT_EQ(undone[0].kind, "discount");
    EXPECT_EQ(undone[0].amount, "2.00");
    tx.commit();
  }
  EXPECT_EQ(open(1), "2.00");
  EXPECT_EQ(count("erp_payment_allocation"), 4);
  // An allocation of another payment is not this one's to reverse.
  {
    soci::transaction tx(ctx().sql());
    EXPECT_EQ(status_of([&] { erp::reverse_application(ctx(), 1, pid, {7}); }), ARX_E_NOT_FOUND);
    tx.rollback();
  }
  // The rest: the payment's cash is unapplied again, the items as before.
  {
    soci::transaction tx(ctx().sql());
    EXPECT_EQ(erp::reverse_application(ctx(), 1, pid).size(), 3u);
    tx.commit();
  }
  EXPECT_EQ(open(1), "100.00");
  EXPECT_EQ(open(2), "100.00");
  EXPECT_EQ(count("erp_payment_allocation"), 1);
  EXPECT_EQ(count("erp_payment"), 2);
  // Booking again on the restored items still passes the amount guard.
  {
    soci::transaction tx(ctx().sql());
    EXPECT_NO_THROW(erp::apply_payments(ctx(), 1, {three_kinds()}, as_read()));
    tx.commit();
  }
  EXPECT_EQ(open(1), "0.00");
}

TEST_F(erp_port, installing_the_erp_schema_again_keeps_the_id_allocator_where_it_was) {
  int64_t first = 0;
  {
    soci::transaction tx(ctx().sql());
    first = erp::apply_payments(ctx(), 1, {three_kinds()}, as_read())[0].payment_id;
    tx.commit();
  }
  install();
  erp::payment cash = three_kinds();
  cash.allocations.clear();
  int64_t second = 0;
  {
    soci::transaction tx(ctx().sql());
    second = erp::record_unapplied_cash(ctx(), 1, {cash})[0];
    tx.commit();
  }
  EXPECT_GT(second, first);
}

}  // namespace
}  // namespace arx::test
