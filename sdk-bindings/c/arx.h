/*
 * arx.h - the C ABI of arx, accounts-receivable automation for ERP hosts.
 *
 * This is the only public header of the plugin. An ERP host loads libarx.so
 * (dlopen or link), calls the single exported entry point arx_get_api() and
 * from then on reaches everything through the returned function table.
 *
 * Conventions (they hold for every function unless its comment says otherwise)
 *
 *   Versions   Every function table and options struct starts with
 *              `uint32_t struct_size; uint32_t abi_version;`. The host sets
 *              struct_size = sizeof(the struct as it was compiled) and
 *              abi_version = ARX_ABI_VERSION. The plugin refuses a different
 *              major version and reads a field only when struct_size covers it,
 *              so an older host (smaller struct) keeps working. Published
 *              structs only ever grow at the end; nothing is reordered.
 *              The host checks ARX_API_HAS(api, member) before calling a
 *              function that was added after the minor version it needs.
 *
 *   Status     Every function returns an arx_status: ARX_OK (0) or one of the
 *              stable negative ARX_E_* codes below (never renumbered). The
 *              message of the last failure on a context is read with
 *              api->last_error(ctx); it never returns NULL.
 *
 *   Handles    Typed and opaque. Functions refuse NULL and handles that are not
 *              open with ARX_E_INVALID_HANDLE, a closed one included (unless a
 *              newer context happens to get the same address: never use a
 *              handle after closing it). Close functions accept NULL.
 *
 *   Memory     Who allocates frees. Results for ERP screens are UTF-8 JSON in
 *              an arx_buffer allocated by the plugin; release each one with
 *              api->buffer_free() exactly once. Strings passed in by the host
 *              are borrowed for the duration of the call only; the plugin never
 *              keeps a host pointer after returning (except the callbacks and
 *              host_data of arx_context_options, kept until context_close).
 *
 *   Threads    arx_get_api() and buffer_free() may be called from any thread.
 *              A context is used by one thread at a time (the host serialises
 *              calls on it); different contexts may be used concurrently from
 *              different threads. Callbacks are invoked on the calling thread,
 *              inside the call that triggers them.
 *
 *   Errors     No C++ exception ever crosses this boundary: every function
 *              catches everything and turns it into a status and a message.
 *              A failing call also sends its message to the log callback at
 *              ARX_LOG_ERROR (for the host's log file); a host that shows
 *              last_error() on screen may drop that log line. Where a failing
 *              function still has a result (schema_check, invoice_validate),
 *              it says so and fills *out; otherwise *out is NULL on failure.
 *
 *   Amounts    Money is passed as decimal text ("1234.50") in the currency's
 *              minor unit precision, never as a binary floating point number.
 *              Dates are arx_date values or ISO 8601 "YYYY-MM-DD" text.
 *
 * The header compiles as C99 and as C++ (tested with -Wall -Wextra -pedantic
 * -Werror).
 */
#ifndef ARX_H
#define ARX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define ARX_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#  define ARX_EXPORT __attribute__((visibility("default")))
#else
#  define ARX_EXPORT
#endif

/* ---------------------------------------------------------------- versions */

#define ARX_ABI_VERSION_MAJOR 1u
#define ARX_ABI_VERSION_MINOR 5u
#define ARX_ABI_VERSION ((ARX_ABI_VERSION_MAJOR << 16) | ARX_ABI_VERSION_MINOR)
#define ARX_ABI_MAJOR_OF(v) (((uint32_t)(v)) >> 16)
#define ARX_ABI_MINOR_OF(v) (((uint32_t)(v)) & 0xFFFFu)

/* True when the table `api` (a pointer) is large enough to hold `member`. */
#define ARX_API_HAS(api, member)                                               \
  ((api) != NULL && (api)->struct_size >= offsetof(arx_api, member) +          \
                                              sizeof((api)->member) &&         \
   (api)->member != NULL)

