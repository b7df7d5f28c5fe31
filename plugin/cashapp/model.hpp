// The scoring model of cash application: logistic regression over a few
// features of a proposal (docs/CASHAPP.md §2). It starts from hand-set
// weights that encode what collectors know (a reference and an exact amount
// together are near proof; a name alone is not) and moves with every
// confirmation and rejection: the examples are kept, and training runs a few
// hundred passes of gradient descent over them with an L2 pull back toward
// the starting weights, so a handful of examples cannot undo the prior.
// Scores are probabilities, not money: floating point is right here.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace arx::cashapp {

// The features, each in [0, 1].
enum feature : size_t {
  f_reference,       // best reference quality of the allocated items (1 exact structured .. 0.5 fuzzy)
  f_reference_all,   // share of the allocated items named by a reference
  f_rf,              // an RF creditor reference with valid check digits named the item
  f_name,            // payer name similarity to the customer
  f_iban_erp,        // the payer's account is the customer's in the ERP
  f_iban_learned,    // arx learned the payer's account from confirmed matches
  f_amount_exact,    // the amount is exactly the open amount(s)
  f_amount_discount, // exact after the cash discount within its terms
  f_amount_tolerance,// short payment within tolerance (a deduction)
  f_amount_over,     // more than the items: the rest stays on account
  f_amount_partial,  // a part of a referenced item
  f_subset,          // the items were found by amount (subset sum), not named
  f_date,            // value date plausible for the items' issue and due dates
  f_history,         // the customer has paid before
  f_name_conflict,   // the payer's name or account points to another customer
  f_customer_ref,    // the remittance names the customer's number
  feature_count
};
using features = std::array<double, feature_count>;

std::string feature_name(size_t f);

class model {
public:
  model();  // the starting weights

  double probability(const features &f) const;

  struct example {
    features f;
    bool confirmed;
  };
  // Retrains from the starting weights on every example (deterministic).
  void train(const std::vector<example> &examples);

  // Stored as JSON {"bias":..,"weights":{"reference":..,...}}.
  std::string to_json() const;
  // Throws arx::error(ARX_E_PARSE) for malformed text; unknown feature names
  // are refused, missing ones keep their starting weight.
  static model from_json(const std::string &text);

  double bias() const noexcept { return bias_; }
  const std::array<double, feature_count> &weights() const noexcept { return w_; }

private:
  double bias_;
  std::array<double, feature_count> w_;
};

}  // namespace arx::cashapp
