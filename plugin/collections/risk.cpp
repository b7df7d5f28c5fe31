#include "collections/risk.hpp"

#include <algorithm>
#include <cmath>

namespace arx::collections::risk {

void add(history &h, int days, int64_t count) {
  if (count <= 0) return;
  h.paid += count;
  if (days > 0) {
    h.late += count;
    h.days_late += static_cast<int64_t>(std::min(days, max_days_late)) * count;
  }
}

void add(history &h, const history &other) {
  h.paid += other.paid;
  h.late += other.late;
  h.days_late += other.days_late;
}

prior company_prior(const history &company) {
  prior p;
  // Laplace's rule keeps the prior off 0 and 1: a company whose customers
  // all paid on time still ranks an unknown customer's overdue items.
  p.p_late = (static_cast<double>(company.late) + 1.0) / (static_cast<double>(company.paid) + 2.0);
  p.days_late = company.paid ? static_cast<double>(company.days_late) / static_cast<double>(company.paid) : 0.0;
  return p;
}

estimate estimate_for(const history &customer, const prior &p, int broken_promises) {
  const double k = pseudo_observations;
  const double n = static_cast<double>(customer.paid);
  estimate e;
  e.paid = customer.paid;
  e.late = customer.late;
  e.observed_days_late = customer.paid ? static_cast<double>(customer.days_late) / n : 0.0;
  e.p_late_history = (static_cast<double>(customer.late) + k * p.p_late) / (n + k);
  e.predicted_days_late = (static_cast<double>(customer.days_late) + k * p.days_late) / (n + k);
  e.p_late = 1.0 - (1.0 - e.p_late_history) * std::pow(broken_promise_on_time_factor, std::max(broken_promises, 0));
  return e;
}

double age_factor(int oldest_days_overdue) {
  return 1.0 + static_cast<double>(std::clamp(oldest_days_overdue, 0, max_age_days)) / 30.0;
}

double score(const score_input &in) {
  if (in.collectable_minor <= 0) return 0.0;
  const double amount = static_cast<double>(in.collectable_minor) / std::pow(10.0, in.exponent);
  double s = amount * in.p_late * age_factor(in.oldest_days_overdue);
  if (in.active_promise) s *= promise_factor;
  if (in.blocked) s *= blocked_factor;
  return s;
}

}  // namespace arx::collections::risk