/* ------------------------------------------------------------------ status */

typedef int32_t arx_status;

#define ARX_OK                     0
#define ARX_E_ERROR               -1  /* unspecified failure                       */
#define ARX_E_NULL_ARGUMENT       -2  /* a required pointer argument was NULL      */
#define ARX_E_INVALID_ARGUMENT    -3  /* an argument has an invalid value          */
#define ARX_E_VERSION             -4  /* ABI major or struct size not supported    */
#define ARX_E_INVALID_HANDLE      -5  /* handle unknown, closed or of wrong type   */
#define ARX_E_NOT_IMPLEMENTED     -6  /* the capability has not landed yet         */
#define ARX_E_DATABASE            -7  /* database unreachable or a statement failed */
#define ARX_E_SCHEMA              -8  /* arx schema missing, outdated or too new   */
#define ARX_E_CONFIG              -9  /* unknown configuration key or bad value    */
#define ARX_E_NOT_FOUND          -10  /* the named company, invoice, ... not found */
#define ARX_E_CANCELLED          -11  /* the host's progress callback cancelled     */
#define ARX_E_CONFLICT           -12  /* concurrent or contradicting operation     */
#define ARX_E_PARSE              -13  /* an input file or text could not be parsed  */
#define ARX_E_VALIDATION         -14  /* business validation found blocking errors  */
#define ARX_E_OUT_OF_MEMORY      -15  /* allocation failed                          */
#define ARX_E_INTERNAL           -16  /* an unexpected internal fault (a bug)       */

/* ----------------------------------------------------------------- handles */

typedef struct arx_context arx_context; /* one database connection + state */

/* A result produced by the plugin: UTF-8 JSON text, NUL-terminated, `size`
 * bytes without the terminator. Owned by the plugin; release with
 * api->buffer_free(). Read-only for the host. */
typedef struct arx_buffer {
  const char *data;
  size_t size;
} arx_buffer;

/* A calendar date (proleptic Gregorian). year 0 means "not set". */
typedef struct arx_date {
  int32_t year;
  int32_t month; /* 1..12 */
  int32_t day;   /* 1..31 */
} arx_date;

/* --------------------------------------------------------- host callbacks */

#define ARX_LOG_ERROR 0
#define ARX_LOG_WARN  1
#define ARX_LOG_INFO  2
#define ARX_LOG_DEBUG 3

/* Receives the plugin's log lines (UTF-8, no trailing newline). */
typedef void (*arx_log_fn)(void *host_data, int32_t level, const char *message);

/* Reports progress of a long operation: `phase` names the step, `done` of
 * `total` units (total 0 when unknown). Return 0 to go on, non-zero to ask
 * the plugin to cancel; it then rolls back the current unit of work and
 * returns ARX_E_CANCELLED. */
typedef int32_t (*arx_progress_fn)(void *host_data, const char *phase,
                                   uint64_t done, uint64_t total);

/* Tells the plugin the host's business date ("today"). Every run that needs
 * today's date asks the host, so a run is reproducible. Return ARX_OK and fill
 * *out_date, or a negative status. When no callback is given, the plugin uses
 * the system's local date. */
typedef arx_status (*arx_business_date_fn)(void *host_data, arx_date *out_date);

/* ------------------------------------------------------------ entry point */

/* What the host tells the plugin about itself when asking for the table. */
typedef struct arx_host_info {
  uint32_t struct_size; /* sizeof(arx_host_info) */
  uint32_t abi_version; /* ARX_ABI_VERSION the host was compiled with */
  uint32_t api_size;    /* sizeof(arx_api) as the host knows it */
  uint32_t reserved;    /* 0 */
  const char *host_name;    /* e.g. "ExampleERP 7.2"; may be NULL */
} arx_host_info;

typedef struct arx_api arx_api;

