#include "cashapp/model.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace arx::cashapp {
namespace {

const char *const names[feature_count] = {
    "reference", "reference_all", "rf",         "name",         "iban_erp", "iban_learned", "amount_exact",
    "amount_discount", "amount_tolerance", "amount_over", "amount_partial", "subset", "date", "history",
    "name_conflict", "customer_ref"};

// The starting weights. Read as log-odds: a bias of -6 means "no evidence,
// no match"; an exact amount (+5) with an exact reference (+5 x quality, +1
// when every item is named) and a plausible date (+1) gives +6 (p = 0.998);
// an exact amount with only a matching name gives +3 (p = 0.95), the
// threshold; an amount that fits a customer no signal points to gives 0
// (p = 0.5), a suggestion at most. Amounts found by subset sum weigh a
// little less than items the payer named.
constexpr double start_bias = -6.0;
constexpr std::array<double, feature_count> start_weights = {
    5.0,   // reference (x quality)
    1.0,   // reference_all
    1.5,   // rf
    3.0,   // name (x similarity)
    3.5,   // iban_erp
    3.0,   // iban_learned
    5.0,   // amount_exact
    4.5,   // amount_discount
    3.5,   // amount_tolerance
    2.0,   // amount_over
    1.5,   // amount_partial
    -0.5,  // subset
    1.0,   // date
    0.3,   // history
    -1.5,  // name_conflict: enough to lose the margin to the payer's own fitting item
    2.5,   // customer_ref
};

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

std::string feature_name(size_t f) { return f < feature_count ? names[f] : "?"; }

model::model() : bias_(start_bias), w_(start_weights) {}

double model::probability(const features &f) const {
  double z = bias_;
  for (size_t i = 0; i < feature_count; ++i) z += w_[i] * f[i];
  return sigmoid(z);
}

void model::train(const std::vector<example> &examples) {
  bias_ = start_bias;
  w_ = start_weights;
  if (examples.empty()) return;
  // Full-batch gradient descent on the mean log loss plus lambda/2 times the
  // squared distance to the starting weights. Fixed passes and rate: the same
  // examples always give the same model.
  constexpr int passes = 300;
  constexpr double rate = 0.5;
  const double lambda = 2.0 / static_cast<double>(examples.size() + 10);
  for (int pass = 0; pass < passes; ++pass) {
    double g_bias = 0;
    std::array<double, feature_count> g{};
    for (const auto &e : examples) {
      const double err = probability(e.f) - (e.confirmed ? 1.0 : 0.0);
      g_bias += err;
      for (size_t i = 0; i < feature_count; ++i) g[i] += err * e.f[i];
    }
    const double n = static_cast<double>(examples.size());
    bias_ -= rate * (g_bias / n + lambda * (bias_ - start_bias));
    for (size_t i = 0; i < feature_count; ++i) w_[i] -= rate * (g[i] / n + lambda * (w_[i] - start_weights[i]));
  }
}

std::string model::to_json() const {
  nlohmann::json w = nlohmann::json::object();
  for (size_t i = 0; i < feature_count; ++i) w[names[i]] = w_[i];
  return nlohmann::json{{"bias", bias_}, {"weights", w}}.dump();
}

model model::from_json(const std::string &text) {
  model m;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception &e) {
    fail(ARX_E_PARSE, std::string("cash-application model: not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("bias") || !j["bias"].is_number() || !j.contains("weights") ||
      !j["weights"].is_object())
    fail(ARX_E_PARSE, "cash-application model: expected {\"bias\": number, \"weights\": {...}}");
  m.bias_ = j["bias"].get<double>();
  for (const auto &[key, value] : j["weights"].items()) {
    size_t i = 0;
    while (i < feature_count && key != names[i]) ++i;
    if (i == feature_count) fail(ARX_E_PARSE, "cash-application model: unknown feature '" + key + "'");
    if (!value.is_number()) fail(ARX_E_PARSE, "cash-application model: weight of '" + key + "' is not a number");
    m.w_[i] = value.get<double>();
  }
  return m;
}

}  // namespace arx::cashapp
