// Runs tests/support/smtp_sink.py (a real SMTP server on 127.0.0.1) as a child
// process of a test: started in the constructor, killed in the destructor.
//
//   arx::test::smtp_sink sink({.reject_rcpt = "^nobody@"});  // options: smtp_sink_options
//   ... send to smtp://127.0.0.1:<sink.port()> ...
//   auto got = sink.messages();   // in the order received
//
// Needs ARX_TEST_SUPPORT_DIR (tests/CMakeLists.txt defines it) and Debian's
// /usr/bin/python3 with python3-aiosmtpd. Failures to start throw
// std::runtime_error with the server's own error output.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#ifndef ARX_TEST_SUPPORT_DIR
#error "ARX_TEST_SUPPORT_DIR must name tests/support (see tests/CMakeLists.txt)"
#endif

extern char **environ;

namespace arx::test {

struct smtp_sink_options {
  std::string reject_rcpt = {};  // regex: 550 for matching RCPT TO addresses
  int tempfail_first = 0;   // answer the first N messages' DATA with tempfail_code
  int tempfail_code = 451;  // 451, or 421 (also closes the connection)
  int delay_ms = 0;         // wait before answering the end of DATA
  int permfail_first = 0;   // answer the first N messages' end of DATA with 554
  int drop_in_data = 0;     // first N messages: 354, then reset before reading the message
  int drop_after_data = 0;  // first N messages: read and store it, then reset without a reply
};

// One message as the sink stored it.
struct received_mail {
  std::string mail_from;             // envelope sender (MAIL FROM), without <>
  std::vector<std::string> rcpt_to;  // envelope recipients (RCPT TO), without <>
  std::string data;                  // the message text as received (after DATA, dot-unstuffed)
};

// True when something accepts TCP connections on 127.0.0.1:port.
inline bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// A loopback port that nothing listens on (the kernel picked it free a moment ago).
inline int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("smtp_sink: socket() failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = 0;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("smtp_sink: could not pick a free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

class smtp_sink {
public:
  static constexpr const char *python = "/usr/bin/python3";
  static constexpr std::chrono::seconds start_timeout{10};

  explicit smtp_sink(smtp_sink_options options = {}) : options_(std::move(options)) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "arx-smtp-sink-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("smtp_sink: mkdtemp failed: " + std::string(std::strerror(errno)));
    dir_ = tmpl;
    std::filesystem::create_directory(maildir());
    try {
      start(0);
    } catch (...) {
      cleanup();
      throw;
    }
  }
  ~smtp_sink() { cleanup(); }
  smtp_sink(const smtp_sink &) = delete;
  smtp_sink &operator=(const smtp_sink &) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path maildir() const { return dir_ / "maildir"; }
  bool running() const { return pid_ > 0; }

  // Stops the server (SIGTERM, then SIGKILL after 5 s); its port stops
  // accepting connections. Messages stay in the maildir.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
  }

  // Starts the server again on the same port, with the same options; it keeps
  // numbering after the messages already stored.
  void restart() {
    stop();
    start(port_);
  }

  // The messages received so far, in the order received.
  std::vector<received_mail> messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::directory_iterator(maildir()))
      if (e.path().extension() == ".eml" && e.path().filename().string().front() != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<received_mail> out;
    for (const auto &f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      received_mail m;
      // The sink's trace lines come first: Return-Path, then X-Envelope-To.
      auto take = [&text](std::string_view prefix, std::string &value) {
        if (text.compare(0, prefix.size(), prefix) != 0) return false;
        const size_t eol = text.find("\r\n");
        value = text.substr(prefix.size(), eol - prefix.size());
        if (value.size() >= 2 && value.front() == '<' && value.back() == '>') value = value.substr(1, value.size() - 2);
        text.erase(0, eol + 2);
        return true;
      };
      take("Return-Path: ", m.mail_from);
      for (std::string r; take("X-Envelope-To: ", r);) m.rcpt_to.push_back(r);
      m.data = std::move(text);
      out.push_back(std::move(m));
    }
    return out;
  }

  // What the server wrote to stderr (for failure messages).
  std::string log() const {
    std::ifstream in(dir_ / "sink.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

private:
  void start(int port) {
    const std::filesystem::path port_file = dir_ / "port";
    std::filesystem::remove(port_file);
    const std::string script = std::string(ARX_TEST_SUPPORT_DIR) + "/smtp_sink.py";
    const std::string log_path = (dir_ / "sink.log").string();

    // Everything the child needs is prepared before fork: after it, the child
    // only calls async-signal-safe functions.
    std::vector<std::string> args = {python, script, std::to_string(port), "--maildir", maildir().string(),
                                     "--port-file", port_file.string()};
    if (!options_.reject_rcpt.empty()) args.insert(args.end(), {"--reject-rcpt", options_.reject_rcpt});
    if (options_.tempfail_first > 0)
      args.insert(args.end(), {"--tempfail-first", std::to_string(options_.tempfail_first), "--tempfail-code",
                               std::to_string(options_.tempfail_code)});
    if (options_.delay_ms > 0) args.insert(args.end(), {"--delay-ms", std::to_string(options_.delay_ms)});
    if (options_.permfail_first > 0)
      args.insert(args.end(), {"--permfail-first", std::to_string(options_.permfail_first)});
    if (options_.drop_in_data > 0) args.insert(args.end(), {"--drop-in-data", std::to_string(options_.drop_in_data)});
    if (options_.drop_after_data > 0)
      args.insert(args.end(), {"--drop-after-data", std::to_string(options_.drop_after_data)});
    std::vector<char *> argv;
    for (auto &a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // Debian's python with its own modules: no pyenv/virtualenv settings.
    std::vector<char *> envp;
    for (char **e = environ; *e; ++e)
      if (std::strncmp(*e, "PYTHONHOME=", 11) != 0 && std::strncmp(*e, "PYTHONPATH=", 11) != 0) envp.push_back(*e);
    envp.push_back(nullptr);
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("smtp_sink: fork failed: " + std::string(std::strerror(errno)));
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive a crashed test
      if (::getppid() != parent) ::_exit(127);
      const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (log_fd >= 0) {
        ::dup2(log_fd, STDOUT_FILENO);
        ::dup2(log_fd, STDERR_FILENO);
      }
      const int null_fd = ::open("/dev/null", O_RDONLY);
      if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
      ::execve(python, argv.data(), envp.data());
      ::_exit(127);
    }
    pid_ = pid;

    const auto deadline = std::chrono::steady_clock::now() + start_timeout;
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("smtp_sink: " + script + " exited before listening (status " +
                                 std::to_string(status) + "); its output:\n" + log());
      }
      std::ifstream pf(port_file);
      int p = 0;
      if (pf >> p && p > 0 && port_accepts(p)) {
        port_ = p;
        return;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("smtp_sink: " + script + " did not accept connections within " +
                                 std::to_string(start_timeout.count()) + " s" +
                                 (port ? " on port " + std::to_string(port) : std::string()) + "; its output:\n" +
                                 log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void cleanup() noexcept {
    stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  smtp_sink_options options_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace arx::test