/* The single exported symbol.
 *
 * Checks the host's ABI major against the plugin's and, on success, stores a
 * pointer to the plugin's static function table in *out_api (valid until the
 * library is unloaded; never free it). The table's struct_size may be smaller
 * than the host's api_size (older plugin: the host must check ARX_API_HAS
 * before calling newer members) or larger (newer plugin: the host simply does
 * not know the extra members).
 *
 * On failure returns ARX_E_NULL_ARGUMENT, ARX_E_VERSION or
 * ARX_E_INVALID_ARGUMENT and, when out_message is not NULL, stores a static or
 * thread-local message there (valid until the next arx_get_api call on the
 * same thread). Thread-safe. */
ARX_EXPORT arx_status arx_get_api(const arx_host_info *host,
                                  const arx_api **out_api,
                                  const char **out_message);

typedef arx_status (*arx_get_api_fn)(const arx_host_info *,
                                     const arx_api **, const char **);

/* ---------------------------------------------------------- options structs */

/* Opening a context: one ODBC connection to the ERP database. */
typedef struct arx_context_options {
  uint32_t struct_size;
  uint32_t abi_version;
  /* ODBC connection string, e.g. "DRIVER=SQLite3;Database=./arx.db" or
   * "DRIVER={PostgreSQL Unicode};Server=...;Database=...". Required. Never
   * logged with its password. */
  const char *connection_string;
  /* ERP profile: the named SQL statements through which arx reads and writes
   * the ERP. NULL means "reference". */
  const char *profile;
  /* A directory holding profiles (<dir>/<profile>/...) that replaces the
   * profiles compiled into the plugin; NULL uses the built-in ones. */
  const char *profile_dir;
  /* The ERP user on whose behalf calls are made (audit trail); NULL = "host". */
  const char *user;
  arx_log_fn log;                     /* may be NULL */
  arx_progress_fn progress;           /* may be NULL */
  arx_business_date_fn business_date; /* may be NULL: the system date */
  void *host_data;                    /* passed back to every callback */
  int32_t log_level;                  /* highest ARX_LOG_* level delivered */
  uint32_t flags;                     /* ARX_CONTEXT_* flags, 0 by default */
} arx_context_options;

/* Do not check the arx schema version when opening (used by install). */
#define ARX_CONTEXT_NO_SCHEMA_CHECK 0x1u

/* Installing or upgrading arx's own tables in the ERP database. */
typedef struct arx_install_options {
  uint32_t struct_size;
  uint32_t abi_version;
  uint32_t flags; /* ARX_INSTALL_* */
  uint32_t reserved;
} arx_install_options;

/* Also create the ERP tables of the profile (only for the reference ERP used
 * by demos and tests; a real ERP owns its schema). */
#define ARX_INSTALL_ERP_SCHEMA 0x1u
/* Uninstall: drop arx's own tables (never the ERP's). */
#define ARX_INSTALL_UNINSTALL 0x2u

/* Setting one configuration value. */
typedef struct arx_config_set_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company; /* company code; NULL = the default for all companies */
  const char *key;     /* e.g. "dunning.grace_days"; required */
  const char *value;   /* text form of the value; NULL resets to the default */
  const char *reason;  /* recorded in the audit trail; may be NULL */
} arx_config_set_options;

/* Invoice posting: validate before posting, process after posting. */
typedef struct arx_invoice_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;        /* company code; required */
  int64_t invoice_id;         /* ERP invoice id, or 0 to use invoice_number */
  const char *invoice_number; /* ERP invoice number when invoice_id is 0 */
  uint32_t flags;             /* reserved, 0 */
  uint32_t reserved;
} arx_invoice_options;

