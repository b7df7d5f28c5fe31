#include "delivery/preference.hpp"

#include <algorithm>
#include <cctype>

#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "delivery/outbox.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "db/transaction.hpp"

namespace arx::delivery {

const std::vector<std::string> &known_channels() {
  static const std::vector<std::string> c = {"peppol", "xrechnung", "email", "print", "portal"};
  return c;
}

std::vector<std::string> parse_chain(const std::string &text, const std::string &what) {
  std::vector<std::string> chain;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string item;
    for (size_t i = pos; i < comma; ++i)
      if (!std::isspace(static_cast<unsigned char>(text[i])))
        item += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    pos = comma + 1;
    if (item.empty()) {
      if (comma == text.size() && chain.empty() && text.find_first_not_of(" \t") == std::string::npos) break;
      throw error(ARX_E_CONFIG, what + ": empty entry in the channel list '" + text + "'");
    }
    if (std::find(known_channels().begin(), known_channels().end(), item) == known_channels().end())
      throw error(ARX_E_CONFIG, what + ": unknown channel '" + item + "' (peppol, xrechnung, email, print, portal)");
    if (std::find(chain.begin(), chain.end(), item) != chain.end())
      throw error(ARX_E_CONFIG, what + ": channel '" + item + "' repeated in '" + text + "'");
    chain.push_back(item);
  }
  if (chain.empty()) throw error(ARX_E_CONFIG, what + ": no channel given");
  return chain;
}

std::string join_chain(const std::vector<std::string> &chain, size_t from) {
  std::string s;
  for (size_t i = from; i < chain.size(); ++i) s += (s.empty() ? "" : ",") + chain[i];
  return s;
}

preference preference_for(db::context &ctx, int64_t company_id, const std::string &company_code,
                          const std::string &customer_number) {
  preference p;
  long long c = company_id;
  std::string channels, email;
  int attach = 0;
  soci::indicator email_ind = soci::i_ok;
  ctx.sql() << "SELECT channels, email, attach_xml FROM arx_delivery_preference WHERE company_id = :c AND "
               "customer_number = :n",
      soci::use(c), soci::use(customer_number), soci::into(channels), soci::into(email, email_ind),
      soci::into(attach);
  if (ctx.sql().got_data()) {
    p.chain = parse_chain(channels, "delivery preference of customer " + customer_number);
    if (email_ind != soci::i_null && !email.empty()) p.email = email;
    p.attach_xml = attach != 0;
    p.source = "customer";
    return p;
  }
  p.chain = parse_chain(config::get(ctx, company_code, "invoice.delivery_channels").value,
                        "configuration key invoice.delivery_channels");
  p.attach_xml = config::get(ctx, company_code, "invoice.email_attach_xml").value == "true";
  p.source = "company";
  return p;
}

void set_preference(db::context &ctx, const std::string &company_code, const std::string &customer_number,
                    const std::string &chain_text, const std::optional<std::string> &email, bool attach_xml) {
  const auto company = erp::find_company(ctx, company_code);
  long long c = company.id;
  if (!erp::find_customer(ctx, company.id, customer_number))
    throw error(ARX_E_NOT_FOUND, "no customer " + customer_number + " in company " + company_code);
  db::write_transaction tx(ctx);
  ctx.sql() << "DELETE FROM arx_delivery_preference WHERE company_id = :c AND customer_number = :n", soci::use(c),
      soci::use(customer_number);
  if (!chain_text.empty()) {
    auto chain = parse_chain(chain_text, "delivery preference of customer " + customer_number);
    if (email) {
      if (email->size() > 400 || email->find('@') == std::string::npos)
        throw error(ARX_E_CONFIG, "delivery preference of customer " + customer_number + ": '" + *email +
                                      "' is not an e-mail address (or a comma-separated list of them)");
    }
    std::string joined = join_chain(chain);
    long long now = core::now_unix();
    int attach = attach_xml ? 1 : 0;
    soci::indicator email_ind = email ? soci::i_ok : soci::i_null;
    std::string e = email.value_or("");
    ctx.sql() << "INSERT INTO arx_delivery_preference (company_id, customer_number, channels, email, attach_xml, "
                 "updated_at, updated_by) VALUES (:c, :n, :ch, :e, :a, :t, :u)",
        soci::use(c), soci::use(customer_number), soci::use(joined), soci::use(e, email_ind), soci::use(attach),
        soci::use(now), soci::use(ctx.user());
  }
  tx.commit();
  ctx.log(ARX_LOG_INFO, "delivery preference of customer " + customer_number + " in " + company_code + " " +
                            (chain_text.empty() ? "removed (company default)" : "set to " + chain_text));
}

nlohmann::json preference_json(db::context &ctx, const std::string &company_code,
                               const std::string &customer_number) {
  const auto company = erp::find_company(ctx, company_code);
  auto p = preference_for(ctx, company.id, company_code, customer_number);
  return {{"company", company_code},
          {"customer_number", customer_number},
          {"channels", p.chain},
          {"email", p.email ? nlohmann::json(*p.email) : nlohmann::json(nullptr)},
          {"attach_xml", p.attach_xml},
          {"source", p.source}};
}

}  // namespace arx::delivery
