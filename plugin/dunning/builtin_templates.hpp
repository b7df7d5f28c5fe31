// The built-in dunning templates, one file per language under
// plugin/dunning/templates (de.txt, en.txt, nl.txt, ...), compiled in and
// parsed once. render.hpp's builtin_template() assembles one from them.
#pragma once

#include "pdf/texts.hpp"

namespace arx::dunning {

// Every language's template file; English's text where a language lacks a
// key. Throws arx::error(ARX_E_INTERNAL) naming the file and line of a
// malformed one, or the key en.txt lacks.
const pdf::language_texts &builtin_template_texts();

}  // namespace arx::dunning