/* Payment matching: import one bank file. */
typedef struct arx_statement_import_options {
  uint32_t struct_size;
  uint32_t abi_version;
  /* Company code, or NULL: the company whose IBAN (as the ERP holds it) the
   * statements are for. */
  const char *company;
  const char *path;     /* file to read, or NULL when data is given */
  const char *data;     /* file content when path is NULL */
  size_t data_size;
  /* "camt.052", "camt.053", "camt.054", "mt940", "mt942", "bai2", "csv";
   * NULL detects. When given, the file must be of that format. */
  const char *format;
  uint32_t flags;       /* reserved, 0 */
  uint32_t reserved;
} arx_statement_import_options;

/* Payment matching: run the matching engine over imported statement lines. */
typedef struct arx_cashapp_run_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;   /* company code; required */
  const char *currency;  /* ISO 4217 code, or NULL for all currencies */
  int64_t statement_id;  /* 0 = every statement with unmatched lines */
  uint32_t flags;        /* ARX_CASHAPP_* */
  uint32_t reserved;
} arx_cashapp_run_options;

/* Record decisions only; write nothing to the ERP ledger. */
#define ARX_CASHAPP_SHADOW 0x1u

/* Payment matching: list results (applied, suggested, unmatched). */
typedef struct arx_cashapp_list_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;  /* company code; required */
  int64_t statement_id; /* 0 = all */
  const char *status;   /* "applied", "suggested", "unmatched" or NULL = all */
  uint32_t limit;       /* 0 = no limit */
  uint32_t offset;
  /* ABI 1.3: ARX_CASHAPP_SHADOW lists the decisions of shadow runs. */
  uint32_t flags;
  uint32_t reserved;
} arx_cashapp_list_options;

#define ARX_DECISION_CONFIRM 1
#define ARX_DECISION_REJECT  2

/* Payment matching: a collector confirms or rejects one suggestion. */
typedef struct arx_cashapp_decision {
  uint32_t struct_size;
  uint32_t abi_version;
  int64_t suggestion_id; /* the line_id of a suggested line in the list result; required */
  int32_t decision;      /* ARX_DECISION_CONFIRM or ARX_DECISION_REJECT */
  uint32_t reserved;
  const char *reason;    /* free text for the audit trail; may be NULL */
} arx_cashapp_decision;

/* Dunning: run or preview as of a date. */
typedef struct arx_dunning_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;  /* company code; required */
  arx_date as_of;       /* year 0 = the host's business date */
  const char *customer; /* customer number to restrict to, or NULL = all */
  uint32_t flags;       /* ABI 1.4: ARX_DUNNING_SUMMARY; 0 before */
  uint32_t reserved;
} arx_dunning_options;

/* ABI 1.4: the result holds the run's totals only, not every notice (for
 * scheduled runs over large ledgers). */
#define ARX_DUNNING_SUMMARY 0x1u

/* Demo data for the reference ERP. */
typedef struct arx_demo_options {
  uint32_t struct_size;
  uint32_t abi_version;
  uint64_t seed;               /* same seed, same data */
  uint32_t customers;          /* per company; 0 = default (300) */
  uint32_t invoices;           /* per company; 0 = default (3000) */
  arx_date as_of;              /* end of the generated history; year 0 = business date */
  uint32_t flags;              /* reserved, 0 */
  uint32_t reserved;
} arx_demo_options;

/* Writing one document of an invoice without delivering it (ABI 1.1). */
typedef struct arx_render_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;        /* company code; required */
  int64_t invoice_id;         /* reserved, 0: the invoice is named by number */
  const char *invoice_number; /* required */
  /* "ubl" (Peppol BIS Billing 3.0 UBL), "xrechnung-ubl", "xrechnung-cii",
   * "cii" (EN 16931 CII) or "pdf". Required. */
  const char *format;
  uint32_t flags;             /* reserved, 0 */
  uint32_t reserved;
} arx_render_options;

