# Writes a C++ source holding a text file as one string constant:
#   cmake -DIN=file -DOUT=file.cpp -DNAME=symbol -P embed_text.cmake
# The symbol is declared in namespace arx::analytics as `extern const char NAME[]`.
file(READ ${IN} text)
string(FIND "${text}" ")arxtext\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter")
endif()
file(WRITE ${OUT} "// Generated from ${IN} by plugin/analytics/embed_text.cmake; do not edit.\n"
  "namespace arx::analytics {\nextern const char ${NAME}[];\nconst char ${NAME}[] = R\"arxtext(${text})arxtext\";\n}\n")
