#include "erp/company.hpp"

#include "core/error.hpp"

namespace arx::erp {

company find_company(db::context &ctx, std::string_view code) {
  if (code.empty()) throw error(ARX_E_INVALID_ARGUMENT, "company code is empty");
  company c;
  std::string code_text(code);
  soci::indicator country_ind = soci::i_ok;
  ctx.sql() << ctx.profile().sql("company.by_code"), soci::use(code_text, "code"), soci::into(c.id),
      soci::into(c.code), soci::into(c.name), soci::into(c.currency), soci::into(c.country, country_ind);
  if (!ctx.sql().got_data()) throw error(ARX_E_NOT_FOUND, "no company with code '" + code_text + "' in the ERP");
  return c;
}

std::vector<company> list_companies(db::context &ctx) {
  std::vector<company> out;
  company c;
  soci::indicator country_ind = soci::i_ok;
  soci::statement st = (ctx.sql().prepare << ctx.profile().sql("company.list"), soci::into(c.id), soci::into(c.code),
                        soci::into(c.name), soci::into(c.currency), soci::into(c.country, country_ind));
  st.execute();
  while (st.fetch()) {
    if (country_ind == soci::i_null) c.country.clear();
    out.push_back(c);
  }
  return out;
}

}  // namespace arx::erp