/* A customer's delivery preference (ABI 1.2). */
typedef struct arx_delivery_preference_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;  /* company code; required */
  const char *customer; /* ERP customer number; required */
  /* The fallback chain, e.g. "peppol,email,print" (channels: peppol,
   * xrechnung, email, print, portal). NULL or "" removes the customer's own
   * preference: it then follows the company's invoice.delivery_channels. */
  const char *channels;
  /* E-mail address(es) for invoices, comma-separated; NULL = the ERP's. */
  const char *email;
  uint32_t flags;       /* ARX_DELIVERY_ATTACH_XML */
  uint32_t reserved;
} arx_delivery_preference_options;

/* E-mails carry the e-invoice XML (EN 16931 CII) beside the PDF. */
#define ARX_DELIVERY_ATTACH_XML 0x1u

/* A delivery run (ABI 1.2). */
typedef struct arx_delivery_run_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company; /* company code, or NULL for every company */
  uint32_t max_jobs;   /* 0 = every job that is due */
  uint32_t flags;      /* reserved, 0 */
  /* The run's clock in seconds since 1970 UTC; 0 = the system clock. For
   * tests and for replaying a schedule; hosts pass 0. */
  int64_t now_unix;
} arx_delivery_run_options;

/* Listing the outbox (ABI 1.2). */
typedef struct arx_delivery_status_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;   /* company code, or NULL for every company */
  const char *state;     /* queued, claimed, sending, sent, failed, uncertain, fell_back; NULL = all */
  const char *reference; /* an invoice number, or NULL */
  uint32_t limit;        /* jobs listed; 0 = 50 */
  uint32_t reserved;
} arx_delivery_status_options;

/* Re-delivering an invoice (ABI 1.2). */
typedef struct arx_resend_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;        /* company code; required */
  const char *invoice_number; /* required */
  const char *channel;        /* NULL = the channel it went out by */
  const char *recipient;      /* NULL = as before (e.g. another e-mail address) */
  uint32_t flags;             /* reserved, 0 */
  uint32_t reserved;
} arx_resend_options;

/* Storing a file with an invoice, e.g. a proof of delivery (ABI 1.2). */
typedef struct arx_attach_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;        /* company code; required */
  const char *invoice_number; /* required */
  const char *filename;       /* required; no '/' */
  const char *content_type;   /* NULL = application/octet-stream */
  const char *data;           /* the bytes (borrowed for the call) */
  size_t data_size;
} arx_attach_options;

/* A statement of account (ABI 1.2). */
typedef struct arx_statement_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company;  /* company code; required */
  const char *customer; /* ERP customer number; required */
  const char *currency; /* NULL = the customer's only currency with open items */
  arx_date as_of;       /* year 0 = the host's business date */
  uint32_t flags;       /* reserved, 0 */
  uint32_t reserved;
} arx_statement_options;

/* A demo bank statement for the reference ERP (ABI 1.3). */
typedef struct arx_demo_statement_options {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company; /* company code; required */
  uint64_t seed;       /* same seed and ledger, same statement */
  uint32_t lines;      /* payments; 0 = 40 */
  uint32_t flags;      /* reserved, 0 */
  arx_date on;         /* booking date; year 0 = the host's business date */
} arx_demo_statement_options;

/* Collections (ABI 1.4): one action of the collectors' and admins' screens,
 * its parameters as a JSON object (docs/DUNNING.md lists every action and
 * key): dispute_open, dispute_resolve, dispute_list, promise_add,
 * promise_cancel, promise_list, history, note_add, worklist, assign,
 * task_done, procedure_set, procedure_list, template_set, customer_set,
 * item_block, item_unblock. */
typedef struct arx_collections_request {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company; /* company code; required */
  const char *action;  /* required */
  const char *params;  /* JSON object text; NULL = {} */
  uint32_t flags;      /* reserved, 0 */
  uint32_t reserved;
} arx_collections_request;

/* Analytics (ABI 1.5): one action of the AR analytics, its parameters as a
 * JSON object (docs/KPIS.md lists every action and key): kpi, forecast,
 * backtest, snapshot, trend, dashboard_data (JSON results) and dashboard
 * (the self-contained HTML page). */
