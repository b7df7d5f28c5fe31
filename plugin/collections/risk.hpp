// The payment-risk model behind the collectors' worklist, without a database.
//
// Each customer's paid items teach it how late the customer pays: for every
// item a payment settled, days late = value date - due date. A customer with
// few paid items says little about itself, so its figures are shrunk towards
// the company's with a few pseudo-observations (empirical Bayes: the prior is
// estimated from the company's own history, then each customer's
// observations move it):
//
//   p_late    = (late + k * p0) / (paid + k)         p0 = (L + 1) / (N + 2)
//   days_late = (sum of days late + k * d0) / (paid + k)   d0 = S / N (0 without history)
//
// where late counts items paid after their due date, days late are clamped
// to 0..365, L, N and S are the company's totals and k = pseudo_observations.
// Each broken promise halves the chance of paying on time:
// p = 1 - (1 - p_late) * 0.5^broken.
//
// The worklist ranks by the expected value of a contact:
//   score = collectable x p x age_factor x (0.25 with a promise in force) x (0.5 when dunning is blocked)
// collectable: the overdue amount (major units) less what open disputes
// hold; age_factor = 1 + min(oldest days overdue, 180) / 30.
#pragma once

#include <cstdint>

namespace arx::collections::risk {

constexpr double pseudo_observations = 5.0;
constexpr int max_days_late = 365;
constexpr double broken_promise_on_time_factor = 0.5;
constexpr int max_age_days = 180;
constexpr double promise_factor = 0.25;
constexpr double blocked_factor = 0.5;
// Paid items older than this (before the as-of date) are not learned from.
constexpr int history_days = 730;

// What a customer's (or the company's) paid items show.
struct history {
  int64_t paid = 0;       // items paid
  int64_t late = 0;       // of which after the due date
  int64_t days_late = 0;  // sum of days late, each clamped to 0..max_days_late
};

// Adds `count` items paid `days` after their due date (negative: early).
void add(history &h, int days, int64_t count = 1);
void add(history &h, const history &other);

struct prior {
  double p_late = 0.5;
  double days_late = 0.0;
};

// The company's figures: the prior every customer is shrunk towards.
prior company_prior(const history &company);

struct estimate {
  int64_t paid = 0;
  int64_t late = 0;
  double observed_days_late = 0;  // the customer's own average (0 without history)
  double p_late_history = 0;      // shrunk, before broken promises
  double p_late = 0;              // with broken promises
  double predicted_days_late = 0; // shrunk
};

estimate estimate_for(const history &customer, const prior &p, int broken_promises);

double age_factor(int oldest_days_overdue);

struct score_input {
  int64_t collectable_minor = 0;  // overdue less disputed, minor units
  int exponent = 2;
  int oldest_days_overdue = 0;
  double p_late = 0;
  bool active_promise = false;
  bool blocked = false;
};

double score(const score_input &in);

}  // namespace arx::collections::risk
