# Writes OUT, a C++ file holding the language files ROOT/TEXTS/*.txt (for
# TEXTS "pdf/labels": plugin/pdf/labels/de.txt, en.txt, ...) as
# pdf::text_source entries, reachable through
#   std::span<const arx::pdf::text_source> arx::<first folder>::<second folder>_files()
# (arx::pdf::labels_files(), arx::dunning::templates_files()).
#   cmake -DROOT=plugin -DTEXTS=pdf/labels -DOUT=file.cpp -P embed_texts.cmake
string(REPLACE "/" ";" parts "${TEXTS}")
list(GET parts 0 namespace)
list(GET parts -1 stem)
file(GLOB files RELATIVE ${ROOT} ${ROOT}/${TEXTS}/*.txt)
list(SORT files)
string(CONCAT body "// Generated from plugin/${TEXTS} by plugin/pdf/embed_texts.cmake; do not edit.\n"
         "#include \"pdf/texts.hpp\"\nnamespace arx::${namespace} {\nstd::span<const pdf::text_source> ${stem}_files();\n"
         "namespace {\nconst pdf::text_source files[] = {\n")
foreach(f IN LISTS files)
  file(READ ${ROOT}/${f} content)
  string(FIND "${content}" ")arxtext\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "plugin/${f} contains the raw string delimiter )arxtext\"")
  endif()
  string(APPEND body "    {\"${f}\", R\"arxtext(${content})arxtext\"},\n")
endforeach()
string(APPEND body "};\n}  // namespace\nstd::span<const pdf::text_source> ${stem}_files() { return files; }\n}\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