typedef struct arx_analytics_request {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *company; /* company code; required */
  const char *action;  /* required */
  const char *params;  /* JSON object text; NULL = {} */
  uint32_t flags;      /* reserved, 0 */
  uint32_t reserved;
} arx_analytics_request;

/* ---------------------------------------------------------- function table */

struct arx_api {
  uint32_t struct_size; /* sizeof(arx_api) of the plugin */
  uint32_t abi_version; /* ARX_ABI_VERSION of the plugin */

  /* ---- ABI 1.0 ------------------------------------------------------- */

  /* The plugin's version, e.g. "1.0.0". Static string. Thread-safe. */
  const char *(*version)(void);

  /* Opens a context: connects to the database and loads the ERP profile.
   * Unless ARX_CONTEXT_NO_SCHEMA_CHECK is set, refuses a database whose arx
   * schema is missing, older or newer than the plugin with ARX_E_SCHEMA.
   * On failure *out_ctx is NULL and, if out_message is not NULL, it receives
   * a thread-local message (valid until the next call on the thread).
   * The caller owns the context and closes it with context_close. */
  arx_status (*context_open)(const arx_context_options *options,
                             arx_context **out_ctx, const char **out_message);

  /* Closes a context and its connection. NULL is ignored. Not to be called
   * while another thread uses the context. */
  void (*context_close)(arx_context *ctx);

  /* The message of the last failure on ctx ("" after success; a fixed text
   * for a NULL or unknown handle). Never NULL. Owned by the context, valid
   * until the next call on it. */
  const char *(*last_error)(const arx_context *ctx);

  /* Releases a result buffer. NULL is ignored. Any thread. */
  void (*buffer_free)(arx_buffer *buffer);

  /* -- schema: install, upgrade, check, uninstall -- */

  /* Installs or upgrades arx's tables to this plugin's schema version (one
   * transaction per migration, recorded; rerunning is a no-op). Refuses a
   * database newer than the plugin. Result: JSON report of what was applied.
   * *out may be NULL on failure. */
  arx_status (*schema_install)(arx_context *ctx,
                               const arx_install_options *options,
                               arx_buffer **out);

  /* Reports the schema state as JSON {"database_version","plugin_version",
   * "state":"current|missing|outdated|newer|modified", ...}. Returns ARX_OK when the
   * state is "current", ARX_E_SCHEMA otherwise (the JSON is still returned). */
  arx_status (*schema_check)(arx_context *ctx, arx_buffer **out);

  /* -- configuration (per company, typed, validated, audited) -- */

  /* One key's effective value for a company (NULL company = the default):
   * JSON {"key","value","default","type","source","description"}. */
  arx_status (*config_get)(arx_context *ctx, const char *company,
                           const char *key, arx_buffer **out);

  /* Sets (or resets) one key. An unknown key or an invalid value is refused
   * with ARX_E_CONFIG and a message naming the key and what is allowed;
   * nothing changes then. Every change is audited. */
  arx_status (*config_set)(arx_context *ctx,
                           const arx_config_set_options *options);

  /* Every known key with its effective value, source and default: JSON
   * {"company": code or null, "keys": [{"key","value","default","source",
   * "type","allowed","description"}, ...]}. */
  arx_status (*config_list)(arx_context *ctx, const char *company,
                            arx_buffer **out);

  /* -- invoice posting hook -- */

  /* Before the ERP posts an invoice: blocking errors and warnings as JSON.
   * Returns ARX_OK when nothing blocks (warnings may remain) and
   * ARX_E_VALIDATION when something blocks; in both cases *out holds the
   * findings. */
  arx_status (*invoice_validate)(arx_context *ctx,
                                 const arx_invoice_options *options,
                                 arx_buffer **out);

