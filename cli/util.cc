#include "cli/util.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <sys/stat.h>
#include <unistd.h>

namespace factsift::cli {

std::string OneLine(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = ' ';
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

void PrintError(std::string_view message) {
  const std::string line = "factsift: " + OneLine(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

StatusOr<std::vector<std::string>> ReadLines(const std::string& path, std::string_view what) {
  const std::string name = std::string(what) + " " + path;
  std::istream* in = &std::cin;
  std::ifstream file;
  if (path != "-") {
    struct stat info;
    if (::stat(path.c_str(), &info) != 0) {
      return Status::NotFound(name + ": cannot open: " + std::strerror(errno));
    }
    // An ifstream opens a directory happily and then reads nothing.
    if (S_ISDIR(info.st_mode))
      return Status::InvalidArgument(name + ": is a directory, not a file");
    file.open(path, std::ios::binary);
    if (!file) return Status::NotFound(name + ": cannot open: " + std::strerror(errno));
    in = &file;
  }
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(*in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    if (!line.empty()) lines.push_back(line);
  }
  if (in->bad()) return Status::Unavailable(name + ": read error");
  return lines;
}

Status CheckDatabasePath(const std::string& path, bool must_exist) {
  if (path == ":memory:") return Status::Ok();
  if (path.empty()) return Status::InvalidArgument("--db: empty path");
  struct stat info;
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      return Status::FailedPrecondition("database " + path + " is a directory, not a file");
    }
    return Status::Ok();
  }
  if (errno != ENOENT) {
    return Status::FailedPrecondition("cannot open database " + path + ": " + std::strerror(errno));
  }
  if (must_exist) {
    return Status::NotFound("no database at " + path + " (run 'factsift crawl' first)");
  }
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  std::error_code error;
  if (!std::filesystem::is_directory(parent, error)) {
    return Status::FailedPrecondition("cannot create database " + path + ": directory " +
                                      parent.string() + " does not exist");
  }
  // SQLite would say only "unable to open database file".
  if (::access(parent.c_str(), W_OK | X_OK) != 0) {
    return Status::FailedPrecondition("cannot create database " + path + ": directory " +
                                      parent.string() + " is not writable (" +
                                      std::strerror(errno) + ")");
  }
  return Status::Ok();
}

}  // namespace factsift::cli
