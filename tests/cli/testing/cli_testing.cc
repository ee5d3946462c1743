#include "tests/cli/testing/cli_testing.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <stdlib.h>

namespace factsift::testing {

std::string FactsiftPath() { return FACTSIFT_BINARY_DIR "/factsift"; }

std::filesystem::path CorpusDir() { return std::filesystem::path(FACTSIFT_SOURCE_DIR) / "corpus"; }

std::vector<std::string> CorpusPages() {
  std::vector<std::string> pages;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(CorpusDir())) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") {
      pages.push_back(entry.path().lexically_relative(CorpusDir()).generic_string());
    }
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

std::string FileUrlFor(const std::filesystem::path& absolute) {
  std::string url = "file://";
  for (const char c : absolute.lexically_normal().string()) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      url += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      url += {'%', kHex[byte >> 4], kHex[byte & 0xf]};
    }
  }
  return url;
}

CommandResult RunFactsift(const std::vector<std::string>& args, const CommandOptions& options) {
  std::vector<std::string> argv = {FactsiftPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, options);
}

CommandOptions WithStdin(std::string bytes) {
  CommandOptions options;
  options.stdin_bytes = std::move(bytes);
  return options;
}

CommandOptions InDirectory(const std::filesystem::path& cwd) {
  CommandOptions options;
  options.cwd = cwd.string();
  return options;
}

CommandOptions WithTimeout(std::chrono::milliseconds timeout) {
  CommandOptions options;
  options.timeout = timeout;
  return options;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "factsift-cli-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << pattern << " failed";
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code error;
  // A test may have made parts read-only; give them back before removing.
  for (auto it = std::filesystem::recursive_directory_iterator(path_, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, error);
  }
  std::filesystem::remove_all(path_, error);
}

std::string TempDir::operator/(std::string_view name) const { return (path_ / name).string(); }

void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

::testing::AssertionResult IsOneErrorLine(const std::string& err, std::string_view needle) {
  if (err.empty() || err.back() != '\n' || err.find('\n') != err.size() - 1) {
    return ::testing::AssertionFailure() << "stderr is not exactly one line: \"" << err << "\"";
  }
  if (!err.starts_with("factsift: ")) {
    return ::testing::AssertionFailure() << "stderr does not start with \"factsift: \": " << err;
  }
  if (err.find(needle) == std::string::npos) {
    return ::testing::AssertionFailure() << "stderr lacks \"" << needle << "\": " << err;
  }
  return ::testing::AssertionSuccess();
}

namespace {

std::string DumpWithoutTimings(nlohmann::ordered_json json) {
  auto clear = [](nlohmann::ordered_json& object) {
    if (!object.is_object() || !object.contains("stats")) return;
    for (const char* key : {"parse_ms", "extract_ms"}) {
      if (object["stats"].contains(key)) object["stats"][key] = 0;
    }
  };
  if (json.is_array()) {
    for (auto& element : json) clear(element);
  } else {
    clear(json);
  }
  return json.dump();
}

}  // namespace

std::string WithoutTimings(std::string_view json_text, bool lines) {
  try {
    if (!lines) return DumpWithoutTimings(nlohmann::ordered_json::parse(json_text)) + "\n";
    std::string out;
    for (const std::string& line : SplitLines(json_text)) {
      out += DumpWithoutTimings(nlohmann::ordered_json::parse(line)) + "\n";
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what();
    return "";
  }
}

}  // namespace factsift::testing