  /* After the ERP posted an invoice or credit note: generates its documents
   * and queues their delivery through the first channel of the customer's
   * chain that can take it, in one transaction (no network). *out holds
   * {"status":"queued"|"already_posted"|"blocked", "channel", "job", ...}.
   * Posting the same invoice again changes nothing ("already_posted").
   * ARX_E_VALIDATION when no channel can take it ("blocked", findings in
   * *out; nothing written); ARX_E_INVALID_ARGUMENT for an invoice the ERP
   * has not posted. */
  arx_status (*invoice_post)(arx_context *ctx,
                             const arx_invoice_options *options,
                             arx_buffer **out);

  /* -- payment matching hook -- */

  /* Imports one bank file (camt.052/053/054, MT940/942, BAI2 or the CSV
   * lockbox format, docs/CASHAPP.md) in one transaction. *out holds
   * {"status":"imported"|"already_imported", "statements":[...], "lines",
   * "credits"}. The same file or statement again changes nothing.
   * ARX_E_PARSE for a malformed file (the message names the line or the
   * element); ARX_E_VALIDATION for a statement imported before with other
   * content, an account that is no company's, or a file larger than the
   * configuration key cashapp.max_bank_file_mib allows (checked before the
   * file is read). Nothing is written then. */
  arx_status (*statement_import)(arx_context *ctx,
                                 const arx_statement_import_options *options,
                                 arx_buffer **out);
  /* Matches the imported lines that have no decision yet to open items and
   * applies the confident ones to the ERP (one transaction per statement;
   * ARX_CASHAPP_SHADOW or cashapp.mode = shadow only records). *out holds
   * the run's totals {"lines","applied","suggested","unmatched",
   * "amount_applied":{currency: amount},"seconds"}. Running it again decides
   * only what is new. */
  arx_status (*cashapp_run)(arx_context *ctx,
                            const arx_cashapp_run_options *options,
                            arx_buffer **out);
  /* The decisions: {"lines":[{"line_id","bank_reference","amount",
   * "currency","status","confidence","customer_number","allocations":
   * [{"invoice_number","amount","kind"}],"reasons":[...]}]} (docs/CASHAPP.md). */
  arx_status (*cashapp_list)(arx_context *ctx,
                             const arx_cashapp_list_options *options,
                             arx_buffer **out);
  /* Confirms (applies the suggestion to the ERP) or rejects a suggestion,
   * and teaches the model. ARX_E_CONFLICT for a line already applied or an
   * item that changed since; ARX_E_INVALID_ARGUMENT for a line with no
   * suggestion. */
  arx_status (*cashapp_decide)(arx_context *ctx,
                               const arx_cashapp_decision *decision,
                               arx_buffer **out);

  /* -- dunning run hook -- */

  /* Runs dunning as of a date: exactly once per company and date. */
  arx_status (*dunning_run)(arx_context *ctx,
                            const arx_dunning_options *options,
                            arx_buffer **out);
  /* Shows what dunning_run would do, writing nothing. */
  arx_status (*dunning_preview)(arx_context *ctx,
                                const arx_dunning_options *options,
                                arx_buffer **out);

  /* -- demo data for the reference ERP -- */

  /* Fills the reference ERP tables with generated, seeded data and reports
   * what it created as JSON. Refuses a profile other than "reference". */
  arx_status (*demo_generate)(arx_context *ctx,
                              const arx_demo_options *options,
                              arx_buffer **out);

  /* ---- ABI 1.1 ------------------------------------------------------- */

  /* Writes one document of an invoice or credit note in the given format
   * into *out (the document's bytes: XML text for the e-invoice formats),
   * computing its totals by the EN 16931 rules. Nothing is stored or sent.
   * ARX_E_VALIDATION when the ERP's data cannot make a valid document (the
   * message names the field and the rule); ARX_E_NOT_IMPLEMENTED for a
   * format that has not landed yet. */
  arx_status (*invoice_render)(arx_context *ctx,
                               const arx_render_options *options,
                               arx_buffer **out);

