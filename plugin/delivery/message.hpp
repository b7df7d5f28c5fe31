// The text of an e-mail as the outbox stores it with a job: sender, subject
// and body. It is composed when a job is queued (invoice posting, statements,
// dunning notices) and read back by the delivery run, so a retry or a resend
// sends the same message.
//
// Stored as JSON ({"from","subject","body"}; format "mail", message.json): a
// line break in ERP data (a seller name, an invoice number) stays inside its
// field and cannot become a header of its own. Messages stored by arx before
// this format (format "text": "From: ...\nSubject: ...\n\nbody") are still read.
#pragma once

#include <string>
#include <string_view>

#include "delivery/outbox.hpp"

namespace arx::delivery {

struct mail_text {
  std::string from;     // "AR <ar@seller.example>" or a bare address
  std::string subject;  // one line
  std::string body;     // any number of lines
};

// The document of a message for `o`: role "message", format "mail",
// message.json. Line breaks and tabs in the subject are folded into single
// spaces (a subject is one line; the ERP text that made it had a stray break);
// the sender is stored as given: build_mime refuses one with a line break.
new_document message_document(const owner &o, const mail_text &m);

// Reads a stored message document (format "mail", or "text" from older
// versions). In the old form only the first line may be the sender and the
// second the subject; further lines before the blank line are the rest of a
// subject that held a line break, joined with a space, never a header.
// Throws arx::error(ARX_E_INTERNAL) naming the document when it is neither.
mail_text read_message_document(const stored_document &d);

}  // namespace arx::delivery
