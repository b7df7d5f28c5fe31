// json_probe: a helper of the CLI tests. Reads stdin, which must hold exactly
// one JSON document, and prints the value at a JSON pointer: strings without
// quotes, anything else as compact JSON. Options:
//   json_probe [POINTER]          the value (default: the whole document)
//   json_probe --type [POINTER]   null, boolean, number, string, array, object
//   json_probe --size [POINTER]   the number of elements of an array or object
// Exit status: 0 found, 2 bad pointer, 3 not one JSON document, 4 no value
// at the pointer.
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

int main(int argc, char **argv) {
  std::string mode, pointer;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--type" || arg == "--size")
      mode = arg;
    else
      pointer = arg;
  }
  const std::string input((std::istreambuf_iterator<char>(std::cin)),
                          std::istreambuf_iterator<char>());
  nlohmann::ordered_json document;
  try {
    document = nlohmann::ordered_json::parse(input); // rejects trailing documents
  } catch (const nlohmann::json::exception &e) {
    std::cerr << "json_probe: stdin is not one JSON document: " << e.what() << "\n--- stdin:\n"
              << input << "---\n";
    return 3;
  }
  nlohmann::ordered_json::json_pointer where;
  try {
    where = nlohmann::ordered_json::json_pointer(pointer);
  } catch (const nlohmann::json::exception &e) {
    std::cerr << "json_probe: bad pointer '" << pointer << "': " << e.what() << '\n';
    return 2;
  }
  if (!document.contains(where)) {
    std::cerr << "json_probe: no value at '" << pointer << "' in " << document.dump() << '\n';
    return 4;
  }
  const auto &value = document.at(where);
  if (mode == "--type")
    std::cout << value.type_name() << '\n';
  else if (mode == "--size")
    std::cout << value.size() << '\n';
  else if (value.is_string())
    std::cout << value.get<std::string>() << '\n';
  else
    std::cout << value.dump() << '\n';
  return 0;
}