  /* ---- ABI 1.2 ------------------------------------------------------- */

  /* Sets or removes a customer's delivery preference. ARX_E_CONFIG for an
   * unknown or repeated channel, ARX_E_NOT_FOUND for an unknown customer. */
  arx_status (*delivery_preference_set)(arx_context *ctx,
                                        const arx_delivery_preference_options *options);

  /* The preference in force for a customer: JSON {"channels":[...],
   * "email","attach_xml","source":"customer"|"company"}. */
  arx_status (*delivery_preference_get)(arx_context *ctx, const char *company,
                                        const char *customer, arx_buffer **out);

  /* Works off the outbox: e-mail over SMTP, files for the access point and
   * the portal, print batches. Returns the run's JSON (totals, jobs, settings
   * that are missing). A job's failure is in the JSON, not the status. */
  arx_status (*delivery_run)(arx_context *ctx,
                             const arx_delivery_run_options *options,
                             arx_buffer **out);

  /* The outbox: counts per channel and state, the jobs that need a person
   * (failed, uncertain), and the listed jobs with their events. */
  arx_status (*delivery_status)(arx_context *ctx,
                                const arx_delivery_status_options *options,
                                arx_buffer **out);

  /* Queues a new delivery of a posted invoice with its stored attachments.
   * ARX_E_CONFLICT while an earlier resend is pending. */
  arx_status (*invoice_resend)(arx_context *ctx,
                               const arx_resend_options *options,
                               arx_buffer **out);

  /* Stores a file with an invoice; later resends carry it. */
  arx_status (*invoice_attach)(arx_context *ctx,
                               const arx_attach_options *options,
                               arx_buffer **out);

  /* The statement of account as PDF bytes in *out. */
  arx_status (*statement_render)(arx_context *ctx,
                                 const arx_statement_options *options,
                                 arx_buffer **out);

  /* Queues the statement of account for e-mail, once per customer, date and
   * currency (a second call reports the first job). */
  arx_status (*statement_send)(arx_context *ctx,
                               const arx_statement_options *options,
                               arx_buffer **out);

  /* ---- ABI 1.3 ------------------------------------------------------- */

  /* Writes a camt.053 statement into *out that pays the company's open
   * items the ways customers pay (exact and mistyped references, names
   * only, several invoices at once, discounts, short and over payments,
   * strangers), for demos and trials. Writes nothing to the database. */
  arx_status (*demo_bank_statement)(arx_context *ctx,
                                    const arx_demo_statement_options *options,
                                    arx_buffer **out);

  /* ---- ABI 1.4 ------------------------------------------------------- */

  /* Runs one collections action (disputes, promises to pay, the contact
   * history, the worklist, dunning settings) and returns its JSON.
   * ARX_E_INVALID_ARGUMENT for an unknown action or a parameter that is
   * missing or malformed (the message names the key); the action's own
   * errors otherwise (ARX_E_NOT_FOUND, ARX_E_CONFLICT, ARX_E_VALIDATION). */
  arx_status (*collections)(arx_context *ctx,
                            const arx_collections_request *request,
                            arx_buffer **out);

  /* ---- ABI 1.5 ------------------------------------------------------- */

  /* Runs one analytics action: the KPIs as of a date (per currency, and per
   * customer or collector), the cash forecast and its backtest, the KPI
   * snapshot job, the stored trend, and the dashboard page. *out holds JSON,
   * or HTML for "dashboard". ARX_E_INVALID_ARGUMENT for an unknown action or
   * a parameter that is missing or malformed (the message names the key);
   * ARX_E_NOT_FOUND for an unknown company or customer. */
  arx_status (*analytics)(arx_context *ctx,
                          const arx_analytics_request *request,
                          arx_buffer **out);

  /* ---- later minor versions append here, never above ---------------- */
};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ARX_H */
